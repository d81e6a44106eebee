"""Import officials with their current post from a CSV or XLSX file, all or nothing.

Every row is validated before anything is written. If one row is wrong, nothing is imported and the caller
gets every error with its spreadsheet row number, in Vietnamese. Officials are matched by staff code and posts
by (unit, post title, start date), so importing the same file twice changes nothing the second time.

The national ID is sensitive: it is never echoed in an error message nor logged. Echoed cell values go through
`_shown()`, which also hides long digit runs, in case an ID was typed into the wrong column.
"""

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from officials.models import Assignment, Category, Official
from officials.services import headcounts_deferred
from officials.tabular import UnreadableFile, read_rows
from units.models import Unit
from units.text import fold

logger = logging.getLogger(__name__)

# Wraps each phase's rows, e.g. in a tqdm progress bar; receives the rows and a label for the phase.
Progress = Callable[[Sequence[Any], str], Iterable[Any]]

CHANGE_REASON = "Nhập từ tệp danh sách cán bộ"
QUERY_CHUNK = 500  # keeps `IN (...)` lists under SQLite's bound-parameter limit on large files
OLDEST_BIRTH_YEAR = 1940
YOUNGEST_AGE = 16
NATIONAL_ID = re.compile(r"[0-9]{12}")  # ASCII: a bare \d would also accept other scripts' digits
LONG_DIGIT_RUN = re.compile(r"\d{9,}")  # a 12-digit ID or a 9-digit old ID card number
YEAR = re.compile(r"[0-9]{4}")  # ASCII only: "²" passes str.isdigit() but not int()


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # the Vietnamese header users type, also used to name the column in messages
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS = (
    Column("staff_code", "Mã cán bộ", ("ma cb", "staff code", "code"), required=True),
    Column("full_name", "Họ và tên", ("ho ten", "full name", "name"), required=True),
    Column("national_id", "Số định danh", ("so dinh danh ca nhan", "cccd", "so cccd", "national id")),
    Column("category", "Phân loại", ("category",), required=True),
    Column("is_party_member", "Đảng viên", ("party member", "is party member")),
    Column("birth_year", "Năm sinh", ("birth year",)),
    Column("unit", "Mã đơn vị", ("unit", "unit code", "unit key"), required=True),
    Column("post_title", "Chức vụ", ("post", "post title", "position"), required=True),
    Column("is_head", "Người đứng đầu", ("head", "is head")),
    Column("is_deputy", "Cấp phó", ("deputy", "is deputy")),
    Column("start_date", "Từ ngày", ("start date", "from"), required=True),
    Column("end_date", "Đến ngày", ("end date", "until", "to")),
)
LABELS = {column.field: column.label for column in COLUMNS}

CATEGORY_WORDS = {
    "can bo": Category.CAN_BO,
    "cong chuc": Category.CONG_CHUC,
    "vien chuc": Category.VIEN_CHUC,
    "hop dong": Category.HOP_DONG,
    "hop dong lao dong": Category.HOP_DONG,
    "cadre": Category.CAN_BO,
    "civil servant": Category.CONG_CHUC,
    "public employee": Category.VIEN_CHUC,
    "contract": Category.HOP_DONG,
}
TRUE_WORDS = {"co", "c", "x", "1", "true", "yes", "y"}
FALSE_WORDS = {"khong", "k", "0", "false", "no", "n"}


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (header = 1); 0 for a problem with the whole file
    message: str  # complete and ready to show, e.g. "Dòng 7: Mã đơn vị 'X' không tồn tại."

    def __str__(self) -> str:
        return self.message


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    assignments_created: int = 0
    assignments_updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return _(
            "Đã nhập: %(created)d cán bộ mới, %(updated)d cán bộ được cập nhật, %(unchanged)d không đổi; "
            "%(assignments_created)d quá trình công tác mới, %(assignments_updated)d được cập nhật."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "assignments_created": self.assignments_created,
            "assignments_updated": self.assignments_updated,
        }


@dataclass(frozen=True)
class OfficialRow:
    """One validated row. None in an optional official field means "not given: keep what is stored"."""

    number: int
    staff_code: str
    full_name: str
    category: str
    national_id: str | None
    is_party_member: bool | None
    birth_year: int | None
    unit: Unit
    post_title: str
    is_head: bool
    is_deputy: bool
    start_date: dt.date
    end_date: dt.date | None


