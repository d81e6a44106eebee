"""Import of territorial units from the `vietnamadminunits` package (MIT, on PyPI).

The package ships two structures and the mapping between them:
- `admin_units_legacy`: the 63-province structure in force until 30/6/2025 (province → district → ward);
- `admin_units`: the 34-province structure from 1/7/2025 (province → commune directly);
- `converter_2025.json`: which old wards (and ward-less old districts) went into which new communes,
  with the wards split between several communes listed separately with their default successor.

One import brings a 2025 province/city, every old province merged into it, both structures below them and
the succession links, so that history before 1/7/2025 stays per district while today's figures are per
commune. Rows are matched on `Unit.key`, so running the import again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, TextIO

from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm
from vietnamadminunits.database import query

from units.models import LEVEL_OF_KIND, REORGANISATION_DATE, Unit, UnitKind, UnitSuccession
from units.signals import unit_names_changed
from units.text import fold, sort_key

HANOI_CODE = "01"
LAST_LEGACY_DAY = REORGANISATION_DATE - dt.timedelta(days=1)
CHANGE_REASON = "import_units (vietnamadminunits)"

# Legacy-district and 2025 types as spelled in the dataset. "Thành phố" (a city under a province) and
# "Đặc khu" (special zone) have no kind of their own in UnitKind: they are mapped to the kind of the same
# level so that level-based reporting works; their names keep the exact title.
DISTRICT_KINDS = {
    "Quận": UnitKind.URBAN_DISTRICT,
    "Huyện": UnitKind.RURAL_DISTRICT,
    "Thị xã": UnitKind.TOWN,
    "Thành phố": UnitKind.TOWN,
}
COMMUNE_KINDS = {
    "Phường": UnitKind.WARD,
    "Xã": UnitKind.COMMUNE,
    "Thị trấn": UnitKind.TOWNSHIP,
    "Đặc khu": UnitKind.COMMUNE,
}

# Keeps every `IN (...)` below SQLite's bound-parameter limit.
CHUNK_SIZE = 500


class UnitImportError(ValueError):
    """The requested province is unknown or the package's data is inconsistent."""


@dataclass(frozen=True)
class UnitSpec:
    """One unit as the source data describes it, before it is matched against the database."""

    key: str
    registry_code: str
    name: str
    kind: UnitKind
    parent_key: str | None
    latitude: float | None
    longitude: float | None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


@dataclass(frozen=True)
class LinkSpec:
    predecessor_key: str
    successor_key: str
    is_primary: bool


@dataclass
class ProvincePlan:
    """Everything one province import writes. Levels are ordered so that parents precede children."""

    levels: list[list[UnitSpec]]
    links: list[LinkSpec]

    @property
    def unit_count(self) -> int:
        return sum(len(level) for level in self.levels)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    links_created: int = 0
    links_updated: int = 0
    links_unchanged: int = 0


# --- Reading the package's data -------------------------------------------------------------------------


def province_key(code: str) -> str:
    return f"province:{code}"


def legacy_province_key(code: str) -> str:
    return f"legacy-province:{code}"


def legacy_district_key(code: str) -> str:
    return f"legacy-district:{code}"


def legacy_ward_key(code: str) -> str:
    return f"legacy-ward:{code}"


def ward2025_key(code: str) -> str:
    return f"ward2025:{code}"


def normalise_code(code: str) -> str:
    """Accept "1" as well as "01"; reject anything else, since the code ends up in SQL text."""
    code = code.strip()
    if not re.fullmatch(r"\d{1,2}", code):
        raise UnitImportError(_("Mã tỉnh/thành phố không hợp lệ: %(code)s") % {"code": code})
    return code.zfill(2)


def _sql_list(values: Iterable[str]) -> str:
    # query() takes no parameters; the values come from the package's own data, quoted defensively anyway.
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


@cache
def _converter() -> dict[str, Any]:
    text = files("vietnamadminunits").joinpath("data", "converter_2025.json").read_text(encoding="utf-8")
    return json.loads(text)


def _new_rows(code: str) -> list[dict[str, Any]]:
    return query(
        "SELECT province, provinceKey, provinceLat, provinceLon, ward, wardKey, wardType, wardCode, "
        f"wardLat, wardLon FROM admin_units WHERE provinceCode = '{code}' ORDER BY wardCode"
    )


