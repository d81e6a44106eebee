"""An identification framework as an XLSX workbook (the admin's upload), read into the JSON file's shape.

Four sheets, each with its column names in row 1 (README, "Khung nhận diện dạng Excel"):
- Khung: one field per row, columns truong | gia_tri; fields ma_khung, phien_ban, ten_van_ban,
  co_quan_ban_hanh, ngay_ban_hanh, ap_dung_tu, ghi_chu_nguon, and when the Anh_xa sheet is used,
  anh_xa_tu_khung and anh_xa_tu_phien_ban (the older version mapped from);
- Nhom: so | ten | ten_en | nguon_goc;
- Bieu_hien: ma | so_thu_tu | nhom | nguon_goc | noi_dung | noi_dung_en;
- Anh_xa (optional): ma_cu | ma_moi, one row per old code, several new codes separated by commas.
nguon_goc is "confirmed" / "đã đối chiếu" or "working" / "bản dựng tạm". Dates are date cells, dd/mm/yyyy or
yyyy-mm-dd. The dict is validated by violations.framework_data like a JSON file, with sheet rows as positions.
"""

import datetime as dt
import io
import re
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from officials.tabular import UnreadableFile, check_xlsx_archive
from units.text import fold
from violations.framework_data import FrameworkDataError, Locator
from violations.models import Provenance

FRAMEWORK_SHEET, GROUP_SHEET, INDICATOR_SHEET, MAPPING_SHEET = "Khung", "Nhom", "Bieu_hien", "Anh_xa"
HEADER_FIELDS = {
    "ma_khung": "code",
    "phien_ban": "version",
    "ten_van_ban": "title",
    "co_quan_ban_hanh": "issuer",
    "ngay_ban_hanh": "issued_on",
    "ap_dung_tu": "effective_from",
    "ghi_chu_nguon": "source_note",
}
MAPPING_FIELDS = {"anh_xa_tu_khung": "framework", "anh_xa_tu_phien_ban": "version"}
GROUP_COLUMNS = {"so": "number", "ten": "name_vi", "ten_en": "name_en", "nguon_goc": "provenance"}
INDICATOR_COLUMNS = {
    "ma": "code",
    "so_thu_tu": "number",
    "nhom": "group",
    "nguon_goc": "provenance",
    "noi_dung": "text_vi",
    "noi_dung_en": "text_en",
}
MAPPING_COLUMNS = {"ma_cu": "old", "ma_moi": "new"}
PROVENANCE_WORDS = {
    "confirmed": Provenance.CONFIRMED,
    "da doi chieu": Provenance.CONFIRMED,
    "da doi chieu van ban": Provenance.CONFIRMED,
    "working": Provenance.WORKING,
    "ban dung tam": Provenance.WORKING,
}
INTEGER_FIELDS = {"version", "number", "group"}
DATE_FIELDS = {"issued_on", "effective_from"}
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
CODE_SEPARATORS = re.compile(r"[,;\s]+")

Sheet = list[tuple[int, list[Any]]]  # (row number as Excel shows it, cell values)


class XlsxLocator(Locator):
    """Positions as sheet rows, as a spreadsheet user finds them."""

    def __init__(self) -> None:
        self.group_rows: list[int] = []
        self.indicator_rows: list[int] = []
        self.mapping_rows: dict[str, int] = {}

    @property
    def groups_name(self) -> str:
        return _("sheet %(sheet)s") % {"sheet": GROUP_SHEET}

    @staticmethod
    def _row(sheet: str, row: int) -> str:
        return _("Dòng %(row)s (sheet %(sheet)s)") % {"row": row, "sheet": sheet}

    def header(self, data: dict[str, Any]) -> str:
        return _("Sheet %(sheet)s") % {"sheet": FRAMEWORK_SHEET}

    def group(self, index: int, item: Any) -> str:
        return self._row(GROUP_SHEET, self.group_rows[index])

    def indicator(self, index: int, item: Any) -> str:
        return self._row(INDICATOR_SHEET, self.indicator_rows[index])

    def mapping(self, mapping: Any) -> str:
        return _("Sheet %(sheet)s") % {"sheet": MAPPING_SHEET}

    def mapping_entry(self, old_code: str, mapping: Any) -> str:
        row = self.mapping_rows.get(old_code)
        return self.mapping(mapping) if row is None else self._row(MAPPING_SHEET, row)