class BadValue(ValueError):
    """A cell that cannot be used; the message is meant for the user."""


def _no_progress(items: Sequence[Any], label: str) -> Iterable[Any]:
    return items


def import_officials(
    file: BinaryIO, *, filename: str = "", progress: Progress = _no_progress
) -> ImportResult:
    """Validate every row of a CSV/XLSX file of officials, then write all of them or none."""
    records, errors = read_records(file, filename or getattr(file, "name", "") or "")
    if errors:
        return ImportResult(errors=errors)
    with transaction.atomic():
        rows, errors = validate_records(records, progress)
        if errors:
            logger.info("Officials import rejected: %d errors in %d rows", len(errors), len(records))
            return ImportResult(errors=errors)
        with headcounts_deferred():  # each unit's headcounts recounted once, not once per post
            result = write_rows(rows, progress)
    logger.info(
        "Officials import: created=%d updated=%d unchanged=%d assignments_created=%d assignments_updated=%d",
        result.created,
        result.updated,
        result.unchanged,
        result.assignments_created,
        result.assignments_updated,
    )
    return result


Record = tuple[int, dict[str, Any]]  # (spreadsheet row number, raw cell value by field name)


def read_records(file: BinaryIO, filename: str) -> tuple[list[Record], list[RowError]]:
    """The non-blank data rows of the file, or the reason the file as a whole cannot be used."""
    try:
        table = read_rows(file.read(), filename)
    except UnreadableFile as exc:
        return [], [RowError(0, str(exc))]
    if not table or _is_blank_row(table[0][1]):
        return [], [RowError(0, _("Dòng 1 của tệp phải là dòng tiêu đề các cột."))]
    fields, errors = map_header(table[0][1])
    if errors:
        return [], errors
    records = [(number, _cells(fields, values)) for number, values in table[1:] if not _is_blank_row(values)]
    if not records:
        return [], [RowError(0, _("Tệp không có dòng dữ liệu nào."))]
    return records, []


# --- Header


def _header_key(text: Any) -> str:
    """'Họ và tên (*)', 'HO VA TEN' and 'ho_va_ten' all become 'ho va ten'."""
    folded = fold(str(text if text is not None else "")).replace("_", " ")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in folded).split())


HEADER_KEYS = {
    key: column.field for column in COLUMNS for key in (_header_key(column.label), *column.aliases)
}


def map_header(header: Sequence[Any]) -> tuple[dict[str, int], list[RowError]]:
    """Column index of each known field. Unknown columns (an "STT" counter, notes) are ignored."""
    fields: dict[str, int] = {}
    errors: list[RowError] = []
    for index, cell in enumerate(header):
        name = HEADER_KEYS.get(_header_key(cell))
        if name is None:
            continue
        if name in fields:
            errors.append(_row_error(1, _("Cột '%(column)s' bị lặp.") % {"column": LABELS[name]}))
        fields[name] = index
    for column in COLUMNS:
        if column.required and column.field not in fields:
            errors.append(_row_error(1, _("Thiếu cột '%(column)s'.") % {"column": column.label}))
    return fields, errors


def _cells(fields: dict[str, int], values: list[Any]) -> dict[str, Any]:
    return {name: values[index] if index < len(values) else None for name, index in fields.items()}


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _is_blank_row(values: list[Any]) -> bool:
    return all(_is_blank(value) for value in values)


def _row_error(number: int, message: str) -> RowError:
    return RowError(number, _("Dòng %(row)d: %(message)s") % {"row": number, "message": message})


# --- Cell parsers: each returns a value or raises BadValue


def _shown(raw: Any) -> str:
    """A cell value quoted back to the user: short, and with anything that may be an ID number hidden."""
    text = LONG_DIGIT_RUN.sub("•••", _text(raw))
    return text if len(text) <= 40 else text[:39] + "…"


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # XLSX stores every number as a float: 1975 arrives as 1975.0
    return " ".join(str(raw).split()) if raw is not None else ""