def _legacy_rows(old_province_keys: Sequence[str]) -> list[dict[str, Any]]:
    return query(
        "SELECT province, provinceKey, provinceCode, provinceLat, provinceLon, district, districtKey, "
        "districtType, districtCode, districtLat, districtLon, ward, wardKey, wardType, wardCode, wardLat, "
        f"wardLon FROM admin_units_legacy WHERE provinceKey IN ({_sql_list(old_province_keys)}) "
        "ORDER BY districtCode, wardCode"
    )


def _kind(table: dict[str, UnitKind], label: str, name: str) -> UnitKind:
    try:
        return table[label]
    except KeyError:
        raise UnitImportError(
            _("Loại đơn vị chưa hỗ trợ: %(label)s (%(name)s)") % {"label": label, "name": name}
        ) from None


def read_province(code: str) -> ProvincePlan:
    """Turn the package's rows for one 2025 province into unit and link specs."""
    code = normalise_code(code)
    new_rows = _new_rows(code)
    if not new_rows:
        raise UnitImportError(_("Không có tỉnh/thành phố mã %(code)s trong dữ liệu 2025") % {"code": code})
    new_province = new_rows[0]["provinceKey"]
    legacy_rows = _legacy_rows(_converter()["DICT_PROVINCE"][new_province])

    city = UnitSpec(
        key=province_key(code),
        registry_code=code,
        name=new_rows[0]["province"],
        kind=UnitKind.CITY,
        parent_key=None,
        latitude=new_rows[0]["provinceLat"],
        longitude=new_rows[0]["provinceLon"],
    )
    old_provinces = _legacy_province_specs(legacy_rows, new_province)
    parent_of_district = {
        row["provinceKey"]: (
            city.key if row["provinceKey"] == new_province else legacy_province_key(row["provinceCode"])
        )
        for row in legacy_rows
    }
    districts = _legacy_district_specs(legacy_rows, parent_of_district)
    wards = _legacy_ward_specs(legacy_rows)
    communes = _ward2025_specs(new_rows, city.key)
    links = _province_links(old_provinces, city) + _ward_links(new_province, legacy_rows, new_rows)
    return ProvincePlan(levels=[[city], old_provinces, districts, wards, communes], links=links)


def _legacy_province_specs(rows: list[dict[str, Any]], new_province: str) -> list[UnitSpec]:
    """Old provinces merged into this one under another name (e.g. Hà Giang into Tuyên Quang).

    An old province with the new one's name is the same unit continuing, so its districts hang directly
    under the current province/city instead.
    """
    specs: dict[str, UnitSpec] = {}
    for row in rows:
        if row["provinceKey"] == new_province or row["provinceCode"] in specs:
            continue
        specs[row["provinceCode"]] = UnitSpec(
            key=legacy_province_key(row["provinceCode"]),
            registry_code=row["provinceCode"],
            name=row["province"],
            kind=UnitKind.CITY,
            parent_key=None,
            latitude=row["provinceLat"],
            longitude=row["provinceLon"],
            valid_until=LAST_LEGACY_DAY,
        )
    return list(specs.values())


def _legacy_district_specs(rows: list[dict[str, Any]], parent_of_district: dict[str, str]) -> list[UnitSpec]:
    specs: dict[str, UnitSpec] = {}
    for row in rows:
        if row["districtCode"] in specs:
            continue
        specs[row["districtCode"]] = UnitSpec(
            key=legacy_district_key(row["districtCode"]),
            registry_code=row["districtCode"],
            name=row["district"],
            kind=_kind(DISTRICT_KINDS, row["districtType"], row["district"]),
            parent_key=parent_of_district[row["provinceKey"]],
            latitude=row["districtLat"],
            longitude=row["districtLon"],
            valid_until=LAST_LEGACY_DAY,
        )
    return list(specs.values())


def _legacy_ward_specs(rows: list[dict[str, Any]]) -> list[UnitSpec]:
    # A few island districts (Bạch Long Vĩ, Cồn Cỏ, …) had no wards: their rows carry no ward at all.
    return [
        UnitSpec(
            key=legacy_ward_key(row["wardCode"]),
            registry_code=row["wardCode"],
            name=row["ward"],
            kind=_kind(COMMUNE_KINDS, row["wardType"], row["ward"]),
            parent_key=legacy_district_key(row["districtCode"]),
            latitude=row["wardLat"],
            longitude=row["wardLon"],
            valid_until=LAST_LEGACY_DAY,
        )
        for row in rows
        if row["wardCode"]
    ]


