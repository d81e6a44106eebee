"""A report's figures as an Excel workbook, drawn from its frozen snapshot only (never from live data), so
the PDF and the workbook of a revision always show the same numbers.

Built on demand from the snapshot rather than stored at build time: the snapshot is already frozen (and
hashed, the hash printed in both files), a workbook of a few hundred cells takes milliseconds, and so the
monthly run (issue 14's 30 s target) spends nothing on it, the reports made before this existed get one too,
and there is no second file per revision to keep in step with the first.

Like the PDF it is an official document's annex: Vietnamese whatever the UI language, numbers as numbers (a
share in %, a rate per 100 people, as the snapshot holds them), text typed by users never read as a formula.
It holds the report's figures, not its lists of named people (the per-person table, repeat officials,
overdue cases): those stay in the PDF.
"""

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.models import Report
from reports.render import period_phrase
from violations.models import Provenance
from violations.models.framework import UNVERIFIED_FLAG

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {0: "#,##0", 1: "#,##0.0", 2: "#,##0.00"}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)


@dataclass(frozen=True)
class Number:
    """A figure with decimals (a share in %, a rate per 100 people); a plain int is a count."""

    value: float | int | None
    places: int


@dataclass
class Sheet:
    name: str  # at most 31 characters (Excel)
    columns: list[tuple[str, int]]  # header, width
    rows: list[list[Any]] = field(default_factory=list)
    totals: int = 0  # how many of the last rows are totals (in bold)
    empty: str = "Không có."
    preamble: list[list[Any]] = field(default_factory=list)  # label/value rows above the table


