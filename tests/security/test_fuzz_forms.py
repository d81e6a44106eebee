"""Random, oversized and malformed form input never yields a 500 nor saves part of a record."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from violations.csv_export import END_MARK
from violations.models import Attachment, Incident, IncidentParty, IncidentTransition, Sanction

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Text as browsers may send it: any code point (NUL, controls, surrogates refused by the codec aside),
# sometimes far longer than any field allows.
text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=300),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=5), st.integers(50, 20_000)),
)
day = st.one_of(
    text,
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(["31/02/2024", "00/00/0000", "1/1/1", "07/08/2023", "-1", "9" * 20, "\x00"]),
)
an_id = st.one_of(st.integers(-(2**70), 2**70).map(str), text, st.just(""))
choice = st.one_of(st.sampled_from(["minor", "serious", "petition", "press", ""]), text)


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Incident, IncidentParty, Sanction, Attachment, IncidentTransition)
    )


def _no_partial_save(response, before: tuple[int, ...]) -> None:
    assert response.status_code < 500
    if response.status_code != 302:  # refused: nothing at all was written
        assert _counts() == before


@FUZZ
@given(
    unit=an_id,
    occurred=day,
    detected=day,
    title=text,
    description=text,
    severity=choice,
    source=choice,
    indicators=st.lists(an_id, max_size=4),
    officials=st.lists(an_id, max_size=3),
    collective=st.sampled_from(["", "on", "x" * 5000]),
)
def test_the_incident_form_survives_anything(
    client,
    world,
    unit,
    occurred,
    detected,
    title,
    description,
    severity,
    source,
    indicators,
    officials,
    collective,
):
    client.force_login(world.inspector_a)
    before = _counts()
    data = {
        "unit": unit,
        "occurred_on": occurred,
        "detected_on": detected,
        "title": title,
        "description": description,
        "severity": severity,
        "warranted_form": "canh_cao",
        "source": source,
        "indicators": indicators,
        "officials": officials,
        "heads": officials[:1],
        "collective": collective,
    }
    _no_partial_save(client.post(reverse("violations:incident_create"), data), before)


@FUZZ
@given(
    target=text,
    note=text,
    on=day,
    party=an_id,
    track=choice,
    form=text,
    number=text,
    body=text,
    extended=day,
    reason=text,
)
def test_the_workflow_forms_survive_anything(
    client, world, target, note, on, party, track, form, number, body, extended, reason
):
    incident = Incident.objects.first() or world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    for name, data in [
        ("violations:incident_transition", {"target": target, "note": note, "on": on}),
        (
            "violations:incident_sanction",
            {
                "party": party,
                "track": track,
                "form": form,
                "decision_number": number,
                "decided_on": on,
                "deciding_body": body,
            },
        ),
        ("violations:incident_extend", {"extended_to": extended, "reason": reason}),
    ]:
        before = _counts()
        _no_partial_save(client.post(reverse(name, args=[incident.pk]), data), before)


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "unit",
                "indicator",
                "group",
                "status",
                "severity",
                "source",
                "occurred_from",
                "occurred_to",
                "official",
                "deadline",
                "sort",
                "page",
                "cursor",
                "with_predecessors",
                "model",
                "since",
                "until",
                "username",
                "on",
                "period",
                "start",
                "end",
                "year",
                "month",
                "quarter",
            ]
        ),
        st.one_of(text, an_id, day, st.sampled_from(["custom", "month", "quarter", "year"])),
        max_size=6,
    )
)
def test_list_filters_exports_and_lookups_survive_any_query(client, world, params):
    client.force_login(world.admin)
    for name in (
        "violations:incident_list",
        "violations:incident_export_csv",
        "violations:audit_log",
        "violations:audit_export_csv",
        "violations:unit_lookup",
        "violations:official_lookup",
        "dashboard",
    ):
        response = client.get(reverse(name), params)
        if name.endswith("_csv") and response.status_code == 400:  # a filter it cannot read: refused, named
            assert "Bộ lọc có giá trị không hợp lệ" in response.content.decode()
            continue
        assert response.status_code in (200, 404), (name, params)
        if response.streaming:  # errors in a stream surface only when it is read: a whole file ends so
            assert b"".join(response.streaming_content).decode().splitlines()[-1].startswith(END_MARK)


@FUZZ
@given(
    content=st.binary(max_size=4096),
    name=st.sampled_from(["a.pdf", "a.png", "a.docx", "a.xlsx", "a.exe", "a"]),
)
def test_uploads_are_typed_by_content_and_refused_with_a_message(
    client, world, settings, tmp_path, content, name
):
    settings.MEDIA_ROOT = tmp_path
    incident = Incident.objects.first() or world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    before = _counts()
    response = client.post(
        reverse("violations:attachment_upload", args=[incident.pk]),
        {"evidence": [SimpleUploadedFile(name, content)]},
    )
    _no_partial_save(response, before)
    if response.status_code == 400:
        assert 'class="error" role="alert"' in response.content.decode()  # a message beside the field


def test_a_request_body_beyond_the_limit_is_refused_before_it_is_read(client, world, settings):
    settings.REQUEST_MAX_BYTES = 1024
    client.force_login(world.inspector_a)
    before = _counts()
    response = client.post(
        reverse("violations:incident_create"),
        {"evidence": [SimpleUploadedFile("lon.pdf", b"%PDF" + b"0" * 4096)]},
    )
    assert response.status_code == 413
    assert "vượt quá 1,0\xa0KB" in response.content.decode()
    assert _counts() == before


@FUZZ
@given(username=text, password=text, url=st.sampled_from(["/accounts/login/", "/admin/login/"]))
def test_any_sign_in_attempt_is_answered_without_an_error(username, password, url):
    client = Client(raise_request_exception=False)
    response = client.post(url, {"username": username, "password": password})
    assert response.status_code in (200, 429), (url, len(username))
    assert "_auth_user_id" not in client.session


@FUZZ
@given(
    charset=st.one_of(
        st.sampled_from(["utf-16", "utf-16-le", "utf-32", "cp1258", "latin-1", "ascii", "x-nope", ""]),
        # Any text a header can carry: no control characters (HTTP servers refuse NUL, CR, LF in headers,
        # and the test client cannot even build such a request).
        st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"]), max_size=20),
    ),
    body=st.binary(max_size=512),
    kind=st.sampled_from(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]),
)
def test_any_body_in_any_charset_is_answered_without_an_error(world, charset, body, kind):
    client = Client(raise_request_exception=False)
    client.force_login(world.inspector_a)
    incident = Incident.objects.first() or world.incident_in(world.commune_a, world.official_a)
    before = _counts()
    for url in (
        reverse("violations:incident_create"),
        reverse("violations:incident_edit", args=[incident.pk]),
        reverse("violations:incident_transition", args=[incident.pk]),
        reverse("login"),
    ):
        content_type = f"{kind}; charset={charset}" if charset else kind
        response = client.generic("POST", url, data=body, content_type=content_type)
        assert response.status_code < 500, (url, content_type)
        assert _counts() == before


@FUZZ
@given(title=text, description=text, occurred=day, detected=day, severity=choice, version=an_id)
def test_the_edit_form_survives_anything_and_saves_whole_or_not_at_all(
    client, world, title, description, occurred, detected, severity, version
):
    incident = Incident.objects.first() or world.incident_in(world.commune_a, world.official_a)
    Incident.objects.filter(pk=incident.pk).update(created_by=None)  # as for seeded incidents
    client.force_login(world.inspector_a)
    before = Incident.objects.values().get(pk=incident.pk)
    data = {
        "title": title,
        "description": description,
        "occurred_on": occurred,
        "detected_on": detected,
        "severity": severity,
        "warranted_form": "canh_cao",
        "source": "petition",
        "indicators": [i.pk for i in incident.indicators.all()],
        "officials": [world.official_a.pk],
        "version": version,
    }
    response = client.post(reverse("violations:incident_edit", args=[incident.pk]), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Incident.objects.values().get(pk=incident.pk) == before


@FUZZ
@given(on=st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)), target=st.sampled_from(["verifying"]))
def test_an_accepted_step_never_precedes_the_detection(client, world, on, target):
    incident = world.incident_in(world.commune_a, world.official_a)  # detected 13/05/2024
    client.force_login(world.inspector_a)
    url = reverse("violations:incident_transition", args=[incident.pk])
    response = client.post(url, {"target": target, "on": on.strftime("%d/%m/%Y")})
    accepted = response.status_code == 302
    assert accepted == (incident.detected_on <= on <= timezone.localdate())
