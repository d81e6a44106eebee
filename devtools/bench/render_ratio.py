"""How much a report PDF costs to draw against a plain WeasyPrint document of as many pages (issue 14's
"≤ 2× a plain document of the same page count"), both measured in the same process, one after the other.

The plain document is text only, in the report's own font and page size: what WeasyPrint needs for the pages
themselves. The ratio is what the report's tables, charts and running elements add on top.
"""

import datetime as dt
import io
import statistics
import time
from typing import Any

from django.utils import timezone

from reports.content.build import build_snapshot, snapshot_digest
from reports.periods import Period
from reports.render import FONT_DIR, Identity, _font_config, render_pdf
from units.models import Unit

REPEATS = 3  # the median of three renders of each
PARAGRAPH = (
    "Ủy ban nhân dân xã báo cáo tình hình thực hiện Chỉ thị số 24-CT/TU về tăng cường kỷ luật, kỷ cương "
    "hành chính; nâng cao trách nhiệm của cán bộ, công chức, viên chức trong thực thi công vụ. "
)


def plain_html(pages: int) -> str:
    # Four paragraphs fill about two thirds of a page: each <section> is exactly one page.
    page = "<section>" + "".join(f"<p>{PARAGRAPH * 3}</p>" for _ in range(4)) + "</section>"
    return (
        "<html><head><style>"
        '@font-face { font-family: "LiberationSerif-KC"; '
        f'src: url("{FONT_DIR.as_uri()}/LiberationSerif-Regular.ttf"); }}'
        "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }"
        'html { font-family: "LiberationSerif-KC"; font-size: 13pt; line-height: 1.25; }'
        "section + section { break-before: page; }"
        "</style></head><body>" + page * pages + "</body></html>"
    )


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _median_seconds(draw: Any, repeats: int) -> tuple[float, bytes]:
    times, pdf = [], b""
    for _ in range(repeats):
        started = time.perf_counter()
        pdf = draw()
        times.append(time.perf_counter() - started)
    return statistics.median(times), pdf


def render_ratio(
    unit: Unit, period: Period, today: dt.date | None = None, *, repeats: int = REPEATS
) -> dict[str, Any]:
    from weasyprint import HTML

    snapshot = build_snapshot(unit, period, today or timezone.localdate())
    identity = Identity(1, 1, "", snapshot_digest(snapshot))
    report_seconds, pdf = _median_seconds(lambda: render_pdf(identity, snapshot), repeats)
    pages = _pages(pdf)
    plain = plain_html(pages)
    plain_seconds, plain_pdf = _median_seconds(
        lambda: HTML(string=plain).write_pdf(font_config=_font_config()), repeats
    )
    return {
        "unit": unit.name,
        "pages": pages,
        "plain_pages": _pages(plain_pdf),
        "report_seconds": round(report_seconds, 3),
        "plain_seconds": round(plain_seconds, 3),
        "ratio": round(report_seconds / plain_seconds, 2),
    }


def ratio_units(period: Period) -> list[Unit]:
    """The city (the longest report: 126 sub-unit rows, charts) and the current commune with the most
    incidents in the period (the longest commune report)."""
    from units.models import UnitLevel
    from violations.models import UnitMonthStat

    city = Unit.objects.get(parent=None)
    communes = Unit.objects.filter(level=UnitLevel.COMMUNE).valid_on(period.end)
    busiest = (
        UnitMonthStat.objects.filter(unit__in=communes, tree=True, month=period.start)
        .order_by("-total", "unit_id")
        .values_list("unit_id", flat=True)
        .first()
    )
    found = [city]
    if busiest is not None:
        found.insert(0, Unit.objects.get(pk=busiest))
    return found