def report_workbook(report: Report) -> bytes:
    snapshot = report.snapshot
    with translation.override("vi"):
        sheets = [
            _summary(report, snapshot),
            _groups(snapshot),
            _indicators(snapshot),
            _breakdown("Theo mức độ", "Mức độ", snapshot["severity"]),
            _breakdown("Theo nguồn phát hiện", "Nguồn phát hiện", snapshot["source"]),
            _sub_units(snapshot),
            _sanctions(snapshot),
            _trend(snapshot),
        ]
        title = _title(report, snapshot)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _write(workbook.create_sheet(sheet.name), title, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _title(report: Report, snapshot: dict[str, Any]) -> str:
    made = timezone.localtime(report.updated_at)
    return (
        f"{snapshot['unit']['name']} — Báo cáo tình hình chấp hành kỷ cương, kỷ luật "
        f"{period_phrase(snapshot['period'])} (lần lập {report.revision}, lập lúc {made:%d/%m/%Y %H:%M})"
    )


def _capitalised(phrase: str) -> str:
    """'tháng 10/2026' (mid-sentence in the PDF's title) as a value of its own: 'Tháng 10/2026'."""
    return phrase[:1].upper() + phrase[1:]


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _summary(report: Report, s: dict[str, Any]) -> Sheet:
    m, cases, people, repeat = s["summary"], s["cases"], s["people"], s["repeat"]
    framework, merged, period = s.get("framework"), ", ".join(s["predecessors"]), s["period"]
    about: list[list[Any]] = [
        ["Đơn vị", s["unit"]["name"]],
        ["Kỳ báo cáo", _capitalised(period_phrase(period))],
        ["Từ ngày", _day(period["start"])],
        ["Đến ngày", _day(period["end"])],
        ["Lần lập", report.revision],
        *([["Lý do lập lại", report.reason]] if report.reason else []),
        ["Số liệu chốt ngày", _day(s["generated_on"])],
        ["Lập lúc", timezone.localtime(report.updated_at).replace(tzinfo=None, microsecond=0)],
        *([["Đơn vị đã hợp nhất (số liệu gồm cả)", merged]] if merged else []),
        *(
            [["Khung nhận diện", f"{framework['code']} phiên bản {framework['version']}"]]
            if framework
            else []
        ),
        ["Mã kiểm tra số liệu (SHA-256, như ở chân trang PDF)", report.snapshot_sha256],
    ]
    rows: list[list[Any]] = [
        ["Vụ việc ghi nhận trong kỳ", m["total"]],
        [f"Kỳ trước ({m['previous']['label']})", m["previous"]["total"]],
        ["So với kỳ trước (%)", Number(m["previous"]["change_pct"], 1)],
        [f"Cùng kỳ năm trước ({m['year_ago']['label']})", m["year_ago"]["total"]],
        ["So với cùng kỳ (%)", Number(m["year_ago"]["change_pct"], 1)],
        ["Đã kết luận có vi phạm", m["substantiated"]],
        ["Đã kết luận không vi phạm", m["unsubstantiated"]],
        ["Tỷ lệ có vi phạm trong số đã kết luận (%)", Number(m["share_substantiated_pct"], 1)],
        ["Vụ việc có quyết định kỷ luật trong kỳ", m["sanctioned"]],
        [f"Số cán bộ, công chức, viên chức ngày {_day(period['end']):%d/%m/%Y}", m["headcount"]],
        ["Vụ việc trên 100 người", Number(m["rate_per_100"], 2)],
        [f"Vụ việc đang xử lý ngày {_day(cases['as_of']):%d/%m/%Y}", cases["open"]],
        [f"Sắp đến hạn trong {cases['due_soon_days']} ngày", cases["due_soon"]],
        ["Quá hạn xử lý hoặc thời hiệu", cases["overdue"]],
        ["Người giữ chức vụ trong đơn vị trong kỳ", people["staff"]],
        ["Người có vi phạm (vụ việc xảy ra trong kỳ, đã kết luận có vi phạm)", people["with_violation"]],
        [f"Cán bộ có từ 2 vụ việc có vi phạm ({repeat['start']} – {repeat['end']})", repeat["total"]],
    ]
    return Sheet("Tổng hợp", [("Chỉ tiêu", 62), ("Số liệu", 40)], rows, preamble=about)


def _flag(row: dict[str, Any]) -> str:
    """The flag of a working indicator or group text, as the PDF prints it beside the text."""
    return str(UNVERIFIED_FLAG) if row.get("provenance") == Provenance.WORKING else ""


def _groups(s: dict[str, Any]) -> Sheet:
    rows = [[g["roman"], g["name"], g["total"], _flag(g)] for g in s["groups"]]
    columns = [("Nhóm", 8), ("Tên nhóm", 70), ("Số vụ việc", 12), ("Ghi chú", 28)]
    return Sheet("Theo nhóm", columns, rows, empty="Chưa có khung nhận diện áp dụng.")


def _indicators(s: dict[str, Any]) -> Sheet:
    rows = [
        [g["roman"], i["code"], i["number"], i["text"], i["count"], _flag(i)]
        for g in s["groups"]
        for i in g["indicators"]
    ]
    columns = [("Nhóm", 8), ("Mã", 10), ("TT", 6), ("Biểu hiện", 80), ("Số vụ việc", 12), ("Ghi chú", 28)]
    return Sheet("Theo biểu hiện", columns, rows, empty="Chưa có khung nhận diện áp dụng.")


def _breakdown(name: str, header: str, rows: Iterable[dict[str, Any]]) -> Sheet:
    return Sheet(name, [(header, 40), ("Số vụ việc", 12)], [[r["label"], r["count"]] for r in rows])


def _sub_units(s: dict[str, Any]) -> Sheet:
    columns = [
        ("TT", 6),
        ("Đơn vị", 40),
        ("Vụ việc", 12),
        ("Có vi phạm", 12),
        ("Cán bộ", 12),
        ("Vụ việc/100 người", 18),
        ("Người đứng đầu", 30),
    ]
    rows: list[list[Any]] = [
        [n, r["name"], r["total"], r["substantiated"], r["staff"], Number(r["rate_per_100"], 2), r["head"]]
        for n, r in enumerate(s["sub_units"], start=1)
    ]
    sheet = Sheet("Đơn vị trực thuộc", columns, rows, empty="Không có đơn vị trực thuộc trong kỳ.")
    if rows:
        sheet.rows += _sub_unit_totals(s)
        sheet.totals = 3
    return sheet


def _sub_unit_totals(s: dict[str, Any]) -> list[list[Any]]:
    """The listed units' sum, what was recorded on the unit itself (or on the units merged into it), and
    the unit's own total: the three reconcile."""
    m, name = s["summary"], s["unit"]["name"]
    total = sum(r["total"] for r in s["sub_units"])
    substantiated = sum(r["substantiated"] for r in s["sub_units"])
    here = f"Ghi nhận trực tiếp tại {name}" + (" và các đơn vị đã hợp nhất" if s["predecessors"] else "")
    return [
        ["", "Cộng các đơn vị trực thuộc", total, substantiated],
        ["", here, m["total"] - total, m["substantiated"] - substantiated],
        ["", f"Toàn {name}", m["total"], m["substantiated"]],
    ]


def _sanctions(s: dict[str, Any]) -> Sheet:
    rows = [[r["label"], r["count"]] for r in s["sanctions"]]
    columns = [("Hình thức kỷ luật (quyết định trong kỳ)", 50), ("Số vụ việc", 12)]
    return Sheet("Kỷ luật", columns, rows, empty="Không có quyết định kỷ luật trong kỳ.")


def _trend(s: dict[str, Any]) -> Sheet:
    rows = [[r["month"], r["total"]] for r in s["trend"]]
    return Sheet("Xu hướng 12 tháng", [("Tháng", 12), ("Số vụ việc", 12)], rows)


def _write(ws: Worksheet, title: str, sheet: Sheet) -> None:
    ws.append([title])
    ws["A1"].font = TITLE
    ws.append([None])  # a cell, even empty, so that max_row counts the row
    for index, (_, width) in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if sheet.preamble:
        _rows(ws, sheet.preamble)
        ws.append([None])  # a cell, even empty, so that max_row counts the row
    ws.append([header for header, _ in sheet.columns])
    for cell in ws[ws.max_row]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if not sheet.preamble:  # the header stays in sight while scrolling a long table
        ws.freeze_panes = f"A{ws.max_row + 1}"  # a coordinate: ws.cell() would create a blank row
    if not sheet.rows:
        ws.append([sheet.empty])
        return
    _rows(ws, sheet.rows, bold_from=len(sheet.rows) - sheet.totals)


def _rows(ws: Worksheet, rows: list[list[Any]], bold_from: int | None = None) -> None:
    for position, row in enumerate(rows):
        ws.append([None] * len(row))
        for column, value in enumerate(row, start=1):
            cell = ws.cell(row=ws.max_row, column=column)
            _put(cell, value)
            if bold_from is not None and position >= bold_from:
                cell.font = BOLD


def _put(cell: Any, value: Any) -> None:
    if isinstance(value, Number):
        cell.value, cell.number_format = value.value, FORMATS[value.places]
    elif isinstance(value, bool) or value is None:
        cell.value = value
    elif isinstance(value, int):
        cell.value, cell.number_format = value, FORMATS[0]
    elif isinstance(value, dt.datetime):
        cell.value, cell.number_format = value, "DD/MM/YYYY HH:MM"
    elif isinstance(value, dt.date):
        cell.value, cell.number_format = value, "DD/MM/YYYY"
    else:
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell.data_type = "s"  # text typed by users (a unit's or a person's name) stays text, never a formula