def _bounded_text(max_length: int) -> Callable[[Any, str], str]:
    def parse(raw: Any, label: str) -> str:
        text = _text(raw)
        if len(text) > max_length:
            raise BadValue(_("%(column)s dài quá %(max)d ký tự.") % {"column": label, "max": max_length})
        return text

    return parse


def _parse_national_id(raw: Any, label: str) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    # A numeric Excel cell drops leading zeros (Hanoi IDs start with 001); the length is fixed, so pad back.
    text = f"{raw:012d}" if isinstance(raw, int) and 0 <= raw < 10**12 else "".join(str(raw).split())
    if not NATIONAL_ID.fullmatch(text):
        raise BadValue(_("%(column)s phải gồm đúng 12 chữ số.") % {"column": label})
    return text


def _parse_category(raw: Any, label: str) -> str:
    category = CATEGORY_WORDS.get(_header_key(raw))
    if category is None:
        raise BadValue(
            _("%(column)s '%(value)s' không hợp lệ (dùng: cán bộ, công chức, viên chức, hợp đồng).")
            % {"column": label, "value": _shown(raw)}
        )
    return category


def _parse_bool(raw: Any, label: str) -> bool:
    if isinstance(raw, bool):
        return raw
    word = _header_key(_text(raw))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise BadValue(
        _("%(column)s chỉ nhận có/không, x, 1/0 (đang là '%(value)s').")
        % {"column": label, "value": _shown(raw)}
    )


def _parse_birth_year(raw: Any, label: str) -> int:
    youngest = timezone.localdate().year - YOUNGEST_AGE
    text = _text(raw)
    if not (YEAR.fullmatch(text) and OLDEST_BIRTH_YEAR <= int(text) <= youngest):
        raise BadValue(
            _("%(column)s '%(value)s' không hợp lệ (từ %(min)d đến %(max)d).")
            % {"column": label, "value": _shown(raw), "min": OLDEST_BIRTH_YEAR, "max": youngest}
        )
    return int(text)


def _parse_date(raw: Any, label: str) -> dt.date:
    if isinstance(raw, dt.datetime):  # a date-formatted XLSX cell
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.datetime.strptime(_text(raw), "%d/%m/%Y").date()
    except ValueError:
        raise BadValue(
            _("%(column)s phải có dạng dd/mm/yyyy (đang là '%(value)s').")
            % {"column": label, "value": _shown(raw)}
        ) from None


def _format_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- Units


class UnitDirectory:
    """Every unit a file names, loaded up front; a code is a unit key or an administrative registry code."""

    def __init__(self, codes: Iterable[str]) -> None:
        self.by_key: dict[str, Unit] = {}
        self.by_registry_code: dict[str, list[Unit]] = defaultdict(list)
        for chunk in _chunks(sorted(set(codes))):
            for unit in Unit.objects.filter(Q(key__in=chunk) | Q(registry_code__in=chunk)).order_by("pk"):
                self.by_key[unit.key] = unit
                self.by_registry_code[unit.registry_code].append(unit)

    def resolve(self, code: str, day: dt.date | None) -> Unit:
        """The unit valid on `day` if any: registry codes outlive units in the 2025 reorganisation."""
        keyed = self.by_key.get(code)
        candidates = list(dict.fromkeys([*([keyed] if keyed else []), *self.by_registry_code.get(code, [])]))
        if not candidates:
            raise BadValue(_("Mã đơn vị '%(code)s' không tồn tại.") % {"code": _shown(code)})
        valid = [unit for unit in candidates if day is None or unit.is_valid_on(day)]
        pool = valid or candidates  # no unit valid that day: still accept the one the code names
        if keyed in pool:
            return keyed  # a key names exactly one unit
        if len(pool) == 1:
            return pool[0]
        raise BadValue(self._ambiguous(code))

    @staticmethod
    def _ambiguous(code: str) -> str:
        return _("Mã đơn vị '%(code)s' ứng với nhiều đơn vị; hãy dùng khóa đơn vị.") % {"code": _shown(code)}


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), QUERY_CHUNK):
        yield items[start : start + QUERY_CHUNK]


# --- Validation


