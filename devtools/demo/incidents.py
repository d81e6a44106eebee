"""Generate demo incidents with their indicators, parties, workflow steps and sanctions, as plain row tuples.

The generator knows nothing about the database: it is handed the snapshot of units and frameworks, the staff
plan with the ids the officials will get, and the first free ids, and yields batches of rows that a sink
writes (COPY on PostgreSQL, bulk_create elsewhere). All dates are integer ordinals until a row is emitted.
"""

import datetime as dt
import functools
import math
import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Generic, TypeVar

from devtools.demo.posts import DISTRICT_PARTY_BODY
from devtools.demo.staffing import DATA_END, StaffPlan
from devtools.demo.texts import SOURCE_PHRASES, TextMaker, in_sentence
from devtools.demo.world import FrameworkInfo, IndicatorInfo, UnitInfo, World
from units.text import fold
from violations import rules
from violations.models import PartyRole, SanctionTrack, Severity, Source, Status
from violations.services.incidents import presumed_warranted_form
from violations.services.search import search_document

T = TypeVar("T")
# Names recur across thousands of incidents: fold each once.
_folded_name = functools.cache(fold)
INCIDENTS_FROM = dt.date(2023, 8, 7).toordinal()  # Directive 24-CT/TU was issued on 7/8/2023
TZ = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh has had no DST since 1975

INCIDENT_COLUMNS = (
    "id",
    "framework_id",
    "unit_id",
    "title",
    "description",
    "occurred_on",
    "detected_on",
    "severity",
    "warranted_form",
    "no_limitation_ground",
    "source",
    "status",
    "is_substantiated",
    "handling_started_on",
    "handling_extended_to",
    "handling_extension_reason",
    "limitation_deadline",
    "limitation_from",
    "handling_deadline",
    "next_deadline",
    "created_by_id",
    "created_at",
    "updated_at",
    "version",
    "search_folded",  # next_deadline and search_folded: what Incident.fill_derived() would store
    "search_document",  # as violations.services.search computes it
)
LINK_COLUMNS = ("incident_id", "indicator_id")
PARTY_COLUMNS = ("id", "incident_id", "official_id", "role", "collective_name")
TRANSITION_COLUMNS = ("incident_id", "from_status", "to_status", "actor_id", "happened_at", "note")
SANCTION_COLUMNS = (
    "party_id",
    "track",
    "form",
    "decision_number",
    "decided_on",
    "deciding_body",
    "created_by_id",
)

# Indicators seen most in practice come first (slow dossiers, shirking, late tasks, unanswered letters,
# working hours); weights fall off as 1/rank, a Zipf law. Codes not listed (other frameworks) follow in
# their order.
INDICATOR_RANKING = (
    "CT24-13",
    "CT24-09",
    "CT24-16",
    "CT24-14",
    "CT24-08",
    "CT24-18",
    "CT24-12",
    "CT24-15",
    "CT24-07",
    "CT24-19",
    "CT24-21",
    "CT24-03",
    "CT24-11",
    "CT24-17",
    "CT24-10",
    "CT24-02",
    "CT24-24",
    "CT24-22",
    "CT24-25",
    "CT24-01",
    "CT24-06",
    "CT24-05",
    "CT24-04",
    "CT24-23",
    "CT24-20",
)
ZIPF_EXPONENT = 1.05
# Indicators about heads of units: the head is named answerable far more often.
HEAD_INDICATORS = frozenset({"CT24-04", "CT24-05", "CT24-21", "CT24-22", "CT24-23"})
INDICATOR_COUNT_CUM = (0.62, 0.92, 1.0)  # 1, 2 or 3 indicators

