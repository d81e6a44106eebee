"""A small Hanoi for report tests: tests/web/world.py plus a second 2025 commune, leaders with email
addresses, a subscriber, and incidents in October 2026 (the month reported on) and around it.

Hand counts for October 2026 (see test_snapshot.py):
  Xã Phúc Thịnh: 2 incidents (both group I, CT24-01 + CT24-02; one minor, one serious), 1 substantiated and
    sanctioned (khiển trách, decided 20/10/2026); September 2026: 1; October 2025: 0.
  Phường Ba Đình: 1 incident (group II, CT24-14: items 13–21 form group II), not concluded.
  Thành phố Hà Nội (the whole tree): 3 in October 2026, 1 in September 2026.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from officials.models import Official
from reports.models import Subscription
from reports.periods import Period
from tests.factories import AssignmentFactory, OfficialFactory, RoleGrantFactory, UnitFactory, UserFactory
from tests.web.world import AFTER, World, build_world
from units.models import Role, Unit, UnitKind
from violations.models import Incident, PartyRole, Status
from violations.services.incidents import PartySpec, incident_create
from violations.services.workflow import incident_transition, sanction_record

OCTOBER = Period.month(2026, 10)
TODAY = dt.date(2026, 11, 29)


@dataclass
class ReportWorld:
    base: World
    commune_two: Unit
    official_two: Official
    head_new: Official
    substantiated: Incident
    open_old: Incident


def _file(world: World, unit: Unit, official: Official, occurred: dt.date, severity: str, numbers: list[int]):
    return incident_create(
        user=world.admin,
        unit=unit,
        title="Chậm trả lời văn bản của công dân",
        description="Quá hạn trả lời đơn đề nghị.",
        occurred_on=occurred,
        detected_on=occurred + dt.timedelta(days=1),
        severity=severity,
        source="inspection",
        indicators=list(world.framework.indicators.filter(number__in=numbers)),
        parties=[PartySpec(official, PartyRole.INDIVIDUAL)],
    )


def _substantiate_and_sanction(world: World, incident: Incident) -> None:
    for step, note in ((Status.VERIFYING, ""), (Status.SUBSTANTIATED, "Có vi phạm")):
        incident_transition(
            user=world.admin, incident=incident, target=step, note=note, on=dt.date(2026, 10, 15)
        )
    sanction_record(
        user=world.admin,
        party=incident.parties.get(),
        track="administrative",
        form="khien_trach",
        decision_number="12/QĐ-UBND",
        decided_on=dt.date(2026, 10, 20),
        deciding_body="UBND xã Phúc Thịnh",
    )


def _leader(username: str, unit: Unit, official: Official | None = None) -> None:
    user: Any = UserFactory(username=username)
    if official is not None:
        official.user = user
        official.save()
    else:
        RoleGrantFactory(user=user, role=Role.LEADER, unit=unit)


def build_report_world(framework) -> ReportWorld:
    world = build_world(framework)
    commune_two = UnitFactory(
        key="w:c2", name="Phường Ba Đình", kind=UnitKind.WARD, parent=world.city, valid_from=AFTER
    )
    official_two = OfficialFactory(full_name="Vũ Thị Ánh")
    AssignmentFactory(
        official=official_two, unit=commune_two, post_title="Công chức Văn phòng", start_date=AFTER
    )
    head_new = OfficialFactory(full_name="Ngô Đức Hải")
    AssignmentFactory(
        official=head_new, unit=world.commune_new, post_title="Chủ tịch UBND", is_head=True, start_date=AFTER
    )
    _leader("chutich_phucthinh", world.commune_new, official=head_new)  # a leader by post
    _leader("lanhdao_phucthinh", world.commune_new)  # a leader by role
    _leader("lanhdao_badinh", commune_two)
    _leader("lanhdao_thanhpho", world.city)
    Subscription.objects.create(unit=world.city, email="VanPhong@HanoI.gov.vn")
    Subscription.objects.create(unit=world.city, email="cu@hanoi.gov.vn", active=False)

    substantiated = _file(world, world.commune_new, world.official_new, dt.date(2026, 10, 5), "minor", [1, 2])
    _substantiate_and_sanction(world, substantiated)
    _file(world, world.commune_new, head_new, dt.date(2026, 10, 25), "serious", [1])
    _file(world, world.commune_new, world.official_new, dt.date(2026, 9, 12), "minor", [2])
    _file(world, commune_two, official_two, dt.date(2026, 10, 9), "minor", [14])
    open_old = world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 5, 10))
    # Handling started 1/6/2024: its 90-day handling time ran out long ago, so it is overdue.
    open_old = incident_transition(
        user=world.admin, incident=open_old, target=Status.VERIFYING, on=dt.date(2024, 6, 1)
    )
    return ReportWorld(world, commune_two, official_two, head_new, substantiated, open_old)
