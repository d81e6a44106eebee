"""Bar charts as plain geometry for inline SVG in the PDF: WeasyPrint draws SVG, no JavaScript needed."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    colour: str  # SVG fill: WeasyPrint's SVG ignores CSS classes, so colours are attributes

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self) -> float:
        return round(self.y - 3, 1)


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    baseline: float
    peak: int

    @property
    def label_y(self) -> int:
        return self.height - 4


def bar_chart(items: list[tuple[str, int, str]], width: int = 640, height: int = 170) -> BarChart:
    """Bars (label, value, colour) spread over the width; room above for values and below for labels."""
    top, bottom = 14.0, height - 16.0
    peak = max((value for _, value, _ in items), default=0)
    slot = width / max(len(items), 1)
    bars = []
    for index, (label, value, colour) in enumerate(items):
        bar_height = (bottom - top) * value / peak if peak else 0.0
        bars.append(
            Bar(
                x=round(index * slot + slot * 0.15, 1),
                y=round(bottom - bar_height, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
                value=value,
                label=label,
                colour=colour,
            )
        )
    return BarChart(bars=bars, width=width, height=height, baseline=bottom, peak=peak)