class _RowReader:
    """Reads the cells of one row, collecting every problem instead of stopping at the first."""

    def __init__(self, cells: dict[str, Any]) -> None:
        self.cells = cells
        self.problems: list[str] = []

    def get(self, name: str, parse: Callable[[Any, str], Any], *, required: bool = False) -> Any:
        raw = self.cells.get(name)
        if _is_blank(raw):
            if required:
                self.problems.append(_("Thiếu %(column)s.") % {"column": LABELS[name]})
            return None
        try:
            return parse(raw, LABELS[name])
        except BadValue as exc:
            self.problems.append(str(exc))
            return None


def parse_row(number: int, cells: dict[str, Any], units: UnitDirectory) -> OfficialRow | list[str]:
    """A validated row, or the problems found in it."""
    read = _RowReader(cells)
    staff_code = read.get("staff_code", _bounded_text(32), required=True)
    full_name = read.get("full_name", _bounded_text(120), required=True)
    national_id = read.get("national_id", _parse_national_id)
    category = read.get("category", _parse_category, required=True)
    is_party_member = read.get("is_party_member", _parse_bool)
    birth_year = read.get("birth_year", _parse_birth_year)
    unit_code = read.get("unit", _bounded_text(64), required=True)
    post_title = read.get("post_title", _bounded_text(120), required=True)
    is_head = bool(read.get("is_head", _parse_bool))
    is_deputy = bool(read.get("is_deputy", _parse_bool))
    start_date = read.get("start_date", _parse_date, required=True)
    end_date = read.get("end_date", _parse_date)
    problems = read.problems
    if start_date and end_date and end_date < start_date:
        problems.append(
            _("Đến ngày (%(end)s) trước Từ ngày (%(start)s).")
            % {"end": _format_date(end_date), "start": _format_date(start_date)}
        )
    if is_head and is_deputy:
        problems.append(_("Một chức vụ không thể vừa là người đứng đầu vừa là cấp phó."))
    unit = None
    if unit_code:
        try:
            unit = units.resolve(unit_code, start_date)
        except BadValue as exc:
            problems.append(str(exc))
    if problems:
        return problems
    assert unit is not None  # the unit code is required, so a missing unit is already a problem
    return OfficialRow(
        number=number,
        staff_code=staff_code,
        full_name=full_name,
        category=category,
        national_id=national_id,
        is_party_member=is_party_member,
        birth_year=birth_year,
        unit=unit,
        post_title=post_title,
        is_head=is_head,
        is_deputy=is_deputy,
        start_date=start_date,
        end_date=end_date,
    )


def validate_records(
    records: Sequence[Record], progress: Progress = _no_progress
) -> tuple[list[OfficialRow], list[RowError]]:
    units = UnitDirectory(_text(cells.get("unit")) for _, cells in records)
    rows: list[OfficialRow] = []
    errors = _duplicate_staff_codes(records)
    for number, cells in progress(records, _("Kiểm tra")):
        parsed = parse_row(number, cells, units)
        if isinstance(parsed, OfficialRow):
            rows.append(parsed)
        else:
            errors.extend(_row_error(number, problem) for problem in parsed)
    errors.extend(_national_id_conflicts(rows))
    errors.sort(key=lambda error: error.row)  # stable: a row's problems keep their column order
    return rows, errors


def _duplicate_staff_codes(records: Sequence[Record]) -> list[RowError]:
    """Checked on raw text, so that a duplicate is reported even when one of the rows has other problems."""
    first_row: dict[str, int] = {}
    errors = []
    for number, cells in records:
        code = _text(cells.get("staff_code"))
        if not code:
            continue
        first = first_row.setdefault(code, number)
        if first != number:
            errors.append(
                _row_error(
                    number,
                    _("Mã cán bộ '%(code)s' trùng với dòng %(other)d.")
                    % {"code": _shown(code), "other": first},
                )
            )
    return errors


