"""One demo login per role, idempotent: running the seeder again finds and keeps the same users and grants."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from officials.models import Assignment, Category, Official
from officials.selectors import unit_head_on
from units.models import REORGANISATION_DATE, Role, RoleGrant, Unit, UnitLevel, UnitSuccession

# Printed at the end of every run: these accounts exist for demonstrations only. The published password is
# used only with DEBUG on; elsewhere (a benchmark database seeded with --allow-production-database) each run
# draws a random one, printed once, so no superuser with a known password ever exists outside development.
DEMO_PASSWORD = "kycuong-demo-2025"
_RUN_PASSWORD = secrets.token_urlsafe(12)


def demo_password() -> str:
    return DEMO_PASSWORD if settings.DEBUG else _RUN_PASSWORD


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str


def ensure_demo_users(next_staff_code: int) -> tuple[list[DemoLogin], list[str]]:
    """Create or refresh the demo users; returns the logins and warnings about units that were not found."""
    warnings: list[str] = []
    city = Unit.objects.filter(level=UnitLevel.CITY, parent=None).order_by("key").first()
    dong_anh = Unit.objects.filter(level=UnitLevel.DISTRICT, name="Huyện Đông Anh").order_by("key").first()
    phuc_thinh = _current_unit_named("Xã Phúc Thịnh")
    logins: list[DemoLogin] = []

    inspector_units = [dong_anh, *_successors_of_district(dong_anh)] if dong_anh else []
    logins.append(
        _login("kiemtra", Role.INSPECTOR, inspector_units, "Huyện Đông Anh (cũ) và các xã kế thừa")[0]
    )
    if not dong_anh:
        warnings.append("Không tìm thấy Huyện Đông Anh: tài khoản kiemtra chưa được phân quyền.")

    leader_login, leader = _login("lanhdao", Role.LEADER, [phuc_thinh] if phuc_thinh else [], "Xã Phúc Thịnh")
    logins.append(leader_login)
    if phuc_thinh:
        _link_head(leader, phuc_thinh, next_staff_code)
    else:
        warnings.append("Không tìm thấy Xã Phúc Thịnh: tài khoản lanhdao chưa được phân quyền.")

    city_units = [city] if city else []
    logins.append(_login("quantri", Role.ADMIN, city_units, "Thành phố Hà Nội", superuser=True)[0])
    logins.append(_login("giamsat", Role.AUDITOR, city_units, "Thành phố Hà Nội (chỉ xem)")[0])
    return logins, warnings


def _current_unit_named(name: str) -> Unit | None:
    today = timezone.localdate()
    day = max(today, REORGANISATION_DATE)
    return Unit.objects.filter(name=name).valid_on(day).order_by("key").first()


def _successors_of_district(district: Unit) -> list[Unit]:
    links = UnitSuccession.objects.filter(Q(predecessor=district) | Q(predecessor__parent=district))
    return list(Unit.objects.filter(pk__in=links.values("successor_id")).order_by("key"))


def _user(username: str, *, superuser: bool = False) -> User:
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@demo.kycuong.hanoi.gov.vn"}
    )
    user.set_password(demo_password())
    user.is_active = True
    user.is_staff = user.is_superuser = superuser
    user.save()
    return user


def _login(
    username: str, role: str, units: list[Unit], scope: str, *, superuser: bool = False
) -> tuple[DemoLogin, User]:
    user = _user(username, superuser=superuser)
    for unit in units:
        RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
    return DemoLogin(username, str(Role(role).label), scope if units else "—"), user


def _link_head(user: User, unit: Unit, next_staff_code: int) -> None:
    """The leader account is the person who heads the commune today (created if the seed gave it no head)."""
    day = max(timezone.localdate(), unit.valid_from or REORGANISATION_DATE)
    head = unit_head_on(unit, day)
    if head is None:
        head = Official.objects.create(
            full_name="Nguyễn Văn Thịnh",
            staff_code=f"HN{next_staff_code:07d}",
            category=Category.CAN_BO,
            is_party_member=True,
            birth_year=1972,
        )
        Assignment.objects.create(
            official=head,
            unit=unit,
            post_title="Chủ tịch UBND",
            is_head=True,
            start_date=unit.valid_from or dt.date(2025, 7, 1),
        )
    Official.objects.filter(user=user).exclude(pk=head.pk).update(user=None)
    if head.user_id != user.pk:
        Official.objects.filter(pk=head.pk).update(user=user)
