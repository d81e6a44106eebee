"""Issue 11: the deadlines an incident shows and the steps the workflow accepts follow the corrected rules
(DOMAIN.md §2), on each side of every boundary, with the rule and basis explained on the page."""

import datetime as dt
import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from tests.factories import AssignmentFactory, OfficialFactory
from tests.web.refusals import followed_refusal
from violations.models import DeadlineChange, Incident, PartyRole, Status
from violations.services.incidents import PartySpec, incident_create
from violations.services.workflow import incident_transition, sanction_options, sanction_record

pytestmark = pytest.mark.django_db
D = dt.date


def _person(world, *, member=True, unit=None, start=None, **fields):
    unit = unit or world.commune_a
    start = start or D(2019, 1, 1)
    official = OfficialFactory(is_party_member=member, **fields)
    end = D(2025, 6, 30) if unit.valid_until else None
    AssignmentFactory(official=official, unit=unit, post_title="Công chức", start_date=start, end_date=end)
    return official


def _file(world, official, occurred, warranted="khien_trach", unit=None, **extra):
    return incident_create(
        user=world.admin,
        unit=unit or world.commune_a,
        title="Chậm giải quyết hồ sơ",
        description="Quá hạn.",
        occurred_on=occurred,
        detected_on=extra.pop("detected", occurred + dt.timedelta(days=3)),
        severity=extra.pop("severity", "serious"),
        source="petition",
        indicators=_indicators(occurred),
        parties=[PartySpec(official, PartyRole.INDIVIDUAL)],
        warranted_form=warranted,
        **extra,
    )


def _indicators(occurred):
    from violations.selectors.framework import framework_in_force

    return list(framework_in_force(occurred).indicators.order_by("number")[:1])


def _page(client, user, incident) -> str:
    client.force_login(user)
    return client.get(reverse("violations:incident_detail", args=[incident.pk])).content.decode()


@pytest.mark.parametrize(
    "occurred, warranted, member, ends_on",
    [
        (D(2020, 6, 30), "khien_trach", False, D(2022, 6, 30)),  # 24 months, any act
        (D(2020, 6, 30), "canh_cao", False, D(2022, 6, 30)),
        (D(2020, 7, 1), "khien_trach", False, D(2022, 7, 1)),  # Law 52/2019: 2 years
        (D(2020, 7, 1), "canh_cao", False, D(2025, 7, 1)),  # 5 years
        (D(2022, 11, 14), "khien_trach", False, D(2024, 11, 14)),
        (D(2022, 11, 15), "khien_trach", False, D(2027, 11, 15)),  # Resolution 76/2022: 5 years
        (D(2022, 11, 15), "cach_chuc", False, D(2032, 11, 15)),  # 10 years
        (D(2021, 3, 1), "khien_trach", True, D(2026, 3, 1)),  # the Party track's 5 years outlast 2
        (D(2021, 3, 1), "khai_tru", True, None),  # a Party member warranting khai trừ: none
        (D(2025, 6, 30), "khien_trach", False, D(2030, 6, 30)),
    ],
)
def test_the_stored_and_shown_limitation_follows_the_rules(
    client, world, occurred, warranted, member, ends_on
):
    incident = _file(world, _person(world, member=member), occurred, warranted)
    assert incident.limitation_deadline == ends_on
    page = _page(client, world.inspector_a, incident)
    if ends_on:
        assert ends_on.strftime("%d/%m/%Y") in page
    else:
        assert "Không áp dụng thời hiệu: vi phạm đến mức Khai trừ." in page


def test_after_the_reorganisation_too(client, world):
    official = _person(world, member=False, unit=world.commune_new, start=D(2025, 7, 1))
    incident = _file(world, official, D(2025, 7, 1), unit=world.commune_new)
    assert incident.limitation_deadline == D(2030, 7, 1)


def test_the_page_explains_rule_basis_start_and_handling_from_detection(client, world):
    incident = _file(world, _person(world, member=False), D(2020, 7, 1), detected=D(2020, 7, 5))
    page = _page(client, world.inspector_a, incident)
    assert "Thời hiệu xử lý kỷ luật — Kỷ luật hành chính" in page
    assert "52/2019/QH14" in page and "Tính từ 01/07/2020 (ngày xảy ra hành vi)" in page
    assert incident.handling_deadline == D(2020, 10, 3)  # 90 days from detection on 05/07/2020
    assert "Tính từ ngày phát hiện 05/07/2020: 90 ngày" in page