SEVERITIES = (
    Severity.MINOR.value,
    Severity.SERIOUS.value,
    Severity.VERY_SERIOUS.value,
    Severity.EXTREMELY_SERIOUS.value,
)
SEVERITY_CUM = (0.60, 0.88, 0.98, 1.0)
SOURCES = (
    Source.INSPECTION.value,
    Source.PETITION.value,
    Source.SELF_REVIEW.value,
    Source.AUDIT.value,
    Source.PRESS.value,
    Source.OTHER.value,
)
SOURCE_CUM = tuple(accumulate((0.34, 0.26, 0.12, 0.14, 0.06, 0.08)))
UNSUBSTANTIATED_SHARE = {
    "inspection": 0.12,
    "petition": 0.32,
    "self_review": 0.04,
    "audit": 0.08,
    "press": 0.22,
    "other": 0.28,
}
COLLECTIVE_SHARE = 0.08
SANCTIONED_CLOSED_SHARE = 0.65  # the rest stay "sanctioned"
UNSUBSTANTIATED_CLOSED_SHARE = 0.75
STALLED_SHARE = 0.04  # verification drags on for months
EXTENSION_REASON = "Vụ việc phức tạp, cần xác minh bổ sung tài liệu và lấy ý kiến cơ quan chuyên môn."

REPORTED, VERIFYING, SUBSTANTIATED = Status.REPORTED.value, Status.VERIFYING.value, Status.SUBSTANTIATED.value
UNSUBSTANTIATED, SANCTIONED, CLOSED = (
    Status.UNSUBSTANTIATED.value,
    Status.SANCTIONED.value,
    Status.CLOSED.value,
)
INDIVIDUAL, HEAD, COLLECTIVE = (
    PartyRole.INDIVIDUAL.value,
    PartyRole.HEAD_RESPONSIBLE.value,
    PartyRole.COLLECTIVE.value,
)
ADMIN_TRACK, PARTY_TRACK = SanctionTrack.ADMINISTRATIVE.value, SanctionTrack.PARTY.value


@dataclass
class Batch:
    incidents: list[tuple] = field(default_factory=list)
    links: list[tuple] = field(default_factory=list)
    parties: list[tuple] = field(default_factory=list)
    transitions: list[tuple] = field(default_factory=list)
    sanctions: list[tuple] = field(default_factory=list)


@dataclass
class _Choice(Generic[T]):
    """Items with cumulative weights, drawn by bisection."""

    items: list[T]
    cum: list[float]

    @classmethod
    def of(cls, pairs: Sequence[tuple[T, float]]) -> "_Choice[T]":
        return cls([item for item, _ in pairs], list(accumulate(weight for _, weight in pairs)))

    def draw(self, r: float) -> T:
        return self.items[bisect(self.cum, r * self.cum[-1])]


@dataclass
class _Segment:
    """A stretch of days over which the same units are valid and the same framework is in force."""

    framework: FrameworkInfo | None
    levels: _Choice | None  # of _Choice of units


@dataclass(frozen=True, slots=True)
class _Facts:
    id: int
    framework_id: int
    unit_id: int
    occurred: int
    detected: int
    severity: str
    source: str


@dataclass(frozen=True, slots=True)
class _Party:
    id: int
    official: int | None  # plan index
    role: str


def day_weight(day: int) -> float:
    """Fewer incidents at week-ends and around Tết; logging ramps up in the directive's first year."""
    date = dt.date.fromordinal(day)
    weight = 0.55 + 0.45 * min(1.0, (day - INCIDENTS_FROM) / 300)
    if date.weekday() == 5:
        weight *= 0.25
    elif date.weekday() == 6:
        weight *= 0.1
    if (date.month == 1 and date.day >= 25) or (date.month == 2 and date.day <= 20):
        weight *= 0.5
    return weight


def level_shares(units: list[UnitInfo]) -> dict[str, float]:
    """Before 7/2025 incidents sit in old communes or districts; after, in the new communes or the city."""
    if any(u.level == "district" for u in units):
        return {"commune": 0.85, "district": 0.15}
    return {"commune": 0.92, "city": 0.08}


