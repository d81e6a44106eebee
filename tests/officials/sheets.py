"""Build officials files (CSV, XLSX) in a temporary directory, the way users' spreadsheets look."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

# (field name used by the tests, the Vietnamese header users type)
COLUMNS = [
    ("staff_code", "Mã cán bộ"),
    ("full_name", "Họ và tên"),
    ("national_id", "Số định danh"),
    ("category", "Phân loại"),
    ("is_party_member", "Đảng viên"),
    ("birth_year", "Năm sinh"),
    ("unit", "Mã đơn vị"),
    ("post_title", "Chức vụ"),
    ("is_head", "Người đứng đầu"),
    ("is_deputy", "Cấp phó"),
    ("start_date", "Từ ngày"),
    ("end_date", "Đến ngày"),
]
HEADER = [label for _, label in COLUMNS]
NATIONAL_ID = "001085012345"


def official_row(unit_code: str, **overrides: Any) -> list[Any]:
    values = {
        "staff_code": "CB0001",
        "full_name": "Nguyễn Văn An",
        "national_id": NATIONAL_ID,
        "category": "công chức",
        "is_party_member": "có",
        "birth_year": "1980",
        "unit": unit_code,
        "post_title": "Chuyên viên",
        "is_head": "không",
        "is_deputy": "không",
        "start_date": "01/03/2021",
        "end_date": "",
    }
    values.update(overrides)
    return [values[name] for name, _ in COLUMNS]


def write_csv(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    header: Sequence[str] = HEADER,
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    lines = [delimiter.join(str(cell) for cell in line) for line in [header, *rows]]
    path.write_bytes(("\ufeff" if bom else "").encode() + "\r\n".join(lines).encode("utf-8"))
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, header: Sequence[str] = HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path
