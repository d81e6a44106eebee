"""Every page a signed-in administrator can open, with hostile query strings: never a 500.

The class of input behind the probe's dashboard and audit findings: values at the ends of the calendar, of
the integers and of text, on every URL (the app's and the Django admin's changelists), not only on the
pages that had failed.
"""

import pytest
from django.test import Client
from django.urls import reverse

from violations.models import Incident

pytestmark = pytest.mark.django_db

EXTREMES = ["31/12/9999", "01/01/0001", "9" * 30, "\x00", "²"]
KEYS = [
    "start",
    "end",
    "since",
    "until",
    "occurred_from",
    "occurred_to",
    "sanctioned_from",
    "on",
    "year",
    "month",
    "quarter",
    "page",
    "cursor",
    "p",
    "o",
    "q",
    "unit",
    "period",
    "kind",
]
ADMIN_DATES = [
    {"occurred_on__year": "9999", "occurred_on__month": "12", "occurred_on__day": "31"},
    {"occurred_on__year": "1", "occurred_on__month": "1"},
    {"occurred_on__year": "10000"},
    {"occurred_on__gte": "9999-12-31"},
    {"decided_on__year": "9999", "decided_on__month": "12"},
]


def _queries() -> list[dict[str, str]]:
    queries = [{key: value} for key in KEYS for value in EXTREMES]
    queries += [{"period": "custom", "start": a, "end": b} for a in EXTREMES[:3] for b in EXTREMES[:3]]
    return queries + ADMIN_DATES


def _pages(world) -> list[str]:
    incident = world.incident_in(world.commune_a, world.official_a)
    unit = world.commune_a
    return [
        reverse("violations:incident_list"),
        reverse("violations:incident_export_csv"),
        reverse("violations:incident_export_xlsx"),
        reverse("violations:incident_detail", args=[incident.pk]),
        reverse("violations:incident_edit", args=[incident.pk]),
        reverse("violations:unit_detail", args=[unit.pk]),
        reverse("violations:official_detail", args=[world.official_a.pk]),
        reverse("violations:unit_lookup"),
        reverse("violations:official_lookup"),
        reverse("violations:audit_log"),
        reverse("violations:audit_export_csv"),
        reverse("dashboard"),
        reverse("report_list"),
        reverse("report_generate"),
        "/admin/violations/incident/",
        "/admin/violations/sanction/",
        "/admin/officials/official/",
        "/admin/units/unit/",
        "/admin/auth/user/",
    ]


def test_no_page_fails_on_a_hostile_query_string(world):
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client = Client(raise_request_exception=False)
    client.force_login(world.admin)
    failures = []
    pages = _pages(world)
    assert Incident.objects.exists()
    for url in pages:
        for query in _queries():
            response = client.get(url, query)
            if response.streaming:
                try:
                    b"".join(response.streaming_content)
                except Exception as exc:  # noqa: BLE001 — every failure is collected and reported
                    failures.append((url, query, repr(exc)))
            if response.status_code >= 500:
                failures.append((url, query, response.status_code))
    assert failures == [], "\n".join(map(str, failures))


def test_every_admin_of_the_project_answers_bad_lookups_safely():
    from django.contrib import admin

    from units.admin_base import SafeChangelistAdmin

    ours = ("units.", "officials.", "violations.", "reports.", "accounts.")
    unsafe = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if type(model_admin).__module__.startswith(ours) and not isinstance(model_admin, SafeChangelistAdmin)
    ]
    assert unsafe == []
