"""Plan the demo officials and their posts over 2019 → today, coherent with the 2025 reorganisation.

Officials are spread over the units that existed on 1/1/2019 (the city, the districts, the old communes)
in proportion to a weight per kind of unit. Each unit gets its leadership first (exactly one head at a time),
then staff by category. On 1/7/2025 those still in post move to the primary successor of their unit
(district staff go to a successor of one of the district's communes); the new communes pick their head and
secretary among the incoming leaders, and a few people are hired directly by the new communes.
"""

import datetime as dt
import random
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate

from devtools.demo import posts as P
from devtools.demo.names import NameMaker, national_id
from devtools.demo.world import UnitInfo, World

HISTORY_START = dt.date(2019, 1, 1).toordinal()
DATA_END = dt.date(2026, 11, 28).toordinal()

UNIT_WEIGHT = {P.CITY: 30.0, P.DISTRICT: 6.0, P.COMMUNE_OLD: 1.0, P.COMMUNE_NEW: 1.0}
NEW_HIRE_SHARE = 0.04  # of all officials, hired directly by the 2025 communes
LATE_START_SHARE = 0.2  # joined after 1/1/2019
EARLY_LEAVE_SHARE = 0.04  # left (retired, moved away) before the data ends
LEAVE_AT_REORGANISATION = 0.05  # staff cut when the communes merged
HEAD_CHANGE_SHARE = 0.3  # units whose head changed once before 2025 (a new term, a transfer)

# Incoming leaders are ranked by where they come from: district leaders lead the new communes first.
RANK = {
    ("district", P.HEAD): 0,
    ("district", "secretary"): 0,
    ("commune", P.HEAD): 1,
    ("commune", "secretary"): 1,
    ("district", P.DEPUTY): 2,
    ("commune", P.DEPUTY): 2,
}
OTHER_LEADER_RANK, STAFF_RANK = 3, 4


@dataclass(slots=True)
class PlannedOfficial:
    full_name: str
    staff_code: str
    national_id: str
    category: str
    is_party_member: bool
    birth_year: int


@dataclass(slots=True)
class PlannedAssignment:
    official: int  # index into StaffPlan.officials
    unit_id: int
    post_title: str
    is_head: bool
    is_deputy: bool
    start: int
    end: int  # NEVER while still in post


@dataclass
class StaffPlan:
    officials: list[PlannedOfficial] = field(default_factory=list)
    assignments: list[PlannedAssignment] = field(default_factory=list)


@dataclass(slots=True)
class _Mover:
    """Someone in post on the last day of a dissolved unit, moving to a successor."""

    official: int
    rank: int
    tiebreak: float


def profile_of(unit: UnitInfo) -> str:
    if unit.level == "city":
        return P.CITY
    if unit.level == "district":
        return P.DISTRICT
    return P.COMMUNE_NEW if unit.start > HISTORY_START else P.COMMUNE_OLD


def largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Integer shares of `total` proportional to weights; ties go to the earlier item (stable)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    exact = [total * w / weight_sum for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


class StaffPlanner:
    def __init__(self, world: World, rng: random.Random, first_code: int, units_with_head: set[int]) -> None:
        self.world = world
        self.rng = rng
        self.names = NameMaker(rng)
        self.first_code = first_code
        self.units_with_head = units_with_head  # appending to existing data: never add a second head
        self.plan = StaffPlan()
        self.movers: dict[int, list[_Mover]] = {}
        cats, weights = zip(*P.STAFF_CATEGORY_WEIGHTS, strict=True)
        self._categories: tuple[str, ...] = cats
        self._category_cum = list(accumulate(weights))

    # --- entry point -----------------------------------------------------------------------------------

    def build(self, total: int) -> StaffPlan:
        old = [u for u in self.world.units if u.start <= HISTORY_START <= u.end]
        new = [u for u in self.world.units if HISTORY_START < u.start <= DATA_END]
        new_hires = round(total * NEW_HIRE_SHARE) if new and old else (total if new else 0)
        old_quota = largest_remainder(total - new_hires, [UNIT_WEIGHT[profile_of(u)] for u in old])
        new_quota = largest_remainder(new_hires, [UNIT_WEIGHT[profile_of(u)] for u in new])
        for unit, quota in zip(old, old_quota, strict=True):
            self._staff_old_unit(unit, quota)
        for unit, quota in zip(new, new_quota, strict=True):
            self._staff_new_unit(unit, quota)
        return self.plan

    # --- people ----------------------------------------------------------------------------------------

    def _person(self, category: str, leader: bool, young: bool = False) -> int:
        rng = self.rng
        female = rng.random() < (0.22 if leader else 0.52)
        if leader:
            birth_year = 1964 + int(rng.random() * 19)
        elif young:
            birth_year = 1990 + int(rng.random() * 13)
        else:
            birth_year = 1966 + int(rng.random() * 35)
        member = leader or rng.random() < P.PARTY_MEMBER_SHARE[category]
        index = len(self.plan.officials)
        self.plan.officials.append(
            PlannedOfficial(
                full_name=self.names.full_name(female),
                staff_code=f"HN{self.first_code + index:07d}",
                national_id=national_id(rng, birth_year, female),
                category=category,
                is_party_member=member,
                birth_year=birth_year,
            )
        )
        return index

    def _staff_post(self, profile: str) -> P.Post:
        rng = self.rng
        category = self._categories[bisect(self._category_cum, rng.random() * self._category_cum[-1])]
        titles = P.STAFF_POSTS[profile][category]
        return P.Post(titles[int(rng.random() * len(titles))], category)

    def _assign(self, official: int, unit: UnitInfo, post: P.Post, start: int, end: int) -> None:
        self.plan.assignments.append(
            PlannedAssignment(official, unit.id, post.title, post.is_head, post.is_deputy, start, end)
        )

    # --- units that existed on 1/1/2019 ------------------------------------------------------------------

    def _staff_old_unit(self, unit: UnitInfo, quota: int) -> None:
        profile = profile_of(unit)
        start, end = max(unit.start, HISTORY_START), unit.end
        leaders = P.leadership(profile, unit.kind)
        if unit.id in self.units_with_head:
            leaders = leaders[1:]
        last_day = min(end, DATA_END)
        change_day = None
        if leaders and leaders[0].is_head and quota >= 6 and self.rng.random() < HEAD_CHANGE_SHARE:
            change_day = start + 400 + int(self.rng.random() * max(1, last_day - start - 600))
        pending = list(leaders)
        for slot in range(quota):
            if change_day is not None and slot == 1:
                self._staff_changed_head(unit, profile, start, end, change_day)
            # The head first, then one more leadership post for every two staff: small demo runs (a few
            # officials per unit) then still have mostly công chức rather than only elected cán bộ.
            elif pending and (slot == 0 or slot % 3 == 0):
                post = pending.pop(0)
                self._staff_leader(unit, post, start, end, change_day if post.is_head else None)
            else:
                self._staff_member(unit, self._staff_post(profile), start, end)

    def _staff_leader(self, unit: UnitInfo, post: P.Post, start: int, end: int, until: int | None) -> None:
        official = self._person(post.category, leader=True)
        if until is not None:  # the first head of a unit whose head changed: leaves on the change
            self._assign(official, unit, post, start, until - 1)
            return
        self._assign(official, unit, post, start, end)
        kind = "secretary" if post.title.startswith("Bí thư") else post.kind
        self._continue(official, unit, RANK.get((unit.level, kind), OTHER_LEADER_RANK))

    def _staff_changed_head(
        self, unit: UnitInfo, profile: str, start: int, end: int, change_day: int
    ) -> None:
        """The second head: a deputy promoted on the change day."""
        official = self._person(P.CB, leader=True)
        self._assign(official, unit, P.DEPUTY_POSTS[profile], start, change_day - 1)
        self._assign(official, unit, P.HEAD_POSTS[profile], change_day, end)
        self._continue(official, unit, RANK.get((unit.level, P.HEAD), OTHER_LEADER_RANK))

    def _staff_member(self, unit: UnitInfo, post: P.Post, start: int, end: int) -> None:
        rng = self.rng
        official = self._person(post.category, leader=False)
        last_day = min(end, DATA_END)
        if rng.random() < LATE_START_SHARE and last_day - start > 120:
            start += 1 + int(rng.random() * (last_day - start - 90))
        if rng.random() < EARLY_LEAVE_SHARE and last_day - start > 200:
            self._assign(
                official, unit, post, start, start + 90 + int(rng.random() * (last_day - start - 100))
            )
            return
        self._assign(official, unit, post, start, end)
        self._continue(official, unit, STAFF_RANK)

    def _continue(self, official: int, unit: UnitInfo, rank: int) -> None:
        """Queue someone still in post when their unit is dissolved for its successor."""
        if unit.end >= DATA_END or self.rng.random() < LEAVE_AT_REORGANISATION:
            return
        target = self._successor(unit)
        if target is not None:
            self.movers.setdefault(target, []).append(_Mover(official, rank, self.rng.random()))

    def _successor(self, unit: UnitInfo) -> int | None:
        candidates = self._successor_candidates(unit)
        candidates = [c for c in candidates if self.world.by_id[c].end > unit.end]
        if not candidates:
            return None
        return candidates[0] if len(candidates) == 1 else candidates[int(self.rng.random() * len(candidates))]

    def _successor_candidates(self, unit: UnitInfo) -> list[int]:
        links = self.world.successors.get(unit.id)
        if links:
            primaries = [succ for succ, primary in links if primary]
            return [primaries[0] if primaries else links[0][0]]
        # A district has no successor of its own: its staff went to the communes that replaced its communes.
        found: list[int] = []
        for child in self.world.children.get(unit.id, []):
            for succ in self._successor_candidates(self.world.by_id[child]):
                if succ not in found:
                    found.append(succ)
        return found

    # --- units created by the reorganisation -------------------------------------------------------------

    def _staff_new_unit(self, unit: UnitInfo, quota: int) -> None:
        profile = profile_of(unit)
        leaders = P.leadership(profile, unit.kind)
        if unit.id in self.units_with_head:
            leaders = leaders[1:]
        ranked = sorted(self.movers.pop(unit.id, []), key=lambda m: (m.rank, m.tiebreak, m.official))
        vacant = list(leaders)
        rest: list[_Mover] = []
        for mover in ranked:
            if vacant and mover.rank <= OTHER_LEADER_RANK:
                self._assign(mover.official, unit, vacant.pop(0), unit.start, unit.end)
            else:
                rest.append(mover)
        for mover in rest:
            category = self.plan.officials[mover.official].category
            if vacant and vacant[0].is_head and category in (P.CB, P.CC):
                self._assign(mover.official, unit, vacant.pop(0), unit.start, unit.end)
            else:
                self._assign(
                    mover.official, unit, self._moved_post(profile, mover, category), unit.start, unit.end
                )
        for _slot in range(quota):
            self._hire(unit, profile, vacant)

    def _moved_post(self, profile: str, mover: _Mover, category: str) -> P.Post:
        """Former leaders who found no leadership post head a division of the new commune."""
        if mover.rank <= OTHER_LEADER_RANK:
            title = "Trưởng phòng Kinh tế" if self.rng.random() < 0.5 else "Chánh Văn phòng HĐND và UBND"
            return P.Post(title, category)
        titles = P.STAFF_POSTS[profile][category]
        return P.Post(titles[int(self.rng.random() * len(titles))], category)

    def _hire(self, unit: UnitInfo, profile: str, vacant: list[P.Post]) -> None:
        rng = self.rng
        if (
            vacant
            and vacant[0].kind in (P.HEAD, P.LEADER)
            and vacant[0].title.startswith(("Chủ tịch", "Bí thư"))
        ):
            post = vacant.pop(0)
            self._assign(self._person(post.category, leader=True), unit, post, unit.start, unit.end)
            return
        post = self._staff_post(profile)
        official = self._person(post.category, leader=False, young=True)
        start = unit.start + int(rng.random() * max(1, DATA_END - unit.start - 30))
        self._assign(official, unit, post, start, unit.end)
