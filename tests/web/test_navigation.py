"""The menu offers each role exactly what it may use: every link it shows opens, none leads to a 404."""

import re

import pytest
from django.urls import reverse

from tests.factories import RoleGrantFactory, UserFactory
from tests.web.fixtures_list import Tree, build_tree, client_for
from units.models import Role

pytestmark = pytest.mark.django_db
NAV = re.compile(r'<nav class="mainnav">(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)">([^<]+)</a>')


@pytest.fixture
def tree(framework) -> Tree:
    return build_tree(framework)


def menu(user) -> dict[str, str]:
    html = client_for(user).get(reverse("violations:rules")).content.decode()
    nav = NAV.search(html)
    assert nav is not None
    return {label.strip(): href for href, label in LINK.findall(nav.group(1))}


def granted(role: str, unit) -> object:
    user = UserFactory()
    RoleGrantFactory(user=user, role=role, unit=unit)
    return user


@pytest.mark.parametrize(
    "role, expected",
    [
        (Role.INSPECTOR, {"Tổng quan", "Vụ việc", "Ghi nhận vụ việc", "Quy định"}),
        (Role.LEADER, {"Tổng quan", "Vụ việc", "Báo cáo", "Quy định"}),
        (Role.AUDITOR, {"Tổng quan", "Vụ việc", "Báo cáo", "Quy định", "Nhật ký thay đổi"}),
        (Role.ADMIN, {"Tổng quan", "Vụ việc", "Ghi nhận vụ việc", "Báo cáo", "Quy định", "Nhật ký thay đổi"}),
    ],
)
def test_each_role_sees_only_the_pages_it_may_open(tree, role, expected):
    user = granted(role, tree.district_a)
    links = menu(user)
    assert set(links) == expected
    client = client_for(user)
    for label, href in links.items():
        assert client.get(href).status_code == 200, label
