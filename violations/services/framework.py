"""Loading an identification framework (Directive 24-CT/TU or a local copy) from its JSON file.

The file is validated completely before anything is written, so a bad file changes nothing. Loading the
same code+version again corrects texts in place (incidents keep their tags); a higher version becomes a new
Framework with its own groups and indicators, and older versions are marked superseded, never rewritten.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from django.db import transaction

from violations.models import Framework, FrameworkStatus, Indicator, IndicatorGroup, Provenance

DEFAULT_FRAMEWORK_FILE = Path(__file__).resolve().parent.parent / "data" / "ct24_v1.json"

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
GROUP_KEYS = {"number", "name_vi", "name_en", "provenance"}
INDICATOR_KEYS = {"code", "number", "group", "provenance", "text_vi", "text_en"}
FRAMEWORK_FIELDS = ("title", "issuer", "issued_on", "effective_from", "source_note")
GROUP_FIELDS = ("name_vi", "name_en", "provenance")
INDICATOR_FIELDS = ("number", "provenance", "text_vi", "text_en")


class FrameworkDataError(ValueError):
    """The framework file is unusable; `problems` lists every reason, not just the first."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True)
class FrameworkLoadResult:
    framework: Framework
    created: bool
    changed_rows: int
    superseded: list[Framework] = field(default_factory=list)


def framework_load(path: str | Path) -> Framework:
    """Load (or reload) a framework file and return its Framework row."""
    return framework_load_with_result(path).framework


def framework_load_default() -> Framework:
    return framework_load(DEFAULT_FRAMEWORK_FILE)


def framework_load_with_result(path: str | Path) -> FrameworkLoadResult:
    """Like framework_load, with what changed, for the management command's summary."""
    data = _read_json(Path(path))
    _validate(str(path), data)
    return _store(str(path), data)


# --- reading and validating -------------------------------------------------------------------------------


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FrameworkDataError(str(path), [f"cannot read file ({exc.strerror})"]) from exc
    except UnicodeDecodeError as exc:
        raise FrameworkDataError(str(path), ["file is not UTF-8"]) from exc
    except json.JSONDecodeError as exc:
        raise FrameworkDataError(
            str(path), [f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]
        ) from exc


def _validate(source: str, data: Any) -> None:
    if not isinstance(data, dict):
        raise FrameworkDataError(source, ["top level must be an object"])
    problems = _check_keys("framework", data, FRAMEWORK_KEYS)
    problems += _check_header(data)
    groups, indicators = data.get("groups"), data.get("indicators")
    if not isinstance(groups, list) or not groups:
        problems.append("'groups' must be a non-empty list")
        groups = []
    if not isinstance(indicators, list) or not indicators:
        problems.append("'indicators' must be a non-empty list")
        indicators = []
    problems += _check_groups(groups)
    problems += _check_indicators(indicators, data.get("indicator_count"), _group_numbers(groups))
    if problems:
        raise FrameworkDataError(source, problems)


def _check_keys(where: str, item: Any, expected: set[str]) -> list[str]:
    if not isinstance(item, dict):
        return [f"{where} must be an object"]
    problems = []
    if missing := expected - item.keys():
        problems.append(f"{where} lacks {', '.join(sorted(missing))}")
    # Unknown keys are refused so that a misspelt field is not silently ignored.
    if unknown := item.keys() - expected:
        problems.append(f"{where} has unknown keys {', '.join(sorted(unknown))}")
    return problems


def _check_header(data: dict[str, Any]) -> list[str]:
    problems = []
    for key in ("code", "title", "issuer"):
        if key in data and not _nonblank(data[key]):
            problems.append(f"'{key}' must be a non-empty string")
    if "source_note" in data and not isinstance(data["source_note"], str):
        problems.append("'source_note' must be a string")
    for key in ("version", "indicator_count"):
        if key in data and not _positive_int(data[key]):
            problems.append(f"'{key}' must be a positive integer")
    for key in ("issued_on", "effective_from"):
        if key in data and _parse_date(data[key]) is None:
            problems.append(f"'{key}' must be a date written YYYY-MM-DD")
    return problems


def _check_groups(groups: list[Any]) -> list[str]:
    problems = []
    seen: set[int] = set()
    for index, group in enumerate(groups):
        where = f"group #{index + 1}"
        problems += _check_keys(where, group, GROUP_KEYS)
        if not isinstance(group, dict):
            continue
        number = group.get("number")
        if not _positive_int(number):
            problems.append(f"{where}: 'number' must be a positive integer")
        elif number in seen:
            problems.append(f"{where}: group number {number} is repeated")
        else:
            seen.add(number)
        problems += _check_texts(where, group, ("name_vi", "name_en"))
        problems += _check_provenance(where, group)
    return problems


def _check_indicators(indicators: list[Any], declared_count: Any, group_numbers: set[int]) -> list[str]:
    problems = []
    codes: set[str] = set()
    numbers: set[int] = set()
    used_groups: set[int] = set()
    for index, indicator in enumerate(indicators):
        where = f"indicator #{index + 1}"
        problems += _check_keys(where, indicator, INDICATOR_KEYS)
        if not isinstance(indicator, dict):
            continue
        code, number, group = indicator.get("code"), indicator.get("number"), indicator.get("group")
        if not _nonblank(code):
            problems.append(f"{where}: 'code' must be a non-empty string")
        elif code in codes:
            problems.append(f"{where}: code {code} is repeated")
        else:
            codes.add(code)
        if not _positive_int(number):
            problems.append(f"{where}: 'number' must be a positive integer")
        elif number in numbers:
            problems.append(f"{where}: number {number} is repeated")
        else:
            numbers.add(number)
        if group not in group_numbers:
            problems.append(f"{where}: group {group!r} is not among the groups")
        else:
            used_groups.add(group)
        problems += _check_texts(where, indicator, ("text_vi", "text_en"))
        problems += _check_provenance(where, indicator)
    if _positive_int(declared_count) and len(indicators) != declared_count:
        problems.append(f"{len(indicators)} indicators listed but indicator_count says {declared_count}")
    if empty := group_numbers - used_groups:
        problems.append(f"groups without indicators: {', '.join(map(str, sorted(empty)))}")
    return problems


