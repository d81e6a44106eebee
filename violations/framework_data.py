"""The shape of an identification framework file, and its validation, before any database is touched.

A framework arrives as JSON (violations/data/*.json, `load_framework`, or an upload in the admin) or as an
XLSX workbook (violations.framework_xlsx); both become the same dict and are checked here completely, so a bad
file changes nothing and its author gets every problem at once, in Vietnamese, each with where it is: the
line of the JSON file, or the sheet and row of the workbook (a Locator says which).

The optional "mapping_from" declares, for every indicator of an older version, the indicators of this file
that take it over: {"framework": "CT24-TU", "version": 1, "indicators": {"CT24-01": ["CT24-01"], ...}}.
Whether that older version and its codes exist is checked against the database by the loader.
"""

import bisect
import datetime as dt
import json
from json import decoder as json_decoder
from json import scanner
from typing import Any, TypeGuard

from django.utils.translation import gettext as _

from violations.models import Provenance

FRAMEWORK_KEYS = {
    "code",
    "version",
    "title",
    "issuer",
    "issued_on",
    "effective_from",
    "source_note",
    "indicator_count",
    "groups",
    "indicators",
}
OPTIONAL_FRAMEWORK_KEYS = {"mapping_from"}
GROUP_KEYS = {"number", "name_vi", "name_en", "provenance"}
INDICATOR_KEYS = {"code", "number", "group", "provenance", "text_vi", "text_en"}
MAPPING_KEYS = {"framework", "version", "indicators"}


def _labels() -> dict[str, dict[str, str]]:
    """What each key is called in a message (translated when the message is made, not at import)."""
    return {
        "framework": {
            "code": _("ký hiệu khung"),
            "version": _("phiên bản"),
            "title": _("tên văn bản"),
            "issuer": _("cơ quan ban hành"),
            "issued_on": _("ngày ban hành"),
            "effective_from": _("ngày áp dụng"),
            "source_note": _("ghi chú nguồn"),
            "indicator_count": _("số biểu hiện"),
            "groups": _("danh sách nhóm"),
            "indicators": _("danh sách biểu hiện"),
            "mapping_from": _("ánh xạ"),
        },
        "group": {
            "number": _("số nhóm"),
            "name_vi": _("tên nhóm"),
            "name_en": _("tên nhóm tiếng Anh"),
            "provenance": _("nguồn gốc"),
        },
        "indicator": {
            "code": _("mã biểu hiện"),
            "number": _("số thứ tự"),
            "group": _("nhóm"),
            "provenance": _("nguồn gốc"),
            "text_vi": _("nội dung biểu hiện"),
            "text_en": _("nội dung tiếng Anh"),
        },
        "mapping": {
            "framework": _("ký hiệu khung cũ"),
            "version": _("phiên bản cũ"),
            "indicators": _("danh sách ánh xạ"),
        },
    }