class IncidentGenerator:
    def __init__(
        self,
        world: World,
        plan: StaffPlan,
        official_base: int,
        rng: random.Random,
        *,
        incident_base: int,
        party_base: int,
    ) -> None:
        self.world, self.plan, self.rng = world, plan, rng
        self.official_base = official_base
        self.incident_base, self.next_party = incident_base, party_base
        self.texts = TextMaker(rng)
        self.risk = {u.id: rng.lognormvariate(0.0, 0.7) for u in world.units}  # some units are hot spots
        self.first_day = max(
            INCIDENTS_FROM, min((f.effective_from for f in world.frameworks), default=DATA_END)
        )
        self._build_segments()
        self._build_staff_index()
        self._indicator_choice: dict[int, _Choice] = {}
        self._forms: dict[tuple, list[str]] = {}
        self._limitation: dict[tuple, dt.date | None] = {}
        self._decision_numbers: dict[tuple[int, int, str], int] = {}
        self._bodies: dict[tuple[int, str], str] = {}
        self.counts = {"links": 0, "parties": 0, "transitions": 0, "sanctions": 0}

    # --- preparation -------------------------------------------------------------------------------------

    def _build_segments(self) -> None:
        cuts = {self.first_day, DATA_END + 1}
        for unit in self.world.units:
            cuts.update((unit.start, unit.end + 1))
        cuts.update(f.effective_from for f in self.world.frameworks)
        bounds = sorted(c for c in cuts if self.first_day <= c <= DATA_END + 1)
        self.segments: list[_Segment] = []
        self.segment_of_day: list[int] = []
        for start, stop in zip(bounds, bounds[1:], strict=False):
            self.segment_of_day.extend([len(self.segments)] * (stop - start))
            self.segments.append(self._segment(start))

    def _segment(self, day: int) -> _Segment:
        framework = self.world.framework_on(day)
        valid = [u for u in self.world.units if u.valid_on(day)]
        choices = []
        for level, share in level_shares(valid).items():
            units = [u for u in valid if u.level == level]
            if units:
                choices.append((_Choice.of([(u, self.risk[u.id]) for u in units]), share))
        usable = framework is not None and framework.indicators and choices
        return _Segment(framework, _Choice.of(choices) if usable else None)

    def _build_staff_index(self) -> None:
        self.staff: dict[int, list[tuple[int, int, int]]] = {}
        self.heads: dict[int, list[tuple[int, int, int]]] = {}
        self.posts_of: dict[int, list[tuple[int, int, bool]]] = {}
        for a in self.plan.assignments:
            self.staff.setdefault(a.unit_id, []).append((a.start, a.end, a.official))
            if a.is_head:
                self.heads.setdefault(a.unit_id, []).append((a.start, a.end, a.official))
            self.posts_of.setdefault(a.official, []).append((a.start, a.end, a.is_head or a.is_deputy))

    def sample_days(self, count: int) -> list[int]:
        """The incidents' dates, in order: ids then grow with time as they would in real use."""
        days = range(self.first_day, DATA_END + 1)
        weights = [
            day_weight(d) if self.segments[self.segment_of_day[d - self.first_day]].levels else 0.0
            for d in days
        ]
        if not days or sum(weights) == 0:
            return []
        cum = list(accumulate(weights))
        total, rnd = cum[-1], self.rng.random
        return sorted(self.first_day + bisect(cum, rnd() * total) for _ in range(count))

    # --- the loop ------------------------------------------------------------------------------------------

    def batches(self, days: list[int], size: int) -> Iterator[Batch]:
        for offset in range(0, len(days), size):
            batch = Batch()
            for index in range(offset, min(offset + size, len(days))):
                self._incident(batch, self.incident_base + index, days[index])
            yield batch

    def _incident(self, batch: Batch, incident_id: int, occurred: int) -> None:
        rnd = self.rng.random
        segment = self.segments[self.segment_of_day[occurred - self.first_day]]
        assert segment.levels is not None and segment.framework is not None
        unit: UnitInfo = segment.levels.draw(rnd()).draw(rnd())
        indicators = self._indicators(segment.framework)
        severity = SEVERITIES[bisect(SEVERITY_CUM, rnd())]
        source = SOURCES[bisect(SOURCE_CUM, rnd())]
        detected = min(occurred + min(120, int(self.rng.expovariate(1 / 16))), DATA_END)
        severity = self._level_in_force(severity, detected)
        parties = self._parties(unit, occurred, indicators)
        steps = _Timeline(self.rng, detected, rnd() >= UNSUBSTANTIATED_SHARE[source])
        sanctions = self._sanctions(unit, parties, severity, steps.decided) if steps.sanction_due() else []
        steps.settle(bool(sanctions))

        title = self.texts.title(indicators[0].code, indicators[0].group)
        codes = [i.code for i in indicators]
        description, folded = self.texts.description(
            title, indicators[0].group, codes, unit.name, dt.date.fromordinal(detected), source, severity
        )
        document = search_document(
            folded,
            _folded_name(unit.name),
            [self._folded_official(p.official) for p in parties if p.official is not None],
        )
        transitions = steps.transitions(source, sanctions)
        facts = _Facts(incident_id, segment.framework.id, unit.id, occurred, detected, severity, source)
        batch.incidents.append(
            self._incident_row(
                facts, parties, (title, description, folded, document), steps, transitions, len(sanctions)
            )
        )
        batch.links.extend((incident_id, i.id) for i in indicators)
        batch.parties.extend(
            (
                p.id,
                incident_id,
                None if p.official is None else self.official_base + p.official,
                p.role,
                self._collective_name(unit) if p.official is None else "",
            )
            for p in parties
        )
        batch.transitions.extend((incident_id, *t) for t in transitions)
        batch.sanctions.extend(sanctions)
        self.counts["links"] += len(indicators)
        self.counts["parties"] += len(parties)
        self.counts["transitions"] += len(transitions)
        self.counts["sanctions"] += len(sanctions)

    def _folded_official(self, official: int) -> str:
        return _folded_name(self.plan.officials[official].full_name)

    @staticmethod
    def _level_in_force(severity: str, detected: int) -> str:
        """Decree 172/2025 has no "extremely serious" level: later cases take the heaviest level left."""
        levels = rules.severity_levels(dt.date.fromordinal(detected))
        return severity if severity in levels else levels[-1]

    def _subjects(self, parties: list["_Party"]) -> list[rules.Subject]:
        """Generated data has no restarts: each person's later violations are not looked up."""
        subjects = []
        for party in parties:
            if party.official is None:
                subjects.append(rules.Subject(None))
            else:
                official = self.plan.officials[party.official]
                subjects.append(rules.Subject(official.category, official.is_party_member))
        return subjects

    def _incident_row(
        self,
        facts: "_Facts",
        parties: list["_Party"],
        texts: tuple[str, str, str, str],
        steps: "_Timeline",
        transitions: list[tuple],
        sanction_count: int,
    ) -> tuple:
        occurred_on = dt.date.fromordinal(facts.occurred)
        started = dt.date.fromordinal(steps.verify) if steps.verify <= DATA_END else None
        extended = dt.date.fromordinal(steps.extended_to) if steps.extension_recorded() else None
        warranted = presumed_warranted_form(facts.severity)
        subjects = self._subjects(parties)
        key = (facts.occurred, warranted, frozenset(t for s in subjects for t in s.tracks))
        if key not in self._limitation:
            self._limitation[key] = rules.case_limitation(subjects, occurred_on, warranted)[0]
        # The same derivation as violations.services.deadlines.refresh_deadlines.
        detected_on = dt.date.fromordinal(facts.detected)
        handling = rules.handling_deadline(detected_on, extended)
        limitation = self._limitation[key]
        # As Incident.fill_next_deadline(): the nearer of the two stored deadlines.
        nearest = min(d for d in (handling, limitation) if d is not None) if handling or limitation else None
        title, description, folded, document = texts
        return (
            facts.id,
            facts.framework_id,
            facts.unit_id,
            title,
            description,
            occurred_on,
            dt.date.fromordinal(facts.detected),
            facts.severity,
            warranted,
            "",
            facts.source,
            steps.status,
            steps.is_substantiated(),
            started,
            extended,
            EXTENSION_REASON if extended else "",
            limitation,
            occurred_on,
            handling,
            nearest,
            None,
            transitions[0][3],
            transitions[-1][3],
            len(transitions) + sanction_count,
            folded,
            document,
        )

    # --- indicators ----------------------------------------------------------------------------------------

    def _indicators(self, framework: FrameworkInfo) -> list[IndicatorInfo]:
        choice = self._indicator_choice.get(framework.id)
        if choice is None:
            choice = self._indicator_choice[framework.id] = _Choice.of(indicator_weights(framework))
        rnd = self.rng.random
        wanted = min(1 + bisect(INDICATOR_COUNT_CUM, rnd()), len(framework.indicators))
        picked: list[IndicatorInfo] = []
        while len(picked) < wanted:
            indicator = choice.draw(rnd())
            if indicator not in picked:
                picked.append(indicator)
        return picked

    # --- parties -------------------------------------------------------------------------------------------

    def _parties(self, unit: UnitInfo, day: int, indicators: list[IndicatorInfo]) -> list[_Party]:
        rnd = self.rng.random
        staff = self.staff.get(unit.id, ())
        head = self._head_on(unit.id, day)
        chosen: list[int] = []
        collective = not staff or rnd() < COLLECTIVE_SHARE
        if not collective:
            wanted = 1 if rnd() < 0.8 else 2
            for _ in range(12):  # rejection sampling: most posts cover most days
                start, end, official = staff[int(rnd() * len(staff))]
                if start <= day <= end and official not in chosen:
                    chosen.append(official)
                    if len(chosen) == wanted:
                        break
            collective = not chosen
        head_share = 0.6 if any(i.code in HEAD_INDICATORS for i in indicators) else 0.12
        parties = [self._party(None, COLLECTIVE)] if collective else []
        parties += [self._party(official, INDIVIDUAL) for official in chosen]
        if head is not None and head not in chosen and rnd() < (0.5 if collective else head_share):
            parties.append(self._party(head, HEAD))
        return parties

    def _party(self, official: int | None, role: str) -> _Party:
        party = _Party(self.next_party, official, role)
        self.next_party += 1
        return party

    def _head_on(self, unit_id: int, day: int) -> int | None:
        for start, end, official in self.heads.get(unit_id, ()):
            if start <= day <= end:
                return official
        return None

    def _holds_post(self, official: int, day: int) -> bool:
        """As the workflow service decides it: a head or deputy post on the decision date."""
        return any(start <= day <= end and leads for start, end, leads in self.posts_of.get(official, ()))

    def _collective_name(self, unit: UnitInfo) -> str:
        where = in_sentence(unit.name)
        options = (
            f"Tập thể UBND {where}",
            f"Tập thể lãnh đạo UBND {where}",
            f"Ban Thường vụ Đảng ủy {where}",
        )
        return options[int(self.rng.random() * len(options))]

    # --- sanctions -----------------------------------------------------------------------------------------

    def _sanctions(self, unit: UnitInfo, parties: list[_Party], severity: str, decided: int) -> list[tuple]:
        rnd = self.rng.random
        picks: list[tuple[_Party, str, str]] = []
        for party in parties:
            if party.official is None:
                if rnd() < 0.3:
                    picks += self._forms_for(party, PARTY_TRACK, severity, decided, cap=1)
                continue
            member = self.plan.officials[party.official].is_party_member
            if party.role == HEAD:
                if rnd() < 0.4:
                    picks += self._forms_for(party, ADMIN_TRACK, Severity.MINOR.value, decided)
                continue
            picks += self._forms_for(party, ADMIN_TRACK, severity, decided)
            if member and rnd() < 0.55:
                picks += self._forms_for(party, PARTY_TRACK, severity, decided)
        if not picks:  # the workflow needs at least one decision to call a case sanctioned
            picks = self._lightest_possible(parties, decided)
        return [self._sanction_row(unit, party, track, form, decided) for party, track, form in picks]

    def _lightest_possible(self, parties: list[_Party], decided: int) -> list[tuple[_Party, str, str]]:
        for party in parties:
            member = party.official is None or self.plan.officials[party.official].is_party_member
            tracks = (PARTY_TRACK,) if party.official is None else (ADMIN_TRACK, PARTY_TRACK)
            for track in tracks:
                if track == PARTY_TRACK and not member:
                    continue
                picks = self._forms_for(party, track, Severity.MINOR.value, decided)
                if picks:
                    return picks
        return []

    def _forms_for(
        self, party: _Party, track: str, severity: str, day: int, cap: int | None = None
    ) -> list[tuple[_Party, str, str]]:
        if party.official is None:
            category, holds_post = rules.COLLECTIVE, False
        else:
            category, holds_post = (
                self.plan.officials[party.official].category,
                self._holds_post(party.official, day),
            )
        key = (track, category, holds_post, day)
        forms = self._forms.get(key)
        if forms is None:
            on = dt.date.fromordinal(day)
            forms = self._forms[key] = [
                code for code, _label in rules.sanction_forms(track, category, holds_post, on)
            ]
        if not forms:
            return []
        return [(party, track, forms[self._form_index(severity, len(forms), cap)])]

    def _form_index(self, severity: str, count: int, cap: int | None) -> int:
        """Lightest form for minor cases, heaviest for the extremely serious, with some spread."""
        target = {"minor": 0, "serious": 1, "very_serious": count - 2, "extremely_serious": count - 1}[
            severity
        ]
        r = self.rng.random()
        if r < 0.08:
            target -= 1
        elif r > 0.96:
            target += 1
        target = max(0, min(count - 1, target))
        return min(target, cap) if cap is not None else target

    def _sanction_row(self, unit: UnitInfo, party: _Party, track: str, form: str, day: int) -> tuple:
        decided_on = dt.date.fromordinal(day)
        key = (unit.id, decided_on.year, track)
        number = self._decision_numbers[key] = self._decision_numbers.get(key, 0) + 1
        decision = f"{number:02d}/QĐ-UBND" if track == ADMIN_TRACK else f"{number:02d}-QĐ/UBKT"
        return (party.id, track, form, decision, decided_on, self._deciding_body(unit, track), None)

    def _deciding_body(self, unit: UnitInfo, track: str) -> str:
        key = (unit.id, track)
        if key not in self._bodies:
            where = in_sentence(unit.name)
            if track == ADMIN_TRACK:
                body = f"Chủ tịch UBND {where}"
            elif unit.level == "city":
                body = "Ủy ban Kiểm tra Thành ủy Hà Nội"
            elif unit.level == "district":
                short = unit.name.split(" ", 1)[-1]
                for prefix in ("Quận ", "Huyện ", "Thị xã "):
                    short = unit.name.removeprefix(prefix) if unit.name.startswith(prefix) else short
                body = f"Ủy ban Kiểm tra {DISTRICT_PARTY_BODY.get(unit.kind, 'Đảng ủy')} {short}"
            else:
                body = f"Ủy ban Kiểm tra Đảng ủy {where}"
            self._bodies[key] = body
        return self._bodies[key]


