import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.web.refusals import followed_refusal
from violations import rules
from violations.models import Incident, IncidentTransition, Sanction, Status

pytestmark = pytest.mark.django_db


def _step(client, incident, target, note="", on=""):
    return client.post(
        reverse("violations:incident_transition", args=[incident.pk]),
        {"target": target, "note": note, "on": on},
    )


def test_an_inspector_carries_a_case_from_report_to_closing(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    assert _step(client, incident, Status.VERIFYING, on="01/06/2024").status_code == 302
    assert _step(client, incident, Status.SUBSTANTIATED, note="Có vi phạm thời hạn.").status_code == 302
    party = incident.parties.get()
    response = client.post(
        reverse("violations:incident_sanction", args=[incident.pk]),
        {
            "party": party.pk,
            "track": "administrative",
            "form": "khien_trach",
            "decision_number": "12/QĐ-UBND",
            "decided_on": "20/07/2024",
            "deciding_body": "UBND huyện Đông Anh",
        },
    )
    assert response.status_code == 302
    assert _step(client, incident, Status.SANCTIONED).status_code == 302
    assert _step(client, incident, Status.CLOSED).status_code == 302
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED
    assert incident.is_substantiated is True
    assert incident.handling_started_on == dt.date(2024, 6, 1)
    assert incident.handling_deadline == dt.date(2024, 8, 11)  # 90 days from detection on 13/05/2024
    steps = list(
        IncidentTransition.objects.filter(incident=incident).values_list("to_status", "actor__username")
    )
    assert steps == [
        ("reported", "quantri"),
        ("verifying", "kiemtra_a"),
        ("substantiated", "kiemtra_a"),
        ("sanctioned", "kiemtra_a"),
        ("closed", "kiemtra_a"),
    ]


def test_a_step_that_does_not_follow_is_refused(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    response = _step(client, incident, Status.CLOSED)
    response = followed_refusal(client, response)
    assert "Không thể chuyển" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == Status.REPORTED


def test_a_conclusion_needs_a_note_and_keeps_what_was_typed(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING)
    response = _step(client, incident, Status.SUBSTANTIATED, note="   ")
    response = followed_refusal(client, response)
    assert "cần ghi rõ lý do" in response.content.decode()


def test_sanctioned_needs_a_recorded_sanction(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING)
    _step(client, incident, Status.SUBSTANTIATED, note="Có vi phạm")
    response = _step(client, incident, Status.SANCTIONED)
    response = followed_refusal(client, response)
    assert "ít nhất một quyết định kỷ luật" in response.content.decode()


def test_a_sanction_form_abolished_in_2025_is_refused_for_a_decision_after_it(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING, on="01/03/2025")
    _step(client, incident, Status.SUBSTANTIATED, note="Có vi phạm", on="02/06/2025")
    data = {
        "party": incident.parties.get().pk,
        "track": "administrative",
        "form": "ha_bac_luong",
        "decision_number": "5/QĐ",
        "deciding_body": "UBND",
    }
    refused = client.post(
        reverse("violations:incident_sanction", args=[incident.pk]), {**data, "decided_on": "10/08/2025"}
    )
    refused = followed_refusal(client, refused)
    assert Sanction.objects.count() == 0
    accepted = client.post(
        reverse("violations:incident_sanction", args=[incident.pk]), {**data, "decided_on": "10/06/2025"}
    )
    assert accepted.status_code == 302
    assert Sanction.objects.get().form == "ha_bac_luong"


def test_closing_as_time_barred_requires_a_reason(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    Incident.objects.filter(pk=incident.pk).update(limitation_deadline=dt.date(2024, 11, 30))  # passed
    client.force_login(world.inspector_a)
    followed_refusal(client, _step(client, incident, Status.TIME_BARRED))
    assert _step(client, incident, Status.TIME_BARRED, note="Quá 5 năm kể từ ngày vi phạm").status_code == 302
    incident.refresh_from_db()
    assert incident.status == Status.TIME_BARRED


def test_leaders_and_auditors_cannot_move_the_workflow(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    for user in (world.leader_a, world.auditor):
        client.force_login(user)
        assert _step(client, incident, Status.VERIFYING).status_code == 404
    incident.refresh_from_db()
    assert incident.status == Status.REPORTED


def test_handling_extension_is_capped_at_150_days(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING, on="01/06/2024")
    url = reverse("violations:incident_extend", args=[incident.pk])
    too_far = client.post(url, {"extended_to": "01/12/2024", "reason": "Phức tạp"})
    too_far = followed_refusal(client, too_far)
    assert "Chỉ được gia hạn đến 10/10/2024" in too_far.content.decode()  # 150 days from detection
    assert client.post(url, {"extended_to": "10/10/2024", "reason": "Cần giám định"}).status_code == 302
    incident.refresh_from_db()
    assert incident.handling_deadline == dt.date(2024, 10, 10)


def test_the_incident_page_shows_deadlines_with_their_legal_basis_and_the_change_history(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING)
    html = client.get(reverse("violations:incident_detail", args=[incident.pk])).content.decode()
    assert "Thời hiệu xử lý kỷ luật" in html
    assert "10/05/2029" in html
    assert "52/2019/QH14" in html
    assert "Mới ghi nhận → Đang xác minh" in html


def test_a_step_may_not_precede_the_detection_nor_the_step_before(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)  # detected 13/05/2024
    client.force_login(world.inspector_a)
    before_detection = _step(client, incident, Status.VERIFYING, on="01/01/1990")
    before_detection = followed_refusal(client, before_detection)
    assert "không được trước ngày phát hiện vụ việc (13/05/2024)" in before_detection.content.decode()
    assert _step(client, incident, Status.VERIFYING, on="01/06/2024").status_code == 302
    earlier = _step(client, incident, Status.SUBSTANTIATED, note="Có vi phạm", on="31/05/2024")
    earlier = followed_refusal(client, earlier)
    assert "không được trước bước xử lý gần nhất (01/06/2024)" in earlier.content.decode()
    assert (
        _step(client, incident, Status.SUBSTANTIATED, note="Có vi phạm", on="01/06/2024").status_code == 302
    )
    step = IncidentTransition.objects.filter(incident=incident).last()
    assert (step.to_status, step.happened_on) == (Status.SUBSTANTIATED, dt.date(2024, 6, 1))


def test_a_sanction_may_not_precede_the_decision_to_handle(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING, on="01/06/2024")
    _step(client, incident, Status.SUBSTANTIATED, note="Có vi phạm", on="10/07/2024")
    data = {
        "party": incident.parties.get().pk,
        "track": "administrative",
        "form": "khien_trach",
        "decision_number": "12/QĐ-UBND",
        "deciding_body": "UBND huyện Đông Anh",
    }
    url = reverse("violations:incident_sanction", args=[incident.pk])
    refused = client.post(url, {**data, "decided_on": "31/05/2024"})
    refused = followed_refusal(client, refused)
    assert "không được trước ngày quyết định xử lý (01/06/2024)" in refused.content.decode()
    assert Sanction.objects.count() == 0
    assert client.post(url, {**data, "decided_on": "20/07/2024"}).status_code == 302


def test_an_extension_must_reach_past_the_ordinary_deadline(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING, on="01/06/2024")  # ordinary deadline 11/08/2024
    url = reverse("violations:incident_extend", args=[incident.pk])
    refused = client.post(url, {"extended_to": "01/01/1990", "reason": "Phức tạp"})
    refused = followed_refusal(client, refused)
    assert "phải sau hạn xử lý 11/08/2024" in refused.content.decode()
    incident.refresh_from_db()
    assert incident.handling_extended_to is None


def _offered(page: str) -> dict[tuple[str, str], set[str]]:
    """(party id, track) → the form codes offered by each sanction form on the page."""
    offered = {}
    for block in page.split('class="sanction-form"')[1:]:
        party, track = re.findall(r'name="(?:party|track)" value="(\w+)"', block)[:2]
        select = block.split('name="form"', 1)[1].split("</select>", 1)[0]
        offered[(party, track)] = set(re.findall(r'<option value="(\w+)"', select))
    return offered


@pytest.mark.parametrize("category", ["can_bo", "cong_chuc", "vien_chuc", "hop_dong"])
@pytest.mark.parametrize("is_head", [True, False])
def test_the_sanction_forms_offer_exactly_what_the_rules_allow(client, world, category, is_head):
    """Per party and per track: the category, whether they hold a leading post, the decision date."""
    official = world.official_new
    official.category = category
    official.save()
    official.assignments.update(is_head=is_head)
    incident = world.incident_in(world.commune_new, official, occurred=dt.date(2025, 9, 1))
    client.force_login(world.inspector_a)
    _step(client, incident, Status.VERIFYING, on="05/09/2025")
    _step(client, incident, Status.SUBSTANTIATED, note="Có vi phạm", on="10/09/2025")
    url = reverse("violations:incident_detail", args=[incident.pk])
    party = incident.parties.get()
    offered = _offered(client.get(url).content.decode())
    today = timezone.localdate()
    for track in ("administrative", "party"):
        expected = {c for c, _ in rules.sanction_forms(track, category, is_head, today)}
        assert offered.get((str(party.pk), track), set()) == expected, track
    # A refused submission dated earlier re-offers the forms of that date.
    refused = client.post(
        reverse("violations:incident_sanction", args=[incident.pk]),
        {
            "party": party.pk,
            "track": "administrative",
            "form": "khong-co",
            "decision_number": "1/QĐ",
            "decided_on": "15/09/2025",
            "deciding_body": "UBND",
        },
    )
    refused = followed_refusal(client, refused)
    expected = {c for c, _ in rules.sanction_forms("administrative", category, is_head, dt.date(2025, 9, 15))}
    assert _offered(refused.content.decode()).get((str(party.pk), "administrative"), set()) == expected


def test_a_case_still_in_time_cannot_be_closed_as_time_barred(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)  # limitation runs to 10/05/2029
    client.force_login(world.inspector_a)
    page = client.get(reverse("violations:incident_detail", args=[incident.pk])).content.decode()
    assert 'value="time_barred"' not in page  # not offered
    refused = _step(client, incident, Status.TIME_BARRED, note="Đã quá lâu")
    refused = followed_refusal(client, refused)
    # khiển trách warranted, act of 10/05/2024: 5 years under Resolution 76/2022 (not Law 52/2019)
    assert "còn thời hiệu (đến 10/05/2029, theo Nghị quyết 76/2022/QH15" in refused.content.decode()
    incident.refresh_from_db()
    assert incident.status == Status.REPORTED


def test_an_administrator_may_override_with_the_reason_recorded(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.admin)
    assert (
        _step(client, incident, Status.TIME_BARRED, note="Hồ sơ gốc xác định vi phạm năm 2014").status_code
        == 302
    )
    step = IncidentTransition.objects.filter(incident=incident).last()
    assert step.note == (
        "Quản trị viên xác nhận hết thời hiệu (hệ thống tính: 10/05/2029). "
        "Hồ sơ gốc xác định vi phạm năm 2014"
    )


def test_the_rules_page_lists_every_rule_with_its_basis_and_dates(client, world):
    client.force_login(world.inspector_a)
    page = client.get(reverse("violations:rules")).content.decode()
    for rule in (*rules.LIMITATION_RULES, *rules.HANDLING_RULES, *rules.SANCTION_RULES, *rules.EFFECT_RULES):
        assert str(rule.basis) in page.replace("&#x27;", "'")
    assert "01/07/2025" in page and "chưa đối chiếu văn bản gốc" in page
