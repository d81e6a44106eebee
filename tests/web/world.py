"""A small Hanoi for web tests: two former districts with a commune each, one 2025 commune, five personas."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser

from officials.models import Official
from tests.factories import AssignmentFactory, OfficialFactory, RoleGrantFactory, UnitFactory, UserFactory
from units.models import Role, Unit, UnitKind, UnitSuccession
from violations.models import Framework, Incident, IncidentParty, PartyRole
from violations.services.incidents import PartySpec, incident_create

BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)


@dataclass
class World:
    framework: Framework
    city: Unit
    district_a: Unit
    district_b: Unit
    commune_a: Unit
    commune_b: Unit
    commune_new: Unit
    official_a: Official
    official_b: Official
    head_a: Official
    official_new: Official
    inspector_a: AbstractUser
    inspector_b: AbstractUser
    leader_a: AbstractUser
    admin: AbstractUser
    auditor: AbstractUser

    def incident_in(
        self, unit: Unit, official: Official, *, user=None, occurred=dt.date(2024, 5, 10)
    ) -> Incident:
        indicators = list(self.framework.indicators.order_by("number")[:2])
        return incident_create(
            user=user or self.admin,
            unit=unit,
            title="Chậm giải quyết hồ sơ đất đai",
            description="Hồ sơ quá hạn 20 ngày tại bộ phận một cửa.",
            occurred_on=occurred,
            detected_on=occurred + dt.timedelta(days=3),
            severity="minor",
            source="petition",
            indicators=indicators,
            parties=[PartySpec(official, PartyRole.INDIVIDUAL)],
        )


def build_world(framework: Framework) -> World:
    city = UnitFactory(key="w:city", name="Thành phố Hà Nội", kind=UnitKind.CITY)
    district_a = UnitFactory(
        key="w:da", name="Huyện Đông Anh", kind=UnitKind.RURAL_DISTRICT, parent=city, valid_until=BEFORE
    )
    district_b = UnitFactory(
        key="w:db", name="Quận Ba Đình", kind=UnitKind.URBAN_DISTRICT, parent=city, valid_until=BEFORE
    )
    commune_a = UnitFactory(
        key="w:ca", name="Thị trấn Đông Anh", kind=UnitKind.TOWNSHIP, parent=district_a, valid_until=BEFORE
    )
    commune_b = UnitFactory(
        key="w:cb", name="Phường Phúc Xá", kind=UnitKind.WARD, parent=district_b, valid_until=BEFORE
    )
    commune_new = UnitFactory(
        key="w:cn", name="Xã Phúc Thịnh", kind=UnitKind.COMMUNE, parent=city, valid_from=AFTER
    )
    UnitSuccession.objects.create(predecessor=commune_a, successor=commune_new, effective_on=AFTER)
    official_a = _serving(commune_a, "Trần Văn Bình", "Công chức Địa chính")
    head_a = _serving(commune_a, "Lê Thị Hoa", "Chủ tịch UBND", is_head=True)
    official_b = _serving(commune_b, "Phạm Minh Châu", "Công chức Tư pháp")
    official_new = _serving(commune_new, "Đỗ Quang Dũng", "Chuyên viên", start=AFTER)
    world = World(
        framework=framework,
        city=city,
        district_a=district_a,
        district_b=district_b,
        commune_a=commune_a,
        commune_b=commune_b,
        commune_new=commune_new,
        official_a=official_a,
        official_b=official_b,
        head_a=head_a,
        official_new=official_new,
        inspector_a=_user("kiemtra_a", Role.INSPECTOR, district_a, commune_new),
        inspector_b=_user("kiemtra_b", Role.INSPECTOR, district_b),
        leader_a=_user("lanhdao_a", Role.LEADER, commune_a),
        admin=_user("quantri", Role.ADMIN, city),
        auditor=_user("giamsat", Role.AUDITOR, city),
    )
    return world


def _serving(
    unit: Unit, name: str, post: str, *, is_head: bool = False, start=dt.date(2019, 1, 1)
) -> Official:
    official = OfficialFactory(full_name=name)
    AssignmentFactory(
        official=official,
        unit=unit,
        post_title=post,
        is_head=is_head,
        start_date=start,
        end_date=BEFORE if unit.valid_until else None,
    )
    return official


def _user(username: str, role: str, *units: Unit) -> AbstractUser:
    user = UserFactory(username=username)
    for unit in units:
        RoleGrantFactory(user=user, role=role, unit=unit)
    return user


def party_of(incident: Incident) -> IncidentParty:
    return incident.parties.first()
