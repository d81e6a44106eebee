"""The English switch: the header's button (set_language) turns the pages into English — Django's own text,
the project's catalogue, the framework's English indicator texts — and back; Vietnamese stays the default."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.web.test_incident_form import _post_data

pytestmark = pytest.mark.django_db
# A word with a Vietnamese letter: English text has none, so any such word is untranslated or data.
VIETNAMESE_WORD = re.compile(r"\w*[À-ỹĐđ]\w*")


def _switch(client: Client, language: str, back: str = "/") -> None:
    response = client.post(reverse("set_language"), {"language": language, "next": back})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _visible_words(html: str, *data: str) -> set[str]:
    """The Vietnamese words a reader sees (text, titles, labels, placeholders), minus the given data."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    attributes = re.findall(r'(?:title|aria-label|placeholder|data-[a-z-]+)="([^"]*)"', html)
    text = re.sub(r"<[^>]+>", " ", html) + " " + " ".join(attributes)
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, " ")
    return set(VIETNAMESE_WORD.findall(text))


def test_the_login_page_switches_to_english_and_back(client):
    page = _page(client, reverse("login"))
    assert '<html lang="vi">' in page and "<h1>Đăng nhập</h1>" in page

    _switch(client, "en", reverse("login"))
    page = _page(client, reverse("login"))
    assert '<html lang="en">' in page
    assert "<h1>Sign in</h1>" in page and ">Password <" in page
    assert "Monitoring of discipline and order — City of Hanoi" in page
    # The switch names the other language in that language; the product's name is a proper name.
    assert _visible_words(page, "Tiếng Việt", "Kỷ cương") == set()

    _switch(client, "vi", reverse("login"))
    page = _page(client, reverse("login"))
    assert "<h1>Đăng nhập</h1>" in page and "Sign in" not in page


def test_the_incident_list_in_english(client, world):
    world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _switch(client, "en")

    page = _page(client, reverse("violations:incident_list"))

    assert "Breaches of discipline and order" in page
    assert "Filter incidents" in page and "Export CSV" in page
    assert ">Reported<" in page  # the status, a translated choice
    assert "Vụ việc vi phạm" not in page and "Lọc vụ việc" not in page and "Mới ghi nhận" not in page


def test_the_incident_page_in_english_shows_the_frameworks_english_texts(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    indicator = incident.indicators.order_by("number").first()
    client.force_login(world.inspector_a)
    _switch(client, "en")

    page = _page(client, reverse("violations:incident_detail", args=[incident.pk]))

    assert "Date occurred" in page and "Time limit for disciplinary handling" in page
    assert "Subjects and sanctions" in page and "Start verification" in page
    assert "Less serious" in page  # the severity
    assert indicator.text_en in page and indicator.text_vi not in page
    assert indicator.group.name_en in page
    # Everything else in Vietnamese is data: what was recorded (the change history quotes it as recorded).
    data = [incident.title, incident.description, incident.unit.name, world.official_a.full_name]
    above_history = page.split('id="history"')[0]
    # Legal documents keep their numbers (Decree 112/2020/NĐ-CP, Regulation 69-QĐ/TW).
    assert _visible_words(above_history, "Tiếng Việt", "Kỷ cương", *data) <= {"NĐ", "QĐ"}

    _switch(client, "vi")
    page = _page(client, reverse("violations:incident_detail", args=[incident.pk]))
    assert "Ngày xảy ra" in page and indicator.text_vi in page and indicator.text_en not in page


def test_the_dashboard_in_english(client, world):
    world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.leader_a)
    _switch(client, "en")

    page = _page(client, reverse("dashboard"))

    assert "Incidents in the period" in page and "24-month trend" in page and "By severity" in page
    assert "Breaches of discipline and order" in page  # group I's English name, from the framework
    assert "Vụ việc trong kỳ" not in page and "Theo mức độ" not in page


def test_form_errors_in_english(client, world):
    client.force_login(world.inspector_a)
    _switch(client, "en")

    url = reverse("violations:incident_create")
    page = client.post(url, _post_data(world, indicators=[])).content.decode()

    assert "Choose at least one violation indicator." in page
    assert "Record a new incident" in page
    assert "Chọn ít nhất một biểu hiện vi phạm." not in page
    first = world.framework.indicators.order_by("number").first()
    assert first.text_en in page and first.text_vi not in page
    # The official search's script writes its buttons with labels the page gives it, in its language.
    assert 'data-add-official="+ individual"' in page and 'data-none="No matching official found."' in page

    page = client.post(url, _post_data(world, title="")).content.decode()
    assert "This field is required." in page  # Django's own message, from its English catalogue
    assert "Trường này là bắt buộc." not in page


def test_the_rules_page_has_nothing_left_in_vietnamese(client, world):
    """Every line of it is the product's own text (no data): labels read at import time would stay
    Vietnamese here."""
    client.force_login(world.inspector_a)
    _switch(client, "en")

    page = _page(client, reverse("violations:rules"))

    assert "Legal rules the system applies" in page and "Probationary Party members" in page
    assert _visible_words(page, "Tiếng Việt", "Kỷ cương") <= {"NĐ", "QĐ"}
