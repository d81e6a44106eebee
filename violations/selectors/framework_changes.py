"""What loading a framework file would change, relative to the framework in force: the admin's preview.

Indicators are matched by code. Nothing here writes; the file must already have passed
violations.services.framework.framework_check.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from violations.framework_data import parse_date
from violations.models import Framework, Indicator, IndicatorGroup, Provenance
from violations.selectors.framework import framework_in_force


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    number: int
    group: int
    text: str
    provenance: str


@dataclass(frozen=True)
class Change:
    code: str
    old: Any
    new: Any


@dataclass
class FrameworkChanges:
    label: str  # "CT24-TU v2"
    compared_with: Framework | None  # the framework in force today
    reload: bool  # this code and version are already stored: texts are corrected in place
    in_force_after: bool  # the file's version will be the one new incidents are tagged with
    groups_added: list[dict[str, Any]] = field(default_factory=list)
    groups_removed: list[IndicatorGroup] = field(default_factory=list)
    groups_renamed: list[Change] = field(default_factory=list)
    added: list[IndicatorRow] = field(default_factory=list)
    removed: list[Indicator] = field(default_factory=list)
    texts_changed: list[Change] = field(default_factory=list)
    moved: list[Change] = field(default_factory=list)  # old → new group number
    renumbered: list[Change] = field(default_factory=list)
    provenance_changed: list[Change] = field(default_factory=list)
    mapping_from: str = ""  # "CT24-TU v1"
    mapping: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def indicator_changes(self) -> int:
        changes = (self.added, self.removed, self.texts_changed, self.moved, self.renumbered)
        return sum(len(c) for c in changes) + len(self.provenance_changed)


def framework_changes(data: dict[str, Any], today: dt.date) -> FrameworkChanges:
    """Compare a validated framework dict with the framework in force on `today`."""
    current = framework_in_force(today)
    stored = Framework.objects.filter(code=data["code"], version=data["version"]).first()
    changes = FrameworkChanges(
        label=f"{data['code']} v{data['version']}",
        compared_with=current,
        reload=stored is not None,
        in_force_after=_in_force_after(data, current, today),
    )
    _compare_groups(changes, current, data["groups"])
    _compare_indicators(changes, current, data["indicators"])
    if mapping := data.get("mapping_from"):
        changes.mapping_from = f"{mapping['framework']} v{mapping['version']}"
        changes.mapping = sorted(mapping["indicators"].items())
    return changes


def _in_force_after(data: dict[str, Any], current: Framework | None, today: dt.date) -> bool:
    effective = parse_date(data["effective_from"])
    if effective is None or effective > today:
        return False
    if current is None or (current.code, current.version) == (data["code"], data["version"]):
        return True
    return (effective, data["version"]) >= (current.effective_from, current.version)


def _compare_groups(changes: FrameworkChanges, current: Framework | None, rows: list[dict[str, Any]]) -> None:
    old = {g.number: g for g in current.groups.all()} if current else {}
    new = {row["number"]: row for row in rows}
    changes.groups_added = [new[n] for n in sorted(new.keys() - old.keys())]
    changes.groups_removed = [old[n] for n in sorted(old.keys() - new.keys())]
    changes.groups_renamed = [
        Change(str(n), old[n].name_vi, new[n]["name_vi"])
        for n in sorted(old.keys() & new.keys())
        if old[n].name_vi != new[n]["name_vi"]
    ]


def _compare_indicators(
    changes: FrameworkChanges, current: Framework | None, rows: list[dict[str, Any]]
) -> None:
    old = {i.code: i for i in current.indicators.select_related("group")} if current else {}
    new = {
        row["code"]: IndicatorRow(row["code"], row["number"], row["group"], row["text_vi"], row["provenance"])
        for row in rows
    }
    changes.added = sorted((new[c] for c in new.keys() - old.keys()), key=lambda r: r.number)
    changes.removed = sorted((old[c] for c in old.keys() - new.keys()), key=lambda i: i.number)
    for code in sorted(old.keys() & new.keys(), key=lambda c: new[c].number):
        before, after = old[code], new[code]
        pairs = (
            (changes.texts_changed, before.text_vi, after.text),
            (changes.moved, before.group.number, after.group),
            (changes.renumbered, before.number, after.number),
            (
                changes.provenance_changed,
                before.get_provenance_display(),
                _provenance_label(after.provenance),
            ),
        )
        for bucket, was, becomes in pairs:
            if was != becomes:
                bucket.append(Change(code, was, becomes))


def _provenance_label(value: str) -> str:
    return str(Provenance(value).label)
