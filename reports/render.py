"""The PDF of a report, drawn from its frozen snapshot only (never from live data), with the font shipped in
static/fonts so Vietnamese renders the same on any machine."""

import contextlib
import datetime as dt
import functools
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from reports.charts import BarChart, bar_chart
from reports.document import document_context
from violations.models import Provenance

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
# One colour per indicator group in the charts (and their legend in the template).
GROUP_COLOURS = {1: "#a3161b", 2: "#c77c0e", 3: "#2f5d8a"}
TREND_COLOUR = "#2f5d8a"


@dataclass(frozen=True)
class Identity:
    """What the PDF prints about the Report row itself besides its snapshot: its number in the issuing body's
    register (reports.register; None only for a preview, printed blank), revision and checksum."""

    number: int | None
    revision: int
    reason: str
    snapshot_sha256: str


def period_phrase(period: dict[str, Any]) -> str:
    """'tháng 10/2026', 'quý III/2026', '6 tháng đầu năm 2026', '9 tháng năm 2026' or 'năm 2026', as the
    title of a Vietnamese report says it."""
    start = dt.date.fromisoformat(period["start"])
    if period["kind"] == "quarter":
        return f"quý {QUARTERS[(start.month - 1) // 3 + 1]}/{start.year}"
    if period["kind"] == "six_months":
        return f"6 tháng đầu năm {start.year}"
    if period["kind"] == "nine_months":
        return f"9 tháng năm {start.year}"
    if period["kind"] == "year":
        return f"năm {start.year}"
    return f"tháng {start:%m/%Y}"


def _charts(snapshot: dict[str, Any]) -> dict[str, BarChart]:
    indicators = [
        (str(i["number"]), i["count"], GROUP_COLOURS.get(g["number"], TREND_COLOUR))
        for g in snapshot["groups"]
        for i in g["indicators"]
    ]
    months = [(row["month"][:3] + row["month"][-2:], row["total"], TREND_COLOUR) for row in snapshot["trend"]]
    return {"indicators": bar_chart(indicators), "trend": bar_chart(months)}


def pdf_context(identity: Identity, snapshot: dict[str, Any]) -> dict[str, Any]:
    generated = dt.date.fromisoformat(snapshot["generated_on"])
    return {
        "s": snapshot,
        "identity": identity,
        "period_phrase": period_phrase(snapshot["period"]),
        "generated_on": generated,
        "charts": _charts(snapshot),
        # A report showing any working text says, once, what its flag means (violations.models.framework).
        "working_texts": any(
            row.get("provenance") == Provenance.WORKING
            for g in snapshot["groups"]
            for row in (g, *g["indicators"])
        ),
        # A commune's list is all one unit: its column is dropped (every table cell costs layout time).
        "people_unit_column": len({row["unit"] for row in snapshot["people"]["rows"]}) > 1,
        "font_dir": FONT_DIR.as_uri(),
        **document_context(snapshot, identity.number),
    }


@functools.cache
def _font_config() -> Any:
    # WeasyPrint is imported here, not at module level: it takes a second to load and only workers need it.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(identity: Identity, snapshot: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    with translation.override("vi"):
        html = render_to_string("reports/pdf/report.html", pdf_context(identity, snapshot))
    with _few_collections():
        return HTML(string=html, base_url=f"{FONT_DIR.as_uri()}/").write_pdf(font_config=_font_config())


# WeasyPrint allocates millions of short-lived objects (boxes, styles); the cyclic collector's default
# threshold (700 allocations) makes it re-scan the long-lived heap over and over: measured at 85–90 % of the
# monthly run's time, rendering spent a visible share in gc. A higher young-generation threshold for the
# render, and the heap that exists before it frozen out of the collector's scans, cut CPU 22–30 % (issue 12).
RENDER_GC_THRESHOLD = 50_000


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(RENDER_GC_THRESHOLD, previous[1], previous[2])
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()