def read_framework_xlsx(content: bytes, source: str) -> tuple[dict[str, Any], XlsxLocator]:
    """The workbook as a framework dict (not yet validated) and where each item came from."""
    sheets = _sheets(content, source)
    problems = [
        _("thiếu sheet %(sheet)s") % {"sheet": name}
        for name in (FRAMEWORK_SHEET, GROUP_SHEET, INDICATOR_SHEET)
        if name not in sheets
    ]
    if problems:
        raise FrameworkDataError(source, problems)
    locator = XlsxLocator()
    header, mapping_source = _framework_fields(sheets[FRAMEWORK_SHEET])
    groups, group_rows = _table(sheets[GROUP_SHEET], GROUP_SHEET, GROUP_COLUMNS, source)
    indicators, indicator_rows = _table(sheets[INDICATOR_SHEET], INDICATOR_SHEET, INDICATOR_COLUMNS, source)
    locator.group_rows, locator.indicator_rows = group_rows, indicator_rows
    data: dict[str, Any] = {"source_note": "", **header, "groups": groups, "indicators": indicators}
    data["indicator_count"] = len(indicators)
    if MAPPING_SHEET in sheets:
        pairs, locator.mapping_rows = _mapping(sheets[MAPPING_SHEET], source)
        if pairs:
            data["mapping_from"] = {**mapping_source, "indicators": pairs}
    return data, locator


def _sheets(content: bytes, source: str) -> dict[str, Sheet]:
    try:
        check_xlsx_archive(content)  # the same zip-bomb guard as every other spreadsheet upload
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UnreadableFile as exc:
        raise FrameworkDataError(source, [str(exc)]) from exc
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged file; all mean the same here
        raise FrameworkDataError(
            source, [_("Không đọc được tệp Excel (.xlsx); tệp có thể bị hỏng.")]
        ) from exc
    try:
        sheets: dict[str, Sheet] = {}
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # read-only mode would trust a wrong <dimension> and cut columns off
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_clean(value) for value in values]
                if any(cell not in (None, "") for cell in cells):  # blank rows skipped, numbers kept
                    rows.append((number, cells))
            sheets[sheet.title.strip()] = rows
        return sheets
    finally:
        workbook.close()


def _clean(value: Any) -> Any:
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


def _framework_fields(rows: Sheet) -> tuple[dict[str, Any], dict[str, Any]]:
    """Khung: field name in the first column, its value in the second; unknown names are ignored."""
    header: dict[str, Any] = {}
    mapping: dict[str, Any] = {}
    for _number, cells in rows[1:]:
        name = fold(str(cells[0] or "")).replace(" ", "_")
        value = cells[1] if len(cells) > 1 else None
        if name in HEADER_FIELDS and value not in (None, ""):
            header[HEADER_FIELDS[name]] = _value(HEADER_FIELDS[name], value)
        elif name in MAPPING_FIELDS and value not in (None, ""):
            mapping[MAPPING_FIELDS[name]] = _value(MAPPING_FIELDS[name], value)
    return header, mapping


def _table(
    rows: Sheet, sheet: str, columns: dict[str, str], source: str
) -> tuple[list[dict[str, Any]], list[int]]:
    """The sheet's rows as dicts keyed like the JSON file; a blank cell is left out (so it is "missing")."""
    if not rows:
        return [], []
    positions = {fold(str(name or "")).replace(" ", "_"): i for i, name in enumerate(rows[0][1])}
    if missing := [name for name in columns if name not in positions]:
        problem = _("Sheet %(sheet)s thiếu cột %(columns)s") % {"sheet": sheet, "columns": ", ".join(missing)}
        raise FrameworkDataError(source, [problem])
    items, numbers = [], []
    for number, cells in rows[1:]:
        item = {}
        for name, key in columns.items():
            value = cells[positions[name]] if positions[name] < len(cells) else None
            if value not in (None, ""):
                item[key] = _value(key, value)
        items.append(item)
        numbers.append(number)
    return items, numbers


def _mapping(rows: Sheet, source: str) -> tuple[dict[str, list[str]], dict[str, int]]:
    items, numbers = _table(rows, MAPPING_SHEET, MAPPING_COLUMNS, source)
    pairs: dict[str, list[str]] = {}
    first_row: dict[str, int] = {}
    for item, number in zip(items, numbers, strict=True):
        old = str(item.get("old", "")).strip()
        new = [code for code in CODE_SEPARATORS.split(str(item.get("new", ""))) if code]
        pairs.setdefault(old, []).extend(new)
        first_row.setdefault(old, number)
    return pairs, first_row


def _value(key: str, value: Any) -> Any:
    """A cell in the JSON file's terms: whole numbers as int, dates as YYYY-MM-DD, provenance as its key.
    A value that cannot be converted is passed on as it is, for the validator to name."""
    if key in INTEGER_FIELDS:
        return _integer(value)
    if key in DATE_FIELDS:
        return _date(value)
    if key == "provenance":
        return PROVENANCE_WORDS.get(fold(str(value)), value)
    return value if isinstance(value, str) else str(value)


def _integer(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return value


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and (match := DAY_MONTH_YEAR.fullmatch(value)):
        day, month, year = map(int, match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return value
    return value
