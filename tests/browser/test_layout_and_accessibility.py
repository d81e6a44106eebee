"""The main pages at phone width (390 px: no horizontal scroll) and under axe-core (no serious or critical
violation of WCAG 2.1 A/AA), in headless Chromium."""

import datetime as dt

import pytest
from django.urls import reverse

from reports.generation import report_request
from reports.periods import Period
from tests.web.world import build_world
from violations.models import Status
from violations.services.workflow import incident_transition

from .conftest import PHONE, horizontal_overflow, serious_accessibility_violations, sign_in, sign_in_with_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    from violations.services.framework import framework_load_default

    world = build_world(framework_load_default())
    world.incident = world.incident_in(world.commune_a, world.official_a)
    incident_transition(
        user=world.inspector_a, incident=world.incident, target=Status.VERIFYING, note="", on=None
    )
    after = dt.date(2025, 8, 5)
    world.incident_new = world.incident_in(world.commune_new, world.official_new, occurred=after)
    return world


def _pages(world) -> dict[str, str]:
    incident = world.incident.pk
    return {
        "danh sách vụ việc": reverse("violations:incident_list"),
        "vụ việc": reverse("violations:incident_detail", args=[incident]),
        "ghi nhận vụ việc": reverse("violations:incident_create"),
        "sửa vụ việc": reverse("violations:incident_edit", args=[incident]),
        "in danh sách": reverse("violations:incident_print"),
        "tổng quan": reverse("dashboard"),
        "quy định": reverse("violations:rules"),
        "cán bộ": reverse("violations:official_detail", args=[world.official_a.pk]),
        "đơn vị": reverse("violations:unit_detail", args=[world.commune_a.pk]),
        "báo cáo": reverse("report_list"),
        "nhật ký thay đổi": reverse("violations:audit_log"),
        "đổi mật khẩu": reverse("password_change"),
        "không tìm thấy": "/incidents/999999/",
    }


PHONE_PAGES = [
    "danh sách vụ việc", "vụ việc", "ghi nhận vụ việc", "tổng quan", "in danh sách", "cán bộ", "quy định",
]  # fmt: skip


def test_the_inspectors_pages_fit_a_phone(open_page, live_server, world):
    page = open_page(PHONE)
    sign_in(page, live_server.url, "kiemtra_a")
    pages = _pages(world)
    wider = {}
    for name in PHONE_PAGES:
        page.goto(live_server.url + pages[name])
        if overflow := horizontal_overflow(page):
            wider[name] = overflow
    assert wider == {}, f"pages wider than 390 px (extra pixels): {wider}"


def test_the_administrators_pages_fit_a_phone(open_page, live_server, world):
    page = open_page(PHONE)
    sign_in_with_code(page, live_server.url, world.admin)
    pages = _pages(world)
    wider = {}
    for name in [*PHONE_PAGES, "báo cáo", "nhật ký thay đổi", "đơn vị"]:
        page.goto(live_server.url + pages[name])
        if overflow := horizontal_overflow(page):
            wider[name] = overflow
    assert wider == {}, f"pages wider than 390 px (extra pixels): {wider}"


def test_no_page_has_a_serious_accessibility_violation(open_page, live_server, world):
    page = open_page(bypass_csp=True)
    report = report_request(unit=world.commune_new, period=Period.month(2025, 8))
    found = {}
    page.goto(f"{live_server.url}/accounts/login/")
    found["đăng nhập"] = serious_accessibility_violations(page)
    sign_in_with_code(page, live_server.url, world.admin)
    pages = _pages(world) | {"một báo cáo": reverse("report_detail", args=[report.pk])}
    assert len(pages) + 1 >= 12
    for name, path in pages.items():
        page.goto(live_server.url + path)
        found[name] = serious_accessibility_violations(page)
    found = {name: violations for name, violations in found.items() if violations}
    assert found == {}, found
