"""The defects an outside probe found (issue 9), one test each, at the class of input they belong to."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from violations.csv_export import BROKEN_MARK, END_MARK, csv_lines
from violations.models import Incident

pytestmark = pytest.mark.django_db


def _client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
@pytest.mark.parametrize("length", [151, 256, 300, 10_000])
def test_an_overlong_username_at_any_sign_in_is_refused_without_an_error(url, length):
    """axes keeps 255 characters of a username: on PostgreSQL a longer one failed the insert (a 500)."""
    client = _client()
    response = client.post(url, {"username": "a" * length, "password": "x"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    if url == "/accounts/login/":
        assert "Tên đăng nhập dài tối đa 150 ký tự" in response.content.decode()


def test_overlong_usernames_still_count_towards_a_lockout():
    client = _client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "b" * 300, "password": "x"}, REMOTE_ADDR="10.9.9.9")
    assert AccessAttempt.objects.get(ip_address="10.9.9.9").username == "b" * 255


def test_an_unchanged_edit_of_an_incident_without_creator_saves(world):
    incident = world.incident_in(world.commune_a, world.official_a)
    Incident.objects.filter(pk=incident.pk).update(created_by=None)
    client = _client()
    client.force_login(world.admin)
    form = client.get(reverse("violations:incident_edit", args=[incident.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields if name != "evidence"}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data["occurred_on"] = incident.occurred_on.strftime("%d/%m/%Y")
    data["detected_on"] = incident.detected_on.strftime("%d/%m/%Y")
    response = client.post(reverse("violations:incident_edit", args=[incident.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize(
    "start,end",
    [("01/01/0001", "31/12/9999"), ("01/01/0001", "31/01/0001"), ("01/12/9999", "31/12/9999")],
)
def test_a_custom_dashboard_period_at_the_ends_of_the_calendar(world, start, end):
    client = _client()
    client.force_login(world.admin)
    response = client.get(reverse("dashboard"), {"period": "custom", "start": start, "end": end})
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["violations:audit_log", "violations:audit_export_csv"])
@pytest.mark.parametrize("until", ["31/12/9999", "01/01/0001"])
def test_the_audit_pages_at_the_ends_of_the_calendar(world, name, until):
    client = _client()
    client.force_login(world.auditor)
    response = client.get(reverse(name), {"until": until, "since": until})
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "latin-1", "utf-16; boundary=x"])
def test_an_undecodable_form_body_gets_a_400_page(world, charset):
    client = _client()
    client.force_login(world.inspector_a)
    client.get(reverse("violations:incident_create"))
    token = client.cookies["csrftoken"].value
    response = client.generic(
        "POST",
        reverse("violations:incident_create"),
        data=f"csrfmiddlewaretoken={token}&title=abc".encode("utf-16"),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 400
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    assert not Incident.objects.exists()


def _failing_rows():
    yield [1, "một"]
    raise RuntimeError("the database went away")


def test_a_stream_broken_part_way_ends_with_the_broken_mark_not_the_end_mark():
    lines = csv_lines(["Mã", "Tóm tắt"], _failing_rows())
    received = []
    with pytest.raises(RuntimeError):
        for line in lines:
            received.append(line)
    text = "".join(received)
    assert text.splitlines()[-1].startswith(BROKEN_MARK)
    assert "sau 1 dòng" in text
    assert END_MARK not in text


def test_a_whole_stream_ends_with_the_end_mark_and_its_count():
    text = "".join(csv_lines(["Mã"], [[1], [2], ["=1+1"]]))
    assert text.splitlines()[-2:] == ["'=1+1", f"{END_MARK}: 3 dòng."]


@pytest.mark.parametrize(
    "name,params",
    [
        ("violations:incident_export_csv", {"occurred_to": "31/12/9999"}),
        ("violations:incident_export_xlsx", {"occurred_from": "01/01/0001"}),
        ("violations:audit_export_csv", {"until": "31/12/9999"}),
        ("violations:audit_export_csv", {"since": "hôm qua"}),
    ],
)
def test_an_export_with_an_unreadable_filter_is_refused_with_the_reason(world, name, params):
    client = _client()
    client.force_login(world.admin)
    response = client.get(reverse(name), params)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bộ lọc có giá trị không hợp lệ nên chưa xuất tệp" in page
    assert "Ngày phải từ 01/01/1945 đến 31/12/2099" in page or "dd/mm/yyyy" in page
