"""CSV and Excel exports of exactly the rows the incident list shows for the same query string."""

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from violations.csv_export import csv_response
from violations.filters import incident_filter_for
from violations.selectors.incident_export import HEADERS, export_rows
from violations.views.refusals import refused_filters

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMN_WIDTHS = [8, 50, 28, 12, 12, 18, 24, 22, 24, 36, 12, 12]


@login_required
def export_csv(request: HttpRequest) -> HttpResponseBase:
    filterset = incident_filter_for(request)
    if not filterset.is_valid():
        return refused_filters(request, filterset.form)
    return csv_response(HEADERS, _csv_rows(export_rows(filterset.qs)), export_filename("csv"))


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponseBase:
    filterset = incident_filter_for(request)
    if not filterset.is_valid():
        return refused_filters(request, filterset.form)
    return FileResponse(
        _xlsx_file(export_rows(filterset.qs)),
        as_attachment=True,
        filename=export_filename("xlsx"),
        content_type=XLSX_TYPE,
    )


def export_filename(extension: str) -> str:
    return f"vu-viec-{timezone.localdate():%Y%m%d}.{extension}"


def _csv_rows(rows: Iterable[list[Any]]) -> Iterator[list[Any]]:
    """Dates as dd/mm/yyyy, empty for none. A million rows hold a few thousand distinct days: each is
    formatted once (strftime was a third of the time per row)."""
    days: dict[dt.date, str] = {}
    for row in rows:
        yield [_csv_cell(value, days) for value in row]


def _csv_cell(value: Any, days: dict[dt.date, str]) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        text = days.get(value)
        if text is None:
            text = days[value] = value.strftime("%d/%m/%Y")
        return text
    return value


def _xlsx_file(rows: Iterable[list[Any]]) -> IO[bytes]:
    """A write-only workbook keeps one row in memory; the finished file is spooled to disk, not to RAM."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Vụ việc"))
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([str(header) for header in HEADERS])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 — FileResponse closes (and so deletes) it
    workbook.save(file)
    file.seek(0)
    return file


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters pasted into a form would break the file
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # text typed by users stays text, never a formula
    return cell
