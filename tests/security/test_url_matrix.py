"""Every URL in the URLconf × every role, in scope, out of scope and anonymous → the status it must answer.

The URL list is read from the resolver: a URL added without an entry here fails
`test_every_url_has_an_entry`. Outsiders get 404 (an id outside one's scope does not exist), anonymous
users are sent to the login page, and pages that list or export answer 200 but never show what lies outside.
Django admin URLs are covered by a prefix rule: staff status and a confirmed second factor.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import UserFactory
from tests.web.world import World
from units.models import Role, RoleGrant
from violations.services.attachments import attachment_add

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SECRET_TITLE = "Vụ việc chỉ người trong phạm vi được thấy"

# persona → (role, whether the test objects in Thị trấn Đông Anh lie in their scope)
PERSONAS: dict[str, tuple[str, bool]] = {
    "inspector_in": (Role.INSPECTOR, True),
    "inspector_out": (Role.INSPECTOR, False),
    "leader_in": (Role.LEADER, True),
    "leader_out": (Role.LEADER, False),
    "admin_in": (Role.ADMIN, True),
    "admin_out": (Role.ADMIN, False),
    "auditor_in": (Role.AUDITOR, True),
    "auditor_out": (Role.AUDITOR, False),
}
READERS = frozenset({Role.INSPECTOR, Role.LEADER, Role.ADMIN, Role.AUDITOR})
HANDLERS = frozenset({Role.INSPECTOR, Role.ADMIN})
AUDITORS = frozenset({Role.ADMIN, Role.AUDITOR})
REPORT_READERS = frozenset({Role.LEADER, Role.ADMIN, Role.AUDITOR})
MANAGERS = frozenset({Role.ADMIN})
LOGIN = "login"


@dataclass
class Objects:
    world: World
    incident: Any
    attachment: Any
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    """How to call a URL and what each persona gets.

    scope="object": allowed roles in scope get `ok`, everyone else 404.
    scope="list": allowed roles get `ok` whether in scope or not, but out of scope never see SECRET_TITLE.
    scope="user": any signed-in user gets `ok`.  scope="public": anyone, anonymous included, gets `ok`.
    """

    scope: str
    roles: frozenset[str] = READERS
    ok: int = 200
    method: str = "get"
    args: Callable[[Objects], list[Any]] = lambda objects: []
    data: Callable[[Objects], dict[str, Any]] = lambda objects: {}
    anonymous: int | str = LOGIN  # LOGIN: a redirect to the login page
    denied: int = 404
    by_role: dict[str, int] = field(default_factory=dict)  # exceptions to `ok` for some roles


def _incident(objects: Objects) -> list[Any]:
    return [objects.incident.pk]


def _report(objects: Objects) -> list[Any]:
    return [objects.extra["report"].pk]


MATRIX: dict[str, Entry] = {
    "home": Entry("user", ok=302),
    "login": Entry("public", ok=302, anonymous=200),  # a signed-in user is sent on
    "logout": Entry("public", method="post", ok=302, anonymous=302),
    "password_change": Entry("user"),
    "password_change_done": Entry("user"),
    "otp_verify": Entry("user", ok=302),  # to the enrolment page, or onwards once verified
    "otp_enrol": Entry("user", by_role={Role.ADMIN: 302}),  # administrators here are already enrolled
    "healthz": Entry("public", anonymous=200),
    "verify_report": Entry("public", anonymous=200),  # the public check of an issued report's PDF
    "set_language": Entry("public", method="post", data=lambda o: {"language": "en"}, ok=302, anonymous=302),
    "dashboard": Entry("object", data=lambda o: {"unit": o.world.commune_a.pk}),
    "violations:incident_list": Entry("list"),
    "violations:incident_export_csv": Entry("list"),
    "violations:incident_export_xlsx": Entry("list"),
    "violations:incident_print": Entry("list"),
    "violations:incident_create": Entry("list", roles=HANDLERS),
    "violations:incident_detail": Entry("object", args=_incident),
    "violations:incident_edit": Entry("object", roles=HANDLERS, args=_incident),
    "violations:incident_transition": Entry(
        "object",
        roles=HANDLERS,
        method="post",
        args=_incident,
        data=lambda o: {"target": "verifying"},
        ok=302,
    ),
    "violations:incident_sanction": Entry("object", roles=HANDLERS, method="post", args=_incident, ok=303),
    "violations:incident_extend": Entry("object", roles=HANDLERS, method="post", args=_incident, ok=303),
    "violations:incident_suspend": Entry("object", roles=HANDLERS, method="post", args=_incident, ok=303),
    "violations:incident_resume": Entry("object", roles=HANDLERS, method="post", args=_incident, ok=303),
    "violations:attachment_upload": Entry("object", roles=HANDLERS, method="post", args=_incident, ok=303),
    "violations:attachment_download": Entry("object", args=lambda o: [o.attachment.pk]),
    "violations:official_detail": Entry("object", args=lambda o: [o.world.official_a.pk]),
    "violations:unit_detail": Entry("object", args=lambda o: [o.world.commune_a.pk]),
    "violations:unit_lookup": Entry("list", data=lambda o: {"q": "Đông Anh"}),
    "violations:official_lookup": Entry(
        "object", roles=HANDLERS, data=lambda o: {"unit": o.world.commune_a.pk, "on": "10/05/2024"}
    ),
    "violations:audit_log": Entry("list", roles=AUDITORS),
    "violations:rules": Entry("list"),
    "violations:audit_export_csv": Entry("list", roles=AUDITORS),
    "report_list": Entry("list", roles=REPORT_READERS),
    "report_detail": Entry("object", roles=REPORT_READERS, args=_report),
    "report_pdf": Entry("object", roles=REPORT_READERS, args=_report),
    "report_xlsx": Entry("object", roles=REPORT_READERS, args=_report),
    "report_generate": Entry("list", roles=MANAGERS, method="post", ok=400),
    "report_resend": Entry("object", roles=MANAGERS, method="post", args=_report, ok=302),
    "report_regenerate": Entry("object", roles=MANAGERS, method="post", args=_report, ok=400),
    "report_narrative": Entry("object", roles=MANAGERS, method="post", args=_report, ok=302),
}


def _names(patterns: list[Any], namespace: str = "") -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            names.append(f"{namespace}{pattern.name or f'<unnamed {pattern.pattern}>'}")
    return names


ALL_NAMES = _names(get_resolver().url_patterns)
ADMIN_NAMES = [name for name in ALL_NAMES if name.startswith("admin:")]


def test_every_url_has_an_entry():
    missing = sorted(set(ALL_NAMES) - set(MATRIX) - set(ADMIN_NAMES))
    assert not missing, f"add these URLs to the permission matrix: {missing}"
    stale = sorted(set(MATRIX) - set(ALL_NAMES))
    assert not stale, f"these matrix entries name no URL: {stale}"


@pytest.fixture
def objects(world, settings, tmp_path) -> Objects:
    settings.MEDIA_ROOT = tmp_path
    incident = world.incident_in(world.commune_a, world.official_a)
    incident.title = SECRET_TITLE
    incident.save()
    attachment = attachment_add(
        user=world.admin, incident=incident, upload=SimpleUploadedFile("bien-ban.pdf", PDF)
    )
    return Objects(world, incident, attachment, {"report": _ready_report(world)})


def _ready_report(world: World) -> Any:
    import datetime as dt

    from django.core.files.base import ContentFile

    from reports.content.build import build_snapshot
    from reports.models import PeriodKind, Report, ReportStatus
    from reports.periods import Period

    report = Report.objects.create(
        unit=world.commune_a,
        period_kind=PeriodKind.MONTH,
        period_start=dt.date(2024, 5, 1),
        period_end=dt.date(2024, 5, 31),
        status=ReportStatus.READY,
        # The workbook (report_xlsx) is drawn from the snapshot, as the PDF was.
        snapshot=build_snapshot(world.commune_a, Period.month(2024, 5), dt.date(2024, 6, 1)),
    )
    report.pdf.save("bao-cao.pdf", ContentFile(PDF))
    return report


def _persona(world: World, name: str):
    role, in_scope = PERSONAS[name]
    user = UserFactory(username=f"matrix_{name}")
    unit = (world.city if role == Role.ADMIN else world.district_a) if in_scope else world.district_b
    RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user


def _call(client, entry: Entry, name: str, objects: Objects):
    url = reverse(name, args=entry.args(objects))
    data = entry.data(objects)
    return getattr(client, entry.method)(url, data), url


def _expected(entry: Entry, persona: str) -> int | str:
    if persona == "anonymous":
        return entry.anonymous
    role, in_scope = PERSONAS[persona]
    if entry.scope in ("user", "public"):
        return entry.by_role.get(role, entry.ok)
    if role not in entry.roles:
        return entry.denied
    if entry.scope == "object" and not in_scope:
        return entry.denied
    return entry.ok


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_url_answers_each_persona(client, objects, name, persona):
    entry = MATRIX[name]
    if persona != "anonymous":
        client.force_login(_persona(objects.world, persona))
    response, url = _call(client, entry, name, objects)
    expected = _expected(entry, persona)
    if expected == LOGIN:
        assert response.status_code == 302, (name, persona)
        assert response["Location"].startswith(reverse("login")), (name, persona)
        return
    assert response.status_code == expected, (name, persona, response.status_code)
    if persona != "anonymous" and not PERSONAS[persona][1] and response.status_code == 200:
        assert SECRET_TITLE not in _body(response), (name, persona)


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


# --- Django admin: staff and a confirmed second factor ------------------------------------------------------

ADMIN_PAGES = ["admin:index", *sorted(n for n in ADMIN_NAMES if n.endswith("_changelist"))]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_the_admin_needs_staff_status_and_a_second_factor(client, world, django_user_model, name):
    url = reverse(name)
    assert client.get(url).status_code == 302  # anonymous: to the admin login
    client.force_login(world.admin)  # a city administrator without staff status
    assert client.get(url).status_code == 302
    staff = django_user_model.objects.create_superuser("matrix_staff", "s@b.vn", "mat-khau-an-toan-2025")
    client.force_login(staff, second_factor=False)
    unverified = client.get(url)
    assert unverified.status_code == 302 and unverified["Location"].startswith(reverse("otp_enrol"))
    client.force_login(staff)
    assert client.get(url).status_code == 200