def test_a_form_with_the_warranted_form_and_a_no_limitation_ground(client, world):
    client.force_login(world.inspector_a)
    data = {
        "unit": world.commune_a.pk,
        "occurred_on": "10/05/2024",
        "detected_on": "13/05/2024",
        "title": "Dùng bằng giả",
        "description": "Hồ sơ bổ nhiệm có bằng không hợp pháp.",
        "severity": "serious",
        "source": "petition",
        "indicators": [i.pk for i in _indicators(D(2024, 5, 10))],
        "officials": [world.official_a.pk],
    }
    missing = client.post(reverse("violations:incident_create"), data)
    assert missing.status_code == 400 or missing.status_code == 200
    assert "Chọn hình thức kỷ luật mà hành vi tương xứng." in missing.content.decode()
    assert not Incident.objects.exists()
    data |= {"warranted_form": "canh_cao", "no_limitation_ground": "fake_diploma"}
    assert client.post(reverse("violations:incident_create"), data).status_code == 302
    incident = Incident.objects.get()
    assert incident.limitation_deadline is None and incident.warranted_form == "canh_cao"
    assert "Không áp dụng thời hiệu: Sử dụng văn bằng" in _page(client, world.inspector_a, incident)


def test_extremely_serious_is_refused_for_a_case_detected_under_decree_172(client, world):
    official = _person(world, member=False, unit=world.commune_new, start=D(2025, 7, 1))
    client.force_login(world.admin)
    data = {
        "unit": world.commune_new.pk,
        "occurred_on": "01/07/2025",
        "detected_on": "02/07/2025",
        "title": "Vi phạm",
        "description": "Mô tả.",
        "severity": "extremely_serious",
        "warranted_form": "canh_cao",
        "source": "petition",
        "indicators": [i.pk for i in _indicators(D(2025, 7, 1))],
        "officials": [official.pk],
    }
    refused = client.post(reverse("violations:incident_create"), data)
    assert "không áp dụng với vụ việc phát hiện ngày 02/07/2025" in refused.content.decode()
    assert not Incident.objects.exists()


def _concluded(world, incident, on):
    incident_transition(user=world.inspector_a, incident=incident, target=Status.VERIFYING, on=on)
    return incident_transition(
        user=world.inspector_a,
        incident=incident,
        target=Status.SUBSTANTIATED,
        note="Có vi phạm",
        on=on + dt.timedelta(days=5),
    )


def test_a_closed_limitation_allows_time_barred_and_refuses_a_later_sanction(client, world):
    incident = _file(world, _person(world, member=False), D(2020, 7, 1))  # to 01/07/2022
    page = _page(client, world.inspector_a, incident)
    assert 'value="time_barred"' in page  # offered: the limitation has passed
    incident = _concluded(world, incident, D(2020, 7, 10))
    party = incident.parties.get()
    kwargs = dict(
        user=world.inspector_a,
        party=party,
        track="administrative",
        form="khien_trach",
        decision_number="1/QĐ",
        deciding_body="UBND",
    )
    with pytest.raises(
        ValidationError, match=r"Đã hết thời hiệu xử lý kỷ luật ngày 01/07/2022 \(Luật 52/2019"
    ):
        sanction_record(decided_on=D(2022, 7, 2), **kwargs)
    assert sanction_record(decided_on=D(2022, 7, 1), **kwargs).pk


def test_a_probationary_member_may_get_only_khien_trach_or_canh_cao(world):
    official = _person(world, party_admitted_on=D(2024, 1, 1))
    incident = _concluded(world, _file(world, official, D(2024, 5, 10)), D(2024, 5, 20))
    party = incident.parties.get()
    assert [c for c, _l in sanction_options(party, "party", D(2024, 6, 1))] == ["khien_trach", "canh_cao"]
    official.party_full_on = D(2025, 1, 1)
    official.save()
    party.refresh_from_db()
    assert "khai_tru" in [c for c, _l in sanction_options(party, "party", D(2025, 1, 1))]
    with pytest.raises(ValidationError, match="không áp dụng"):
        sanction_record(
            user=world.inspector_a,
            party=party,
            track="party",
            form="khai_tru",
            decision_number="2/QĐ",
            decided_on=D(2024, 12, 31),
            deciding_body="Đảng ủy",
        )