def _ward2025_specs(rows: list[dict[str, Any]], city_key: str) -> list[UnitSpec]:
    return [
        UnitSpec(
            key=ward2025_key(row["wardCode"]),
            registry_code=row["wardCode"],
            name=row["ward"],
            kind=_kind(COMMUNE_KINDS, row["wardType"], row["ward"]),
            parent_key=city_key,
            latitude=row["wardLat"],
            longitude=row["wardLon"],
            valid_from=REORGANISATION_DATE,
        )
        for row in rows
    ]


def _province_links(old_provinces: list[UnitSpec], city: UnitSpec) -> list[LinkSpec]:
    return [LinkSpec(old.key, city.key, is_primary=True) for old in old_provinces]


def _ward_links(
    new_province: str, legacy_rows: list[dict[str, Any]], new_rows: list[dict[str, Any]]
) -> list[LinkSpec]:
    """Old ward → new commune(s) from the converter, then old district → every commune it fed.

    The converter names units by "oldProvinceKey_oldDistrictKey_oldWardKey"; a ward-less district appears
    with an empty ward part and passes to its commune whole.
    """
    old_units: dict[str, str] = {}
    district_of: dict[str, str] = {}
    for row in legacy_rows:
        district = legacy_district_key(row["districtCode"])
        old_units[f"{row['provinceKey']}_{row['districtKey']}_"] = district
        if row["wardCode"]:
            ward = legacy_ward_key(row["wardCode"])
            old_units[f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"] = ward
            district_of[ward] = district
    new_units = {row["wardKey"]: ward2025_key(row["wardCode"]) for row in new_rows}

    primary: dict[tuple[str, str], bool] = {}
    for old, new, is_default in _converter_pairs(new_province):
        pair = (_lookup(old_units, old), _lookup(new_units, new))
        primary[pair] = primary.get(pair, False) or is_default
    for predecessor, successor in list(primary):
        former_district = district_of.get(predecessor)
        if former_district is not None:
            primary.setdefault((former_district, successor), False)
    return [LinkSpec(pred, succ, is_primary) for (pred, succ), is_primary in primary.items()]


def _converter_pairs(new_province: str) -> Iterator[tuple[str, str, bool]]:
    converter = _converter()
    for new_ward, olds in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_province, {}).items():
        for old in olds:
            yield old, new_ward, True
    for old, parts in converter["DICT_PROVINCE_WARD_DIVIDED"].get(new_province, {}).items():
        for part in parts:
            yield old, part["newWardKey"], bool(part["isDefaultNewWard"])


def _lookup(keys: dict[str, str], source_key: str) -> str:
    try:
        return keys[source_key]
    except KeyError:
        raise UnitImportError(
            _("Dữ liệu chuyển đổi nhắc tới đơn vị không có trong danh mục: %(key)s") % {"key": source_key}
        ) from None


# --- Writing to the database ----------------------------------------------------------------------------


def import_province(code: str = HANOI_CODE, *, progress_file: TextIO | None = None) -> ImportReport:
    """Create or update one province's units and succession links, all or nothing."""
    plan = read_province(code)
    report = ImportReport()
    with (
        transaction.atomic(),
        tqdm(
            total=plan.unit_count + len(plan.links),
            file=progress_file,
            disable=progress_file is None,
            desc=_("Nhập đơn vị"),
            unit=_("dòng"),
        ) as bar,
    ):
        units = _existing_units([spec.key for level in plan.levels for spec in level])
        for level in plan.levels:
            _upsert_level(level, units, report)
            bar.update(len(level))
        _sync_links(plan.links, units, report)
        bar.update(len(plan.links))
    return report


def _chunks(items: Sequence[Any], size: int = CHUNK_SIZE) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_units(keys: list[str]) -> dict[str, Unit]:
    found: dict[str, Unit] = {}
    for chunk in _chunks(keys):
        found.update((unit.key, unit) for unit in Unit.objects.filter(key__in=chunk))
    return found


def _desired_values(spec: UnitSpec, parent: Unit | None) -> dict[str, Any]:
    """Every stored column the spec determines, including those Unit.save() would derive."""
    return {
        "registry_code": spec.registry_code,
        "name": spec.name,
        "kind": spec.kind.value,
        "level": LEVEL_OF_KIND[spec.kind].value,
        "parent_id": parent.pk if parent else None,
        "latitude": spec.latitude,
        "longitude": spec.longitude,
        "valid_from": spec.valid_from,
        "valid_until": spec.valid_until,
        "name_folded": fold(spec.name),
        "sort_key": sort_key(spec.name),
    }