def _check_texts(where: str, item: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    return [
        f"{where}: '{key}' must be a non-empty string"
        for key in keys
        if key in item and not _nonblank(item[key])
    ]


def _check_provenance(where: str, item: dict[str, Any]) -> list[str]:
    if item.get("provenance") in Provenance.values:
        return []
    return [f"{where}: provenance must be one of {', '.join(Provenance.values)}"]


def _group_numbers(groups: list[Any]) -> set[int]:
    return {g["number"] for g in groups if isinstance(g, dict) and _positive_int(g.get("number"))}


def _nonblank(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())


def _positive_int(value: Any) -> TypeGuard[int]:
    # bool is an int subclass; `true` in JSON must not pass as version 1.
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


# --- storing -----------------------------------------------------------------------------------------------


@transaction.atomic
def _store(source: str, data: dict[str, Any]) -> FrameworkLoadResult:
    framework, created = _framework_row(data)
    if not created:
        _refuse_structure_change(source, framework, data)
    groups, changed = _store_groups(framework, data["groups"])
    changed += _store_indicators(framework, groups, data["indicators"])
    superseded = _supersede_older(framework)
    return FrameworkLoadResult(framework, created, changed + int(created), superseded)


def _framework_row(data: dict[str, Any]) -> tuple[Framework, bool]:
    values = {key: data[key] for key in FRAMEWORK_FIELDS}
    values["issued_on"] = _parse_date(data["issued_on"])
    values["effective_from"] = _parse_date(data["effective_from"])
    # select_for_update: two concurrent loads of one version must not both create it.
    framework = (
        Framework.objects.select_for_update().filter(code=data["code"], version=data["version"]).first()
    )
    if framework is None:
        newer = Framework.objects.filter(code=data["code"], version__gt=data["version"]).exists()
        status = FrameworkStatus.SUPERSEDED if newer else FrameworkStatus.ACTIVE
        framework = Framework.objects.create(
            code=data["code"], version=data["version"], status=status, **values
        )
        return framework, True
    _update_if_changed(framework, values)
    return framework, False


def _refuse_structure_change(source: str, framework: Framework, data: dict[str, Any]) -> None:
    """A loaded version is a fixed list of codes and groups: incidents are tagged with them."""
    stored_codes = set(framework.indicators.values_list("code", flat=True))
    stored_groups = set(framework.groups.values_list("number", flat=True))
    file_codes = {item["code"] for item in data["indicators"]}
    file_groups = {item["number"] for item in data["groups"]}
    if stored_codes == file_codes and stored_groups == file_groups:
        return
    raise FrameworkDataError(
        source,
        [f"{framework} is already loaded with other indicator codes or groups; give the file a new version"],
    )


def _store_groups(framework: Framework, rows: list[dict[str, Any]]) -> tuple[dict[int, IndicatorGroup], int]:
    existing = {g.number: g for g in framework.groups.all()}
    changed = 0
    for row in rows:
        values = {key: row[key] for key in GROUP_FIELDS}
        group = existing.get(row["number"])
        if group is None:
            existing[row["number"]] = IndicatorGroup.objects.create(
                framework=framework, number=row["number"], **values
            )
            changed += 1
        else:
            changed += _update_if_changed(group, values)
    return existing, changed


def _store_indicators(
    framework: Framework, groups: dict[int, IndicatorGroup], rows: list[dict[str, Any]]
) -> int:
    existing = {i.code: i for i in framework.indicators.all()}
    changed = 0
    for row in rows:
        values: dict[str, Any] = {key: row[key] for key in INDICATOR_FIELDS}
        values["group_id"] = groups[row["group"]].pk
        indicator = existing.get(row["code"])
        if indicator is None:
            Indicator.objects.create(framework=framework, code=row["code"], **values)
            changed += 1
        else:
            changed += _update_if_changed(indicator, values)
    return changed


def _update_if_changed(instance: Framework | IndicatorGroup | Indicator, values: dict[str, Any]) -> int:
    """Save only real changes, so a reload adds no empty entries to the change history."""
    dirty = [key for key, value in values.items() if getattr(instance, key) != value]
    if not dirty:
        return 0
    for key in dirty:
        setattr(instance, key, values[key])
    instance.save(update_fields=dirty)
    return 1


def _supersede_older(framework: Framework) -> list[Framework]:
    """Older versions stay in place (their incidents point at them); they are only marked superseded.

    Drafts are left alone: marking one superseded would make it count as having been in force.
    """
    if framework.status != FrameworkStatus.ACTIVE:
        return []
    older = Framework.objects.filter(
        code=framework.code, version__lt=framework.version, status=FrameworkStatus.ACTIVE
    )
    superseded = list(older)
    for old in superseded:
        old.status = FrameworkStatus.SUPERSEDED
        old.save(update_fields=["status"])  # through save() so the change history records it
    return superseded