class FrameworkDataError(ValueError):
    """The framework file is unusable; `problems` lists every reason, not just the first."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


class Locator:
    """Where an item of the file is, for messages. This one knows only positions in the lists."""

    @property
    def groups_name(self) -> str:
        return _("danh sách nhóm (groups)")

    def header(self, data: dict[str, Any]) -> str:
        return ""

    def group(self, index: int, item: Any) -> str:
        return _("Nhóm thứ %(n)s") % {"n": index + 1}

    def indicator(self, index: int, item: Any) -> str:
        return _("Biểu hiện thứ %(n)s") % {"n": index + 1}

    def mapping(self, mapping: Any) -> str:
        return _("Ánh xạ")

    def mapping_entry(self, old_code: str, mapping: Any) -> str:
        return _("Ánh xạ của %(code)s") % {"code": old_code}


class JsonLocator(Locator):
    """Positions as lines of the JSON text (the line of each object's opening brace)."""

    def __init__(self, text: str, offsets: dict[int, int]) -> None:
        self._newlines = [i for i, char in enumerate(text) if char == "\n"]
        self._offsets = offsets

    def _at(self, item: Any, what: str) -> str:
        offset = self._offsets.get(id(item))
        if offset is None:
            return what
        line = bisect.bisect_left(self._newlines, offset) + 1
        return _("Dòng %(line)s (%(what)s)") % {"line": line, "what": what[:1].lower() + what[1:]}

    def header(self, data: dict[str, Any]) -> str:
        return self._at(data, _("phần đầu tệp"))

    def group(self, index: int, item: Any) -> str:
        return self._at(item, super().group(index, item))

    def indicator(self, index: int, item: Any) -> str:
        return self._at(item, super().indicator(index, item))

    def mapping(self, mapping: Any) -> str:
        return self._at(mapping, super().mapping(mapping))

    def mapping_entry(self, old_code: str, mapping: Any) -> str:
        return self._at(mapping, super().mapping_entry(old_code, mapping))


def parse_json(content: str | bytes, source: str) -> tuple[Any, JsonLocator]:
    """The decoded JSON and where each of its objects starts; refused with the position of a syntax error."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FrameworkDataError(source, [_("tệp không phải văn bản UTF-8")]) from exc
    offsets: dict[int, int] = {}

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        value, end = json_decoder.JSONObject(s_and_end, *args)  # type: ignore[attr-defined]
        offsets[id(value)] = s_and_end[1]  # every object stays alive in the result, so its id is stable
        return value, end

    # The pure-Python scanner is the one that calls parse_object (the C one does not); files are small.
    decoder = json.JSONDecoder()
    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        data = decoder.decode(content)
    except json.JSONDecodeError as exc:
        message = _("Dòng %(line)s, cột %(column)s: JSON không hợp lệ (%(reason)s)") % {
            "line": exc.lineno,
            "column": exc.colno,
            "reason": exc.msg,
        }
        raise FrameworkDataError(source, [message]) from exc
    except RecursionError as exc:
        raise FrameworkDataError(source, [_("JSON lồng nhau quá sâu")]) from exc
    return data, JsonLocator(content, offsets)


def validate(source: str, data: Any, locator: Locator) -> None:
    """Raise FrameworkDataError listing every problem of the file; return quietly if there is none."""
    if not isinstance(data, dict):
        raise FrameworkDataError(source, [_("tệp phải là một đối tượng JSON (khung nhận diện)")])
    labels = _labels()
    where = locator.header(data)
    problems = _at(where, _check_keys(data, FRAMEWORK_KEYS, labels["framework"], OPTIONAL_FRAMEWORK_KEYS))
    problems += _at(where, _check_header(data, labels["framework"]))
    groups, indicators = data.get("groups"), data.get("indicators")
    if not isinstance(groups, list) or not groups:
        problems.append(_at_one(where, _("%(what)s phải có ít nhất một nhóm") % {"what": _what("groups")}))
        groups = []
    if not isinstance(indicators, list) or not indicators:
        problems.append(
            _at_one(where, _("%(what)s phải có ít nhất một biểu hiện") % {"what": _what("indicators")})
        )
        indicators = []
    problems += _check_groups(groups, locator, labels["group"])
    problems += _check_indicators(indicators, _group_numbers(groups), locator, labels["indicator"])
    problems += _at(where, _check_count(indicators, data.get("indicator_count"), groups))
    if "mapping_from" in data:
        problems += _check_mapping(data, _codes(indicators), locator, labels["mapping"])
    if problems:
        raise FrameworkDataError(source, problems)


def _what(key: str) -> str:
    return _labels()["framework"][key]


def _at(where: str, messages: list[str]) -> list[str]:
    return [_at_one(where, message) for message in messages]


def _at_one(where: str, message: str) -> str:
    return f"{where}: {message}" if where else message


def _check_keys(
    item: Any, expected: set[str], labels: dict[str, str], optional: set[str] | None = None
) -> list[str]:
    if not isinstance(item, dict):
        return [_("phải là một đối tượng JSON")]
    problems = []
    if missing := expected - item.keys():
        problems.append(_("thiếu %(fields)s") % {"fields": ", ".join(labels[key] for key in sorted(missing))})
    # Unknown keys are refused so that a misspelt field is not silently ignored.
    if unknown := item.keys() - expected - (optional or set()):
        problems.append(
            _("có trường không dùng được: %(keys)s") % {"keys": ", ".join(sorted(map(str, unknown)))}
        )
    return problems


def _check_header(data: dict[str, Any], labels: dict[str, str]) -> list[str]:
    problems = []
    for key in ("code", "title", "issuer"):
        if key in data and not nonblank(data[key]):
            problems.append(_missing(labels[key]))
    if "source_note" in data and not isinstance(data["source_note"], str):
        problems.append(_("%(field)s phải là văn bản") % {"field": labels["source_note"]})
    for key in ("version", "indicator_count"):
        if key in data and not positive_int(data[key]):
            problems.append(_positive(labels[key]))
    for key in ("issued_on", "effective_from"):
        if key in data and parse_date(data[key]) is None:
            problems.append(_("%(field)s phải là ngày viết dạng YYYY-MM-DD") % {"field": labels[key]})
    return problems


def _check_groups(groups: list[Any], locator: Locator, labels: dict[str, str]) -> list[str]:
    problems = []
    seen: set[int] = set()
    for index, group in enumerate(groups):
        where = locator.group(index, group)
        found = _check_keys(group, GROUP_KEYS, labels)
        if isinstance(group, dict):
            if "number" in group:
                number = group["number"]
                repeated = _("nhóm %(number)s bị lặp") % {"number": number}
                found += _unique(number, seen, positive_int(number), _positive(labels["number"]), repeated)
            found += _check_texts(group, ("name_vi", "name_en"), labels)
            found += _check_provenance(group, labels)
        problems += _at(where, found)
    return problems


def _check_indicators(
    indicators: list[Any], group_numbers: set[int], locator: Locator, labels: dict[str, str]
) -> list[str]:
    problems = []
    codes: set[str] = set()
    numbers: set[int] = set()
    for index, indicator in enumerate(indicators):
        where = locator.indicator(index, indicator)
        found = _check_keys(indicator, INDICATOR_KEYS, labels)
        if isinstance(indicator, dict):
            found += _check_indicator(indicator, codes, numbers, group_numbers, locator, labels)
        problems += _at(where, found)
    return problems


def _check_indicator(
    indicator: dict[str, Any],
    codes: set[str],
    numbers: set[int],
    group_numbers: set[int],
    locator: Locator,
    labels: dict[str, str],
) -> list[str]:
    found = []
    code, number, group = indicator.get("code"), indicator.get("number"), indicator.get("group")
    if "code" in indicator:
        repeated = _("mã %(code)s bị lặp") % {"code": code}
        found += _unique(code, codes, nonblank(code), _missing(labels["code"]), repeated)
    if "number" in indicator:
        repeated = _("số thứ tự %(number)s bị lặp") % {"number": number}
        found += _unique(number, numbers, positive_int(number), _positive(labels["number"]), repeated)
    if "group" in indicator and not (positive_int(group) and group in group_numbers):
        found.append(
            _("nhóm %(group)s không có trong %(groups)s") % {"group": group, "groups": locator.groups_name}
        )
    found += _check_texts(indicator, ("text_vi", "text_en"), labels)
    found += _check_provenance(indicator, labels)
    return found


def _check_count(indicators: list[Any], declared: Any, groups: list[Any]) -> list[str]:
    problems = []
    if positive_int(declared) and len(indicators) != declared:
        problems.append(
            _("có %(listed)s biểu hiện nhưng số biểu hiện khai báo là %(declared)s")
            % {"listed": len(indicators), "declared": declared}
        )
    used = {i["group"] for i in indicators if isinstance(i, dict) and positive_int(i.get("group"))}
    if empty := _group_numbers(groups) - used:
        problems.append(
            _("nhóm không có biểu hiện nào: %(groups)s") % {"groups": ", ".join(map(str, sorted(empty)))}
        )
    return problems


def _check_mapping(
    data: dict[str, Any], new_codes: set[str], locator: Locator, labels: dict[str, str]
) -> list[str]:
    mapping = data["mapping_from"]
    where = locator.mapping(mapping)
    problems = _at(where, _check_keys(mapping, MAPPING_KEYS, labels))
    if not isinstance(mapping, dict):
        return problems
    if "framework" in mapping and not nonblank(mapping["framework"]):
        problems.append(_at_one(where, _missing(labels["framework"])))
    version = mapping.get("version")
    if "version" in mapping and not positive_int(version):
        problems.append(_at_one(where, _positive(labels["version"])))
    elif (
        positive_int(version)
        and mapping.get("framework") == data.get("code")
        and positive_int(data.get("version"))
        and version >= data["version"]
    ):
        problems.append(_at_one(where, _("chỉ ánh xạ được từ một phiên bản trước phiên bản này")))
    pairs = mapping.get("indicators")
    if "indicators" in mapping and (not isinstance(pairs, dict) or not pairs):
        problems.append(_at_one(where, _("danh sách ánh xạ phải có ít nhất một mã cũ")))
    elif isinstance(pairs, dict):
        for old_code, targets in pairs.items():
            problems += _at(locator.mapping_entry(old_code, mapping), _check_targets(targets, new_codes))
    return problems


def _check_targets(targets: Any, new_codes: set[str]) -> list[str]:
    if not isinstance(targets, list) or not targets or not all(nonblank(t) for t in targets):
        return [_("phải là danh sách có ít nhất một mã biểu hiện mới")]
    if unknown := [t for t in targets if t not in new_codes]:
        return [
            _("mã mới %(codes)s không có trong danh sách biểu hiện")
            % {"codes": ", ".join(sorted(set(unknown)))}
        ]
    if len(set(targets)) != len(targets):
        return [_("có mã mới bị lặp")]
    return []


def _unique(value: Any, seen: set[Any], valid: bool, invalid: str, repeated: str) -> list[str]:
    """`invalid` for a value that is not valid, `repeated` for one already seen; a new one is remembered."""
    if not valid:
        return [invalid]
    if value in seen:
        return [repeated]
    seen.add(value)
    return []


def _missing(label: str) -> str:
    return _("thiếu %(field)s") % {"field": label}


def _positive(label: str) -> str:
    return _("%(field)s phải là số nguyên dương") % {"field": label}


def _check_texts(item: dict[str, Any], keys: tuple[str, ...], labels: dict[str, str]) -> list[str]:
    return [_missing(labels[key]) for key in keys if key in item and not nonblank(item[key])]


def _check_provenance(item: dict[str, Any], labels: dict[str, str]) -> list[str]:
    if "provenance" not in item or item["provenance"] in Provenance.values:
        return []
    return [
        _("%(field)s phải là confirmed (đã đối chiếu văn bản) hoặc working (bản dựng tạm)")
        % {"field": labels["provenance"]}
    ]


def _group_numbers(groups: list[Any]) -> set[int]:
    return {g["number"] for g in groups if isinstance(g, dict) and positive_int(g.get("number"))}


def _codes(indicators: list[Any]) -> set[str]:
    return {i["code"] for i in indicators if isinstance(i, dict) and nonblank(i.get("code"))}


def nonblank(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())


def positive_int(value: Any) -> TypeGuard[int]:
    # bool is an int subclass; `true` in JSON must not pass as version 1.
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