def _national_id_conflicts(rows: Sequence[OfficialRow]) -> list[RowError]:
    """One person, one staff code: an ID given twice in the file, or owned by another official, is refused."""
    errors = []
    first_row: dict[str, OfficialRow] = {}
    for row in rows:
        if row.national_id:
            first = first_row.setdefault(row.national_id, row)
            if first is not row and first.staff_code != row.staff_code:
                message = _("Số định danh trùng với dòng %(other)d.") % {"other": first.number}
                errors.append(_row_error(row.number, message))
    owners = _national_id_owners([row.national_id for row in rows if row.national_id])
    for row in rows:
        other_codes = sorted(owners.get(row.national_id or "", set()) - {row.staff_code})
        if other_codes:
            message = _("Số định danh đã được dùng cho cán bộ mã '%(code)s'.") % {
                "code": _shown(other_codes[0])
            }
            errors.append(_row_error(row.number, message))
    return errors


def _national_id_owners(national_ids: Sequence[str]) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = defaultdict(set)
    for chunk in _chunks(sorted(set(national_ids))):
        for national_id, staff_code in Official.objects.filter(national_id__in=chunk).values_list(
            "national_id", "staff_code"
        ):
            owners[national_id].add(staff_code)
    return owners


# --- Writing


def write_rows(rows: Sequence[OfficialRow], progress: Progress = _no_progress) -> ImportResult:
    result = ImportResult()
    officials = _existing_officials([row.staff_code for row in rows])
    posts = _existing_posts(officials.values())
    for row in progress(rows, _("Ghi dữ liệu")):
        official = officials.get(row.staff_code)
        if official is None:
            official = _create_official(row)
            result.created += 1
        elif _update_official(official, row):
            result.updated += 1
        else:
            result.unchanged += 1
        outcome = _save_post(official, row, posts[official.pk])
        result.assignments_created += outcome == "created"
        result.assignments_updated += outcome == "updated"
    return result


def _existing_officials(staff_codes: Sequence[str]) -> dict[str, Official]:
    found: dict[str, Official] = {}
    for chunk in _chunks(staff_codes):
        found.update(
            (official.staff_code, official) for official in Official.objects.filter(staff_code__in=chunk)
        )
    return found


def _existing_posts(officials: Iterable[Official]) -> dict[int, list[Assignment]]:
    posts: dict[int, list[Assignment]] = defaultdict(list)
    for chunk in _chunks([official.pk for official in officials]):
        for assignment in Assignment.objects.filter(official_id__in=chunk):
            posts[assignment.official_id].append(assignment)
    return posts


def _official_values(row: OfficialRow) -> dict[str, Any]:
    """Blank optional cells are left out, so that a partial file never erases what is stored."""
    values: dict[str, Any] = {"full_name": row.full_name, "category": row.category}
    optional = {
        "national_id": row.national_id,
        "is_party_member": row.is_party_member,
        "birth_year": row.birth_year,
    }
    values.update((name, value) for name, value in optional.items() if value is not None)
    return values


def _create_official(row: OfficialRow) -> Official:
    official = Official(staff_code=row.staff_code, **_official_values(row))
    official._change_reason = CHANGE_REASON  # type: ignore[attr-defined]  # read by simple_history
    official.save()
    return official


def _update_official(official: Official, row: OfficialRow) -> bool:
    """Saves only when something differs, so a re-import adds no history rows."""
    changes = {
        name: value for name, value in _official_values(row).items() if getattr(official, name) != value
    }
    if not changes:
        return False
    for name, value in changes.items():
        setattr(official, name, value)
    official._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
    official.save()
    return True


def _save_post(official: Official, row: OfficialRow, existing: list[Assignment]) -> str | None:
    """Adds the row's post unless the official already has it; a known post gets its end date and flags."""
    post = next((a for a in existing if _same_post(a, row)), None)
    if post is None:
        post = Assignment(
            official=official, unit=row.unit, post_title=row.post_title, start_date=row.start_date
        )
        existing.append(post)
        outcome = "created"
    elif (post.is_head, post.is_deputy, post.end_date) != (row.is_head, row.is_deputy, row.end_date):
        outcome = "updated"
    else:
        return None
    post.is_head, post.is_deputy, post.end_date = row.is_head, row.is_deputy, row.end_date
    post._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
    post.save()
    return outcome


def _same_post(assignment: Assignment, row: OfficialRow) -> bool:
    return (assignment.unit_id, assignment.post_title, assignment.start_date) == (
        row.unit.pk,
        row.post_title,
        row.start_date,
    )