def test_criminal_proceedings_stop_the_handling_clock(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)  # detected 13/05/2024: to 11/08/2024
    assert incident.handling_deadline == D(2024, 8, 11)
    client.force_login(world.inspector_a)
    suspend = reverse("violations:incident_suspend", args=[incident.pk])
    resume = reverse("violations:incident_resume", args=[incident.pk])
    followed_refusal(client, client.post(suspend, {"starts_on": "01/05/2024", "reason": "Khởi tố"}))
    assert (
        client.post(suspend, {"starts_on": "01/06/2024", "reason": "Quyết định khởi tố số 5"}).status_code
        == 302
    )
    incident.refresh_from_db()
    assert incident.handling_deadline is None
    assert "nay (đang tạm dừng)" in _page(client, world.inspector_a, incident)
    assert client.post(resume, {"ends_on": "10/06/2024"}).status_code == 302
    incident.refresh_from_db()
    assert incident.handling_deadline == D(2024, 8, 21)  # ten days did not count
    assert "Không tính thời gian từ 01/06/2024 đến 10/06/2024" in _page(client, world.inspector_a, incident)


def test_a_new_concluded_violation_restarts_the_earlier_limitation(client, world):
    official = world.official_a
    first = world.incident_in(world.commune_a, official)  # khiển trách, 10/05/2024 → 10/05/2029
    assert first.limitation_deadline == D(2029, 5, 10)
    second = world.incident_in(world.commune_a, official, occurred=D(2025, 3, 1))
    first.refresh_from_db()
    assert first.limitation_deadline == D(2029, 5, 10)  # a report is not yet a violation
    _concluded(world, second, D(2025, 3, 10))
    first.refresh_from_db()
    assert (first.limitation_from, first.limitation_deadline) == (D(2025, 3, 1), D(2030, 3, 1))
    assert "thời hiệu được tính lại" in _page(client, world.inspector_a, first)


def test_the_migration_recomputes_and_the_command_lists_what_moved(world):
    incident = world.incident_in(world.commune_a, world.official_a)
    # as the old rules stored it: handling from the decision to handle, limitation keyed on "minor"
    Incident.objects.filter(pk=incident.pk).update(
        handling_deadline=D(2024, 8, 30), limitation_deadline=D(2029, 5, 10), next_deadline=D(2024, 8, 30)
    )
    migration = importlib.import_module("violations.migrations.0014_legal_rules")
    migration.recompute_deadlines(apps, None)
    moved = {c.field: (c.old_value, c.new_value) for c in DeadlineChange.objects.filter(incident=incident)}
    assert moved["handling_deadline"] == (D(2024, 8, 30), D(2024, 8, 11))
    assert "limitation_deadline" not in moved
    out, err = StringIO(), StringIO()
    call_command("deadline_changes", stdout=out, stderr=err)
    assert f"#{incident.pk} | Thị trấn Đông Anh | Hạn xử lý | 30/08/2024 | 11/08/2024" in out.getvalue()
    assert "thay đổi ở 1 vụ việc" in err.getvalue()
    migration.recompute_deadlines(apps, None)  # a second run moves nothing more
    assert DeadlineChange.objects.filter(incident=incident).count() == len(moved)


def test_an_incident_tagged_against_v1_is_edited_against_v1_and_keeps_its_tags(client, world):
    from violations.forms import initial_from_incident
    from violations.models import Framework

    incident = world.incident_in(world.commune_a, world.official_a)
    v1 = Framework.objects.get(code=incident.framework.code, version=1)
    old_tags = list(v1.indicators.order_by("number")[:2])
    Incident.objects.filter(pk=incident.pk).update(framework=v1)  # as tagged before v2 was loaded
    incident.refresh_from_db()
    incident.indicators.set(old_tags)
    initial = initial_from_incident(incident)
    data = {
        "occurred_on": "10/05/2024",
        "detected_on": "13/05/2024",
        "title": "Sửa tóm tắt",
        "description": initial["description"],
        "severity": initial["severity"],
        "warranted_form": initial["warranted_form"],
        "source": initial["source"],
        "indicators": initial["indicators"],
        "officials": initial["officials"],
        "version": initial["version"],
    }
    client.force_login(world.inspector_a)
    assert client.post(reverse("violations:incident_edit", args=[incident.pk]), data).status_code == 302
    incident.refresh_from_db()
    assert incident.title == "Sửa tóm tắt" and incident.framework == v1
    assert set(incident.indicators.all()) == set(old_tags)
