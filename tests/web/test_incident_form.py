import datetime as dt
import re

import pytest
from django.urls import reverse

from violations.models import Incident, Status

pytestmark = pytest.mark.django_db
URL = reverse("violations:incident_create")


def _post_data(world, **overrides):
    indicators = list(world.framework.indicators.order_by("number")[:2])
    data = {
        "unit": world.commune_a.pk,
        "occurred_on": "10/05/2024",
        "detected_on": "13/05/2024",
        "title": "Chậm trả lời đơn của công dân",
        "description": "Quá hạn 15 ngày.",
        "severity": "minor",
        "warranted_form": "khien_trach",
        "source": "petition",
        "indicators": [i.pk for i in indicators],
        "officials": [world.official_a.pk],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_an_inspector_files_an_incident_with_two_indicators(client, world):
    client.force_login(world.inspector_a)
    response = client.post(URL, _post_data(world))
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("violations:incident_detail", args=[incident.pk])
    assert incident.indicators.count() == 2
    assert incident.status == Status.REPORTED
    assert incident.parties.get().official == world.official_a
    assert incident.transitions.get().to_status == Status.REPORTED
    assert incident.limitation_deadline == dt.date(2029, 5, 10)


def test_the_unit_picker_offers_only_units_in_the_inspectors_scope(client, world):
    client.force_login(world.inspector_a)
    html = client.get(URL).content.decode()
    assert "Thị trấn Đông Anh" in html
    assert "Phường Phúc Xá" not in html


def test_a_unit_outside_scope_is_refused_and_nothing_is_saved(client, world):
    client.force_login(world.inspector_a)
    response = client.post(URL, _post_data(world, unit=world.commune_b.pk, officials=[world.official_b.pk]))
    assert response.status_code == 200
    assert Incident.objects.count() == 0
    html = response.content.decode()
    assert "Đơn vị không có hoặc nằm ngoài phạm vi được giao." in html
    assert "Có cán bộ đã chọn không thuộc phạm vi được giao." in html


def test_dates_in_dd_mm_yyyy_are_required_and_errors_are_vietnamese(client, world):
    client.force_login(world.inspector_a)
    response = client.post(URL, _post_data(world, occurred_on="2024-13-45"))
    html = response.content.decode()
    assert "Nhập ngày theo dạng dd/mm/yyyy" in html
    assert "Chậm trả lời đơn của công dân" in html  # what was typed is still there
    assert Incident.objects.count() == 0


def test_future_dates_and_detection_before_occurrence_are_refused(client, world):
    client.force_login(world.inspector_a)
    future = (dt.date.today() + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    html = client.post(URL, _post_data(world, occurred_on=future, detected_on=future)).content.decode()
    assert "không được sau ngày hôm nay" in html
    html = client.post(URL, _post_data(world, detected_on="01/05/2024")).content.decode()
    assert "Ngày phát hiện không được trước ngày xảy ra" in html
    assert Incident.objects.count() == 0


def test_at_least_one_indicator_is_required(client, world):
    client.force_login(world.inspector_a)
    html = client.post(URL, _post_data(world, indicators=[])).content.decode()
    assert "Chọn ít nhất một biểu hiện vi phạm" in html


def test_a_dissolved_unit_cannot_hold_an_incident_after_the_reorganisation(client, world):
    client.force_login(world.inspector_a)
    html = client.post(
        URL, _post_data(world, occurred_on="10/08/2025", detected_on="11/08/2025")
    ).content.decode()
    assert "không tồn tại vào ngày 10/08/2025" in html
    assert Incident.objects.count() == 0


def test_involved_officials_must_serve_in_the_unit_on_that_date(client, world):
    client.force_login(world.admin)
    html = client.post(URL, _post_data(world, officials=[world.official_b.pk])).content.decode()
    assert "Không công tác tại đơn vị vào ngày xảy ra" in html
    assert Incident.objects.count() == 0


def test_the_collective_alone_may_be_the_subject(client, world):
    client.force_login(world.inspector_a)
    client.post(URL, _post_data(world, officials=None, collective="on"))
    party = Incident.objects.get().parties.get()
    assert party.official is None
    assert party.collective_name == "Tập thể Thị trấn Đông Anh"


def test_official_lookup_finds_names_without_diacritics_within_the_unit_on_the_date(client, world):
    client.force_login(world.inspector_a)
    url = reverse("violations:official_lookup")
    found = client.get(url, {"unit": world.commune_a.pk, "on": "10/05/2024", "q": "tran van"}).json()
    assert [r["id"] for r in found["results"]] == [world.official_a.pk]
    later = client.get(url, {"unit": world.commune_a.pk, "on": "10/08/2025", "q": "tran"}).json()
    assert later["results"] == []


def test_official_lookup_in_another_district_is_not_found(client, world):
    client.force_login(world.inspector_a)
    response = client.get(
        reverse("violations:official_lookup"), {"unit": world.commune_b.pk, "on": "10/05/2024"}
    )
    assert response.status_code == 404


def test_the_warranted_form_list_groups_forms_by_discipline(client, world):
    client.force_login(world.inspector_a)
    html = client.get(reverse("violations:incident_create")).content.decode()
    select = re.search(r'<select name="warranted_form"[^>]*>(.*?)</select>', html, re.S).group(1)
    groups = dict(re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S))
    assert list(groups) == ["Kỷ luật Đảng và hành chính", "Chỉ kỷ luật hành chính", "Chỉ kỷ luật Đảng"]
    assert 'value="khai_tru"' in groups["Chỉ kỷ luật Đảng"]
    assert 'value="ha_bac_luong"' in groups["Chỉ kỷ luật hành chính"]
    assert 'value="khai_tru"' not in groups["Chỉ kỷ luật hành chính"]
