"""Loading an identification framework (Directive 24-CT/TU or a local copy) from a file or an admin upload.

The file is validated completely (violations.framework_data, then against what is stored) before anything is
written, so a bad file changes nothing. Loading the same code+version again corrects texts in place
(incidents keep their tags); a higher version becomes a new Framework with its own groups and indicators,
declares which older indicators each of its own takes over (IndicatorMapping), and older versions are marked
superseded, never rewritten. When the groups figures are counted in change (a new version in force, an
indicator moved, a new mapping), the monthly roll-ups are recounted in the same transaction.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from violations.framework_data import (
    FrameworkDataError,
    Locator,
    nonblank,
    parse_date,
    parse_json,
    positive_int,
    validate,
)
from violations.models import (
    Framework,
    FrameworkStatus,
    Indicator,
    IndicatorGroup,
    IndicatorMapping,
    Provenance,
)
from violations.selectors.framework import counting_groups
from violations.services.stats import stats_rebuild

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Loaded in this order by `load_framework` without arguments: version 2 corrects version 1's reading of the
# directive and maps every v1 indicator, so incidents tagged with v1 keep their tags and count under v2.
DEFAULT_FRAMEWORK_FILES = (DATA_DIR / "ct24_v1.json", DATA_DIR / "ct24_v2.json")

FRAMEWORK_FIELDS = ("title", "issuer", "issued_on", "effective_from", "source_note")
GROUP_FIELDS = ("name_vi", "name_en", "provenance")
INDICATOR_FIELDS = ("number", "provenance", "text_vi", "text_en")

__all__ = [
    "DEFAULT_FRAMEWORK_FILES",
    "FrameworkDataError",
    "FrameworkLoadResult",
    "framework_check",
    "framework_load",
    "framework_load_data",
    "framework_load_default",
    "framework_load_with_result",
    "read_framework_file",
]


@dataclass(frozen=True)
class FrameworkLoadResult:
    framework: Framework
    created: bool
    changed_rows: int
    superseded: list[Framework] = field(default_factory=list)
    mapped: int = 0  # indicator mappings declared by this version
    recounted: bool = False  # the monthly roll-ups were recounted under the changed groups

    def summary(self) -> str:
        """One line for the management command and the admin's confirmation message."""
        framework = self.framework
        indicators = framework.indicators.all()
        facts = {
            "framework": framework,
            "changed": self.changed_rows,
            "groups": framework.groups.count(),
            "indicators": indicators.count(),
            "confirmed": indicators.filter(provenance=Provenance.CONFIRMED).count(),
            "mapped": self.mapped,
            "status": framework.get_status_display(),
            "superseded": ", ".join(str(old) for old in self.superseded) or _("không"),
        }
        parts = [
            _("%(framework)s: đã tạo")
            if self.created
            else _("%(framework)s: đã nạp lại, %(changed)s dòng thay đổi"),
            _("%(groups)s nhóm, %(indicators)s biểu hiện (%(confirmed)s đã đối chiếu văn bản)"),
        ]
        if self.mapped:
            parts.append(_("ánh xạ %(mapped)s cặp biểu hiện từ phiên bản trước"))
        parts.append(_("trạng thái %(status)s; thay thế: %(superseded)s"))
        line = ", ".join(part % facts for part in parts)
        return line + (_("; đã tính lại số liệu tổng hợp theo nhóm") if self.recounted else "")


def framework_load(path: str | Path) -> Framework:
    """Load (or reload) a framework file and return its Framework row."""
    return framework_load_with_result(path).framework


@transaction.atomic
def framework_load_default() -> Framework:
    """Every default file in order; returns the last one (the version in force)."""
    return [framework_load(path) for path in DEFAULT_FRAMEWORK_FILES][-1]


def framework_load_with_result(path: str | Path) -> FrameworkLoadResult:
    """Like framework_load, with what changed, for the management command's summary."""
    data, locator = read_framework_file(Path(path))
    return framework_load_data(data, str(path), locator)


def read_framework_file(path: Path) -> tuple[Any, Locator]:
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise FrameworkDataError(
            str(path), [_("không đọc được tệp (%(reason)s)") % {"reason": exc.strerror}]
        ) from exc
    return parse_json(content, str(path))


def framework_check(data: Any, source: str, locator: Locator | None = None) -> None:
    """Every check a load makes before writing: the file itself, then against the stored versions."""
    locator = locator or Locator()
    try:
        validate(source, data, locator)
        problems = _stored_version_problems(data)
    except FrameworkDataError as exc:
        if not isinstance(data, dict):
            raise
        problems = exc.problems  # and the mapping's problems too, so the author sees every one at once
    problems += _mapping_problems(data, locator)
    if problems:
        raise FrameworkDataError(source, problems)


