"""CSV and Excel exports of exactly the rows the incident list shows for the same query string."""

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from violations.filters import incident_filter_for
from violations.selectors.incident_export import HEADERS, TEXT_COLUMNS, export_rows

BOM = "\ufeff"  # lets Excel open the UTF-8 file with Vietnamese intact
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a cell starting so would run as a formula in Excel
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMN_WIDTHS = [8, 50, 28, 12, 12, 18, 24, 22, 24, 36, 12, 12]


@login_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    rows = export_rows(incident_filter_for(request).qs)
    lines = _in_language(translation.get_language(), _csv_lines(rows))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename("csv")}"'
    return response


@login_required
def export_xlsx(request: HttpRequest) -> FileResponse:
    rows = export_rows(incident_filter_for(request).qs)
    return FileResponse(
        _xlsx_file(rows), as_attachment=True, filename=export_filename("xlsx"), content_type=XLSX_TYPE
    )


def export_filename(extension: str) -> str:
    return f"vu-viec-{timezone.localdate():%Y%m%d}.{extension}"


def _in_language(language: str | None, lines: Iterable[str]) -> Iterator[str]:
    """Streamed rows are produced after the view returns: keep the request's language for the labels."""
    with translation.override(language):
        yield from lines


class _Echo:
    """csv.writer needs a file; this one hands each formatted line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([str(header) for header in HEADERS])
    for row in rows:
        yield writer.writerow([_csv_cell(i, value) for i, value in enumerate(row)])


def _csv_cell(column: int, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if column in TEXT_COLUMNS and str(value).startswith(FORMULA_STARTS):
        return "'" + value
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
