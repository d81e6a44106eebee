"""In headless Chromium an inspector files an incident (two indicators, evidence), finds and concludes it."""

import os
import shutil

import pytest

from tests.web.world import build_world
from violations.models import Incident, Status

CHROMIUM = "/usr/bin/chromium"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
# Flags that keep Chromium from reaching for the network on a closed machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: `make browser` installs it")
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are still
    # synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="vi-VN")
        page.set_default_timeout(15000)
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_inspector_files_finds_and_concludes_an_incident(browser_page, live_server, tmp_path, settings):
    from violations.services.framework import framework_load_default

    settings.MEDIA_ROOT = tmp_path / "private"
    world = build_world(framework_load_default())
    evidence = tmp_path / "bien-ban-kiem-tra.pdf"
    evidence.write_bytes(PDF)
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "kiemtra_a")
    page.fill("#id_password", "mat-khau-an-toan-2025")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/incidents/")

    page.goto(f"{live_server.url}/incidents/new/")
    page.fill("#unit-filter", "thi tran dong anh")
    assert page.input_value("#id_unit") == str(world.commune_a.pk)
    page.fill("#id_occurred_on", "10/05/2024")
    page.fill("#id_detected_on", "13/05/2024")
    page.fill("#id_title", "Chậm giải quyết hồ sơ tại bộ phận một cửa")
    page.fill("#id_description", "Hồ sơ đất đai quá hạn 20 ngày, công dân phản ánh.")
    page.select_option("#id_severity", "serious")
    page.get_by_label("Hình thức kỷ luật tương xứng").select_option("canh_cao")
    page.select_option("#id_source", "petition")
    page.check("input[name=indicators][data-code='CT24-13']")
    page.check("input[name=indicators][data-code='CT24-14']")
    page.fill("#official-search", "tran van")
    page.click("#official-results button[data-target='id_officials']")
    page.set_input_files("#id_evidence", str(evidence))
    page.click("form#incident-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/incidents/*/")

    incident = Incident.objects.get()
    assert sorted(incident.indicators.values_list("code", flat=True)) == ["CT24-13", "CT24-14"]
    assert incident.parties.get().official == world.official_a
    assert incident.attachments.get().original_name == "bien-ban-kiem-tra.pdf"

    page.goto(f"{live_server.url}/incidents/?q=mot cua")
    page.click(f"a[href='/incidents/{incident.pk}/']")
    page.click("button[name=step][value=verifying]")
    page.wait_for_selector("text=Đã cập nhật trạng thái vụ việc.")
    page.fill("#note-substantiated", "Xác minh có vi phạm thời hạn giải quyết hồ sơ.")
    page.click("button[name=step][value=substantiated]")
    page.wait_for_selector("text=Đã cập nhật trạng thái vụ việc.")

    assert page.inner_text("#status") == "Kết luận: có vi phạm"
    incident.refresh_from_db()
    assert incident.status == Status.SUBSTANTIATED