@transaction.atomic
def framework_load_data(data: Any, source: str, locator: Locator | None = None) -> FrameworkLoadResult:
    """Check and store a framework given as data (a decoded file or an admin upload); all or nothing."""
    framework_check(data, source, locator)
    counted_before = counting_groups()
    framework, created = _framework_row(data)
    groups, changed = _store_groups(framework, data["groups"])
    changed += _store_indicators(framework, groups, data["indicators"])
    mapped, mapping_changed = _store_mapping(framework, data.get("mapping_from"))
    superseded = _supersede_older(framework)
    recounted = counting_groups() != counted_before
    if recounted:
        stats_rebuild()
    return FrameworkLoadResult(
        framework, created, changed + mapping_changed + int(created), superseded, mapped, recounted
    )


# --- checks against what is stored -------------------------------------------------------------------------


def _stored_version_problems(data: dict[str, Any]) -> list[str]:
    """A loaded version is a fixed list of codes and groups: incidents are tagged with them."""
    framework = Framework.objects.filter(code=data["code"], version=data["version"]).first()
    if framework is None:
        return []
    stored_codes = set(framework.indicators.values_list("code", flat=True))
    stored_groups = set(framework.groups.values_list("number", flat=True))
    file_codes = {item["code"] for item in data["indicators"]}
    file_groups = {item["number"] for item in data["groups"]}
    if stored_codes == file_codes and stored_groups == file_groups:
        return []
    return [
        _("%(framework)s đã được nạp với các mã biểu hiện hoặc nhóm khác; hãy đặt cho tệp một phiên bản mới")
        % {"framework": framework}
    ]


def _mapping_problems(data: dict[str, Any], locator: Locator) -> list[str]:
    """The older version must be stored, and every one of its indicators mapped (else its incidents would
    count nowhere under the new version); no code that it lacks."""
    mapping = data.get("mapping_from")
    if not (
        isinstance(mapping, dict)
        and nonblank(mapping.get("framework"))
        and positive_int(mapping.get("version"))
        and isinstance(mapping.get("indicators"), dict)
    ):
        return []  # absent, or malformed (the file's own check says how)
    old = Framework.objects.filter(code=mapping["framework"], version=mapping["version"]).first()
    where = locator.mapping(mapping)
    if old is None:
        message = _("chưa có khung %(code)s phiên bản %(version)s để ánh xạ từ đó") % {
            "code": mapping["framework"],
            "version": mapping["version"],
        }
        return [f"{where}: {message}"]
    old_codes = set(old.indicators.values_list("code", flat=True))
    problems = [
        f"{locator.mapping_entry(code, mapping)}: "
        + _("mã cũ %(code)s không có trong %(framework)s") % {"code": code, "framework": old}
        for code in mapping["indicators"]
        if code not in old_codes
    ]
    if missing := old_codes - mapping["indicators"].keys():
        problems.append(
            f"{where}: " + _("chưa ánh xạ các mã cũ: %(codes)s") % {"codes": ", ".join(sorted(missing))}
        )
    return problems


# --- storing -----------------------------------------------------------------------------------------------


def _framework_row(data: dict[str, Any]) -> tuple[Framework, bool]:
    values = {key: data[key] for key in FRAMEWORK_FIELDS}
    values["issued_on"] = parse_date(data["issued_on"])
    values["effective_from"] = parse_date(data["effective_from"])
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


def _store_mapping(framework: Framework, mapping: dict[str, Any] | None) -> tuple[int, int]:
    """The declared pairs, old indicator → new indicator; a reload replaces the pairs that changed.
    Returns (pairs declared, pairs added or removed)."""
    if mapping is None:
        return 0, 0
    old = {i.code: i.pk for i in Indicator.objects.filter(
        framework__code=mapping["framework"], framework__version=mapping["version"]
    )}  # fmt: skip
    new = dict(framework.indicators.values_list("code", "pk"))
    wanted = {(old[o], new[n]) for o, targets in mapping["indicators"].items() for n in targets}
    stored = {(m.from_indicator_id, m.to_indicator_id): m for m in IndicatorMapping.objects.filter(
        to_indicator__framework=framework
    )}  # fmt: skip
    for pair in stored.keys() - wanted:
        stored[pair].delete()  # one by one, so the change history records each
    for from_id, to_id in wanted - stored.keys():
        IndicatorMapping.objects.create(from_indicator_id=from_id, to_indicator_id=to_id)
    return len(wanted), len(stored.keys() ^ wanted)


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