def _upsert_level(specs: list[UnitSpec], units: dict[str, Unit], report: ImportReport) -> None:
    """Bulk-create the missing units of one level and bulk-update those that differ from the data."""
    to_create: list[Unit] = []
    to_update: list[Unit] = []
    changed_fields: set[str] = set()
    for spec in specs:
        parent = units[spec.parent_key] if spec.parent_key else None
        unit = units.get(spec.key)
        if unit is None:
            values = _desired_values(spec, parent)
            del values["parent_id"]  # given as the object instead, so that compute_path() can read it
            unit = Unit(key=spec.key, parent=parent, **values)
            units[spec.key] = unit
            to_create.append(unit)
            continue
        changed = _apply(unit, spec, parent)
        if changed:
            to_update.append(unit)
            changed_fields |= changed
        else:
            report.unchanged += 1
    _create_units(to_create)
    _update_units(to_update, changed_fields)
    report.created += len(to_create)
    report.updated += len(to_update)


def _apply(unit: Unit, spec: UnitSpec, parent: Unit | None) -> set[str]:
    """Set the spec's values on an existing unit; return the names of the fields that really changed."""
    changed = set()
    for name, value in _desired_values(spec, parent).items():
        if getattr(unit, name) != value:
            setattr(unit, name, value)
            changed.add(name)
    unit.parent = parent  # cached, so compute_path() needs no query
    path = unit.compute_path()
    if unit.path != path:
        unit.path = path
        changed.add("path")
    return changed


def _create_units(units: list[Unit]) -> None:
    if not units:
        return
    Unit.objects.bulk_create(units)
    # The path embeds the new primary key, known only after the insert (returned on PostgreSQL and on
    # SQLite ≥ 3.35), hence the second pass.
    if any(unit.pk is None for unit in units):
        raise RuntimeError("bulk_create did not return primary keys; this database is not supported")
    for unit in units:
        unit.path = unit.compute_path()
    Unit.objects.bulk_update(units, ["path"])
    # bulk_create bypasses simple_history's signals; record the creation with the final path.
    Unit.history.bulk_history_create(units, default_change_reason=CHANGE_REASON)


def _update_units(units: list[Unit], fields: set[str]) -> None:
    if not units:
        return
    # bulk_update wants model field names, not attnames.
    names = sorted("parent" if name == "parent_id" else name for name in fields)
    Unit.objects.bulk_update(units, names)
    Unit.history.bulk_history_create(units, update=True, default_change_reason=CHANGE_REASON)
    if "name_folded" in fields:
        unit_names_changed.send(sender=Unit, unit_ids=[unit.pk for unit in units])


def _sync_links(links: list[LinkSpec], units: dict[str, Unit], report: ImportReport) -> None:
    """get_or_create for every link, done in bulk: one read per chunk, one insert, one update."""
    wanted = {
        (units[link.predecessor_key].pk, units[link.successor_key].pk): link.is_primary for link in links
    }
    existing: dict[tuple[int, int], UnitSuccession] = {}
    predecessor_ids = sorted({pred for pred, _succ in wanted})
    for chunk in _chunks(predecessor_ids):
        for row in UnitSuccession.objects.filter(predecessor_id__in=chunk):
            existing[(row.predecessor_id, row.successor_id)] = row

    to_create: list[UnitSuccession] = []
    to_update: list[UnitSuccession] = []
    for (pred, succ), is_primary in wanted.items():
        link = existing.get((pred, succ))
        if link is None:
            to_create.append(
                UnitSuccession(
                    predecessor_id=pred,
                    successor_id=succ,
                    effective_on=REORGANISATION_DATE,
                    is_primary=is_primary,
                )
            )
        elif link.is_primary != is_primary or link.effective_on != REORGANISATION_DATE:
            link.is_primary = is_primary
            link.effective_on = REORGANISATION_DATE
            to_update.append(link)
        else:
            report.links_unchanged += 1
    UnitSuccession.objects.bulk_create(to_create)
    UnitSuccession.objects.bulk_update(to_update, ["is_primary", "effective_on"])
    report.links_created += len(to_create)
    report.links_updated += len(to_update)
