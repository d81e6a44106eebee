"""A tiny Hanoi for the list, export and people tests, imported explicitly by those modules.

Two districts, each with communes; an inspector per district, a city admin, a user with no scope at all.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from officials.models import Category, Official
from tests.factories import AssignmentFactory, RoleGrantFactory
from units.models import Role, Unit, UnitKind
from units.text import fold
from violations.models import Framework, Incident, IncidentParty, PartyRole

NATIONAL_ID = "001203004567"


@dataclass
class Tree:
    framework: Framework
    city: Unit
    district_a: Unit
    township_a: Unit  # Thị trấn Đông Anh
    commune_a: Unit  # Xã Bắc Hồng
    district_b: Unit
    ward_b: Unit
    official_a: Official
    official_b: Official
    inspector_a: User
    inspector_b: User
    admin: User
    outsider: User
    counter: list[int] = field(default_factory=lambda: [0])

    def incident(
        self,
        unit: Unit,
        *,
        codes: tuple[str, ...] = ("CT24-01",),
        official: Official | None = None,
        **fields: Any,
    ) -> Incident:
        self.counter[0] += 1
        values: dict[str, Any] = {
            "title": f"Vụ việc thử {self.counter[0]}",
            "description": "Chậm giải quyết hồ sơ tại bộ phận một cửa.",
            "occurred_on": dt.date(2024, 5, 10),
            "severity": "minor",
            "source": "inspection",
        }
        values.update(fields)
        values.setdefault("detected_on", values["occurred_on"] + dt.timedelta(days=3))
        incident = Incident.objects.create(framework=self.framework, unit=unit, **values)
        incident.indicators.set(self.framework.indicators.filter(code__in=codes))
        if official is not None:
            IncidentParty.objects.create(incident=incident, official=official, role=PartyRole.INDIVIDUAL)
        return incident


def build_tree(framework: Framework) -> Tree:
    city = _unit("l:city", "Thành phố Hà Nội", UnitKind.CITY)
    district_a = _unit("l:da", "Huyện Đông Anh", UnitKind.RURAL_DISTRICT, city)
    district_b = _unit("l:db", "Quận Ba Đình", UnitKind.URBAN_DISTRICT, city)
    township_a = _unit("l:ta", "Thị trấn Đông Anh", UnitKind.TOWNSHIP, district_a)
    commune_a = _unit("l:ca", "Xã Bắc Hồng", UnitKind.COMMUNE, district_a)
    ward_b = _unit("l:wb", "Phường Phúc Xá", UnitKind.WARD, district_b)
    official_a = _official("Trần Văn Bình", NATIONAL_ID, commune_a, "Công chức Địa chính")
    official_b = _official("Phạm Minh Châu", "001098765432", ward_b, "Công chức Tư pháp")
    return Tree(
        framework=framework,
        city=city,
        district_a=district_a,
        township_a=township_a,
        commune_a=commune_a,
        district_b=district_b,
        ward_b=ward_b,
        official_a=official_a,
        official_b=official_b,
        inspector_a=_user("kiemtra_a", Role.INSPECTOR, district_a),
        inspector_b=_user("kiemtra_b", Role.INSPECTOR, district_b),
        admin=_user("quantri", Role.ADMIN, city),
        outsider=_user("khong_pham_vi"),
    )


def _unit(key: str, name: str, kind: str, parent: Unit | None = None) -> Unit:
    return Unit.objects.create(key=key, name=name, kind=kind, parent=parent)


def _official(name: str, national_id: str, unit: Unit, post: str) -> Official:
    official = Official.objects.create(
        full_name=name,
        staff_code=f"LT-{fold(name)}",
        national_id=national_id,
        category=Category.CONG_CHUC,
        is_party_member=True,
    )
    AssignmentFactory(official=official, unit=unit, post_title=post)
    return official


def _user(username: str, role: str = "", unit: Unit | None = None) -> User:
    user = User.objects.create_user(username=username, password="mat-khau-an-toan-2025")
    if unit is not None:
        RoleGrantFactory(user=user, role=role, unit=unit)
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
