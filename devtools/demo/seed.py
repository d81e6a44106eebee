"""Demo data: realistic, deterministic officials and incidents over Hanoi's units (`manage.py seed_demo`).

The same seed gives the same data: every random choice comes from random.Random streams seeded from it, and
every input (units, successions, frameworks) is read in a stable key order. On PostgreSQL rows are streamed
with COPY (a million incidents in a few minutes); elsewhere they are bulk-created. Seeded rows get no change
history: they did not go through the services, and simple_history only listens to save(); the first change
later made to one writes its first version (units.history_baseline), and an incident with no recorder is
shown as "Nhập từ dữ liệu mẫu" (violations.selectors.history). The monthly roll-ups and other derived
tables are rebuilt at the end (`rebuild_stats`), since the services that keep them current were bypassed too.
"""

import datetime as dt
import random
import sys
import time
from dataclasses import dataclass, field
from io import StringIO

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Model
from tqdm import tqdm

from devtools.demo import incidents as gen
from devtools.demo.incidents import Batch, IncidentGenerator
from devtools.demo.sinks import IdBlocks, Sink, TableSpec, analyze, make_sink
from devtools.demo.staffing import StaffPlan, StaffPlanner
from devtools.demo.users import DemoLogin, ensure_demo_users
from devtools.demo.world import NEVER, World, load_world
from officials.headcount import headcount_invalidate
from officials.models import Assignment, Official
from violations.models import Incident, IncidentParty, IncidentTransition, Sanction

OFFICIAL_COLUMNS = (
    "id",
    "full_name",
    "staff_code",
    "national_id",
    "category",
    "is_party_member",
    "birth_year",
    "user_id",
    "name_folded",
    "sort_key",
)
ASSIGNMENT_COLUMNS = (
    "official_id",
    "unit_id",
    "post_title",
    "is_head",
    "is_deputy",
    "start_date",
    "end_date",
)
STAFF_CODE_PREFIX = "HN"


class DemoDataError(ValueError):
    """The database lacks what the demo data builds on (units, a framework)."""


@dataclass
class SeedResult:
    skipped: bool = False
    existing_incidents: int = 0
    officials: int = 0
    assignments: int = 0
    incidents: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        c = self.counts
        return (
            f"Đã tạo {_n(self.officials)} cán bộ ({_n(self.assignments)} quá trình công tác), "
            f"{_n(self.incidents)} vụ việc ({_n(c.get('links', 0))} lượt gắn biểu hiện, "
            f"{_n(c.get('parties', 0))} đối tượng, {_n(c.get('transitions', 0))} bước xử lý, "
            f"{_n(c.get('sanctions', 0))} quyết định kỷ luật), đã tính lại số liệu tổng hợp, "
            f"trong {_seconds(self.seconds)} s"
        )


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # Vietnamese groups thousands with dots


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def seed_demo(
    *,
    officials: int,
    incidents: int,
    seed: int,
    if_empty: bool = False,
    progress: bool = True,
    batch_size: int = 20_000,
) -> SeedResult:
    """Add `officials` officials and `incidents` incidents drawn from `seed`, and the demo logins.

    With if_empty, nothing happens when incidents already exist. Otherwise new data is appended: staff codes
    continue after the highest existing HN code, and units that already have a head get no second one.
    """
    started = time.monotonic()
    if if_empty and Incident.objects.exists():
        return SeedResult(skipped=True, existing_incidents=Incident.objects.count())
    world = load_world()
    _check_world(world, incidents)
    with transaction.atomic():
        result = _seed(world, officials, incidents, seed, progress, batch_size)
        # Before the roll-up queries below: with the statistics of (nearly) empty tables PostgreSQL picks
        # nested loops that take minutes on a few thousand fresh rows.
        analyze(connection, [Official, Assignment, *(model for model, _ in _TABLES.values())])
        result.logins, result.warnings = ensure_demo_users(_next_staff_code())
        # Derived tables (monthly roll-ups, repeat offenders) are kept current by the services, which bulk
        # rows bypass: rebuilt the way the documented after-bulk-load command does it.
        call_command("rebuild_stats", stdout=StringIO())
        headcount_invalidate()  # posts were COPY-loaded, past the signals that keep the cache current
    result.seconds = time.monotonic() - started
    return result


def _check_world(world: World, incidents: int) -> None:
    if not any(u.level == "commune" for u in world.units):
        raise DemoDataError(
            "Chưa có dữ liệu đơn vị hành chính (xã, phường). Hãy chạy trước: python manage.py import_units"
        )
    if incidents and not any(f.indicators for f in world.frameworks):
        raise DemoDataError(
            "Chưa có khung nhận diện biểu hiện vi phạm đang áp dụng. "
            "Hãy chạy trước: python manage.py load_framework"
        )


