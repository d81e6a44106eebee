"""factory_boy factories shared by the suite."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from officials.models import Assignment, Category, Official
from units.models import Role, RoleGrant, Unit, UnitKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-an-toan-2025")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    key = factory.Sequence(lambda n: f"test:{n}")
    name = factory.Sequence(lambda n: f"Phường Thử {n}")
    kind = UnitKind.WARD
    parent = None


def city() -> Unit:
    return UnitFactory(name="Thành phố Hà Nội", kind=UnitKind.CITY, key="test-city")


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    staff_code = factory.Sequence(lambda n: f"CB{n:06d}")
    category = Category.CONG_CHUC
    is_party_member = True


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    official = factory.SubFactory(OfficialFactory)
    unit = factory.SubFactory(UnitFactory)
    post_title = "Chuyên viên"
    start_date = dt.date(2020, 1, 1)


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    role = Role.INSPECTOR
    unit = factory.SubFactory(UnitFactory)
