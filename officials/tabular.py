"""Read the first table of an uploaded CSV or XLSX file as numbered rows of raw cell values.

Row numbers are the ones a user sees in a spreadsheet (the header is row 1), so that an error can say
"Dòng 7" and the user finds line 7. XLSX cells keep their types (numbers, dates); CSV cells are strings.
"""

import csv
import io
import zipfile
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

XLSX_MAGIC = b"PK\x03\x04"  # an XLSX file is a zip archive
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy binary Excel (OLE2), which openpyxl cannot read

Row = tuple[int, list[Any]]
# An XLSX file is a zip archive: refuse one that would inflate far beyond any real list of officials.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200


class UnreadableFile(ValueError):
    """The file is neither a UTF-8 CSV nor an XLSX workbook; the message is meant for the user."""


def read_rows(content: bytes, filename: str = "") -> list[Row]:
    """The rows of the file; NUL characters are dropped from text (PostgreSQL cannot store them)."""
    return [(number, [_without_nul(cell) for cell in cells]) for number, cells in _rows(content, filename)]


def _without_nul(cell: Any) -> Any:
    return cell.replace("\x00", "") if isinstance(cell, str) else cell


def _rows(content: bytes, filename: str) -> list[Row]:
    name = filename.lower()
    if content.startswith(XLS_MAGIC) or name.endswith(".xls"):
        raise UnreadableFile(
            _("Tệp Excel cũ (.xls) không được hỗ trợ; hãy lưu lại dưới dạng .xlsx hoặc CSV.")
        )
    if content.startswith(XLSX_MAGIC) or name.endswith(".xlsx"):
        return _xlsx_rows(content)
    return _csv_rows(content)


def _csv_rows(content: bytes) -> list[Row]:
    try:
        text = content.decode("utf-8-sig")  # Excel writes a BOM when saving "CSV UTF-8"
    except UnicodeDecodeError as exc:
        raise UnreadableFile(_("Tệp CSV phải được lưu với bảng mã UTF-8.")) from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_guess_delimiter(text))
    try:
        return list(enumerate(reader, start=1))
    except csv.Error as exc:
        raise UnreadableFile(_("Tệp CSV bị lỗi định dạng, không đọc được.")) from exc


def _guess_delimiter(text: str) -> str:
    """Excel in a Vietnamese locale saves CSV with semicolons; elsewhere commas. The header decides."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def check_xlsx_archive(content: bytes) -> None:
    """The zip-bomb guard for every spreadsheet upload (officials here, framework versions too)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UnreadableFile(_("Không đọc được tệp Excel (.xlsx); tệp có thể bị hỏng.")) from exc
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(len(content), 1):
        raise UnreadableFile(
            _("Tệp Excel bất thường (dung lượng khi giải nén quá lớn), không được chấp nhận.")
        )


def _xlsx_rows(content: bytes) -> list[Row]:
    check_xlsx_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged file; all mean the same here
        raise UnreadableFile(_("Không đọc được tệp Excel (.xlsx); tệp có thể bị hỏng.")) from exc
    try:
        sheet = workbook.worksheets[0]
        # Some generators write a wrong <dimension>; read-only mode would trust it and cut columns off.
        sheet.reset_dimensions()
        return [(number, list(values)) for number, values in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        workbook.close()