def indicator_weights(framework: FrameworkInfo) -> list[tuple[IndicatorInfo, float]]:
    rank = {code: i for i, code in enumerate(INDICATOR_RANKING)}
    ordered = sorted(framework.indicators, key=lambda i: (rank.get(i.code, len(rank)), i.code))
    return [
        (indicator, 1.0 / math.pow(position + 1, ZIPF_EXPONENT)) for position, indicator in enumerate(ordered)
    ]


class _Timeline:
    """When each workflow step happens; the status is the last step reached by the end of the data."""

    def __init__(self, rng: random.Random, detected: int, substantiated: bool) -> None:
        self.rng = rng
        rnd, expo = rng.random, rng.expovariate
        self.created = detected
        self.verify = detected + 1 + int(expo(1 / 5))
        self.conclude = self.verify + 8 + int(expo(1 / 22))
        if rnd() < STALLED_SHARE:
            self.conclude += 90 + int(expo(1 / 120))
        self.substantiated = substantiated
        self.decided = self.conclude + 3 + int(expo(1 / 12))
        self.extended_on = self.extended_to = 0
        if substantiated and self.decided > detected + 90 and rnd() < 0.6 and self.conclude <= detected + 140:
            # asked for more time shortly before the 90-day handling time (from detection) ran out
            self.extended_on = max(self.verify, detected + 84 + int(rnd() * 5))
            self.extended_to = rules.max_extension(dt.date.fromordinal(detected)).toordinal()
            self.decided = min(self.decided, self.extended_to)
        share = SANCTIONED_CLOSED_SHARE if substantiated else UNSUBSTANTIATED_CLOSED_SHARE
        base = self.decided if substantiated else self.conclude
        self.closed = base + 10 + int(expo(1 / 40)) if rnd() < share else 0
        self.sanctioned = False
        self.status = REPORTED

    def sanction_due(self) -> bool:
        return self.substantiated and self.decided <= DATA_END

    def settle(self, sanctioned: bool) -> None:
        self.sanctioned = sanctioned
        status = REPORTED
        if self.verify <= DATA_END:
            status = VERIFYING
        if self.conclude <= DATA_END:
            status = SUBSTANTIATED if self.substantiated else UNSUBSTANTIATED
            if sanctioned:
                status = SANCTIONED
            if self.closed and self.closed <= DATA_END and (sanctioned or not self.substantiated):
                status = CLOSED
        self.status = status

    def is_substantiated(self) -> bool | None:
        return self.substantiated if self.conclude <= DATA_END else None

    def extension_recorded(self) -> bool:
        return bool(self.extended_on) and self.extended_on <= DATA_END

    def transitions(self, source: str, sanctions: list[tuple]) -> list[tuple]:
        """(from, to, actor, happened_at, note) for each step taken, oldest first."""
        steps: list[tuple[int, str, str, str]] = [
            (self.created, "", REPORTED, f"Tiếp nhận thông tin {SOURCE_PHRASES[source]}.")
        ]
        if self.verify <= DATA_END:
            steps.append((self.verify, REPORTED, VERIFYING, "Giao bộ phận kiểm tra xác minh, làm rõ."))
        if self.conclude <= DATA_END:
            if self.substantiated:
                steps.append(
                    (self.conclude, VERIFYING, SUBSTANTIATED, "Kết luận có vi phạm, đề nghị xem xét kỷ luật.")
                )
            else:
                steps.append(
                    (
                        self.conclude,
                        VERIFYING,
                        UNSUBSTANTIATED,
                        "Kết luận không vi phạm: thông tin phản ánh không có cơ sở.",
                    )
                )
        if self.sanctioned:
            steps.append(
                (self.decided, SUBSTANTIATED, SANCTIONED, f"Đã có quyết định kỷ luật số {sanctions[0][3]}.")
            )
        if self.status == CLOSED:
            steps.append((self.closed, steps[-1][2], CLOSED, "Đóng hồ sơ vụ việc."))
        if self.extension_recorded():
            self._insert_extension(steps)
        return self._stamp(steps)

    def _insert_extension(self, steps: list[tuple[int, str, str, str]]) -> None:
        at = max(i for i, step in enumerate(steps) if step[0] <= self.extended_on)
        status = steps[at][2]
        until = dt.date.fromordinal(self.extended_to)
        note = f"Gia hạn xử lý đến {until:%d/%m/%Y}: {EXTENSION_REASON}"
        steps.insert(at + 1, (self.extended_on, status, status, note))

    def _stamp(self, steps: list[tuple[int, str, str, str]]) -> list[tuple]:
        rows, previous = [], None
        for day, source, target, note in steps:
            moment = dt.datetime.fromordinal(day).replace(tzinfo=TZ) + dt.timedelta(
                seconds=27000 + int(self.rng.random() * 34200)
            )
            if previous is not None and moment <= previous:
                moment = previous + dt.timedelta(minutes=7)
            rows.append((source, target, None, moment, note))
            previous = moment
        return rows