def _seed(
    world: World, officials: int, incidents: int, seed: int, progress: bool, batch_size: int
) -> SeedResult:
    ids = IdBlocks(connection)
    official_base = ids.start(Official)
    planner = StaffPlanner(world, random.Random(f"{seed}:officials"), _next_staff_code(), _units_with_head())
    plan = planner.build(officials)
    generator = IncidentGenerator(
        world,
        plan,
        official_base,
        random.Random(f"{seed}:incidents"),
        incident_base=ids.start(Incident),
        party_base=ids.start(IncidentParty),
    )
    days = generator.sample_days(incidents)
    sink = make_sink(connection)
    bar = tqdm(
        total=len(plan.officials) + len(days),
        desc="Tạo dữ liệu mẫu",
        unit=" dòng",
        disable=not progress,
        file=sys.stderr,
        smoothing=0.05,
    )
    try:
        _write_staff(sink, plan, official_base, batch_size, bar)
        for batch in generator.batches(days, batch_size):
            _write_batch(sink, batch)
            bar.update(len(batch.incidents))
        sink.close()
    except BaseException:
        sink.abort()
        raise
    finally:
        bar.close()
    ids.finish(Official, official_base + len(plan.officials) - 1)
    ids.finish(Incident, generator.incident_base + len(days) - 1)
    ids.finish(IncidentParty, generator.next_party - 1)
    return SeedResult(
        officials=len(plan.officials),
        assignments=len(plan.assignments),
        incidents=len(days),
        counts=dict(generator.counts),
    )


# --- officials ------------------------------------------------------------------------------------------


def _next_staff_code() -> int:
    """The number after the highest HN<digits> staff code, so that appended officials never collide."""
    codes = Official.objects.filter(staff_code__regex=rf"^{STAFF_CODE_PREFIX}[0-9]+$").values_list(
        "staff_code", flat=True
    )
    return max((int(code[len(STAFF_CODE_PREFIX) :]) for code in codes), default=0) + 1


def _units_with_head() -> set[int]:
    return set(Assignment.objects.filter(is_head=True).values_list("unit_id", flat=True))


def _write_staff(sink: Sink, plan: StaffPlan, official_base: int, size: int, bar: tqdm) -> None:
    official_spec, assignment_spec = (
        TableSpec(Official, OFFICIAL_COLUMNS),
        TableSpec(Assignment, ASSIGNMENT_COLUMNS),
    )
    keys: dict[str, tuple[str, str]] = {}
    for offset in range(0, len(plan.officials), size):
        rows = []
        for index, person in enumerate(plan.officials[offset : offset + size], start=offset):
            if person.full_name not in keys:
                keys[person.full_name] = _search_keys(person.full_name)
            folded, sort_key = keys[person.full_name]
            rows.append(
                (
                    official_base + index,
                    person.full_name,
                    person.staff_code,
                    person.national_id,
                    person.category,
                    person.is_party_member,
                    person.birth_year,
                    None,
                    folded,
                    sort_key,
                )
            )
        sink.write(official_spec, rows)
        bar.update(len(rows))
    for offset in range(0, len(plan.assignments), size):
        sink.write(
            assignment_spec,
            [
                (
                    official_base + a.official,
                    a.unit_id,
                    a.post_title,
                    a.is_head,
                    a.is_deputy,
                    _day(a.start),
                    None if a.end == NEVER else _day(a.end),
                )
                for a in plan.assignments[offset : offset + size]
            ],
        )


def _search_keys(full_name: str) -> tuple[str, str]:
    """Through the model's own method, so seeded officials sort and search like any other."""
    scratch = Official(full_name=full_name)
    scratch.fill_search_keys()
    return scratch.name_folded, scratch.sort_key


def _day(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


# --- incidents ------------------------------------------------------------------------------------------

_SPECS: dict[str, TableSpec] = {}
_TABLES: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    "incidents": (Incident, gen.INCIDENT_COLUMNS),
    "links": (Incident.indicators.through, gen.LINK_COLUMNS),
    "parties": (IncidentParty, gen.PARTY_COLUMNS),
    "transitions": (IncidentTransition, gen.TRANSITION_COLUMNS),
    "sanctions": (Sanction, gen.SANCTION_COLUMNS),
}


def _spec(name: str) -> TableSpec:
    if name not in _SPECS:
        _SPECS[name] = TableSpec(*_TABLES[name])
    return _SPECS[name]


def _write_batch(sink: Sink, batch: Batch) -> None:
    # Parent tables first: SQLite checks foreign keys only at commit too, but the order costs nothing.
    for name in ("incidents", "links", "parties", "transitions", "sanctions"):
        sink.write(_spec(name), getattr(batch, name))
