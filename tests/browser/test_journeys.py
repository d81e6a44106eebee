"""A working day for each role, in headless Chromium, by visible Vietnamese labels only.

Inspector: files an incident (unit picked through the search box, two indicators, an official, evidence),
finds it, starts verification, is refused a conclusion without a reason, concludes. Leader: lands on their
commune's dashboard, changes the period kind, picks another unit. Auditor: reads a status change in plain
Vietnamese and meets the Vietnamese 404 page. Administrator: password, a wrong TOTP code with the message to
wait, the right code, the Vietnamese admin, the report generator.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.web.world import build_world
from violations.models import Incident, Status

from .conftest import menu, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def world(db):
    from violations.services.framework import framework_load_default

    return build_world(framework_load_default())


def test_an_inspector_files_finds_and_concludes_an_incident(page, live_server, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "private"
    evidence = tmp_path / "bien-ban-kiem-tra.pdf"
    evidence.write_bytes(PDF)
    sign_in(page, live_server.url, "kiemtra_a")
    assert page.url == f"{live_server.url}/incidents/"
    assert "Ghi nhận vụ việc" in menu(page)
    assert "Báo cáo" not in menu(page) and "Nhật ký thay đổi" not in menu(page)

    page.get_by_role("link", name="Ghi nhận vụ việc").click()
    unit = page.get_by_label("Đơn vị *", exact=True)
    page.get_by_label("Tìm đơn vị (gõ không dấu cũng được)").fill("thi tran dong anh")
    assert unit.input_value() == ""  # the search box narrows the list; it never picks for the user
    assert page.get_by_text("1 đơn vị phù hợp").is_visible()
    unit.select_option(label="Thị trấn Đông Anh — Huyện Đông Anh (đến 30/06/2025)")
    page.get_by_label(re.compile("^Ngày xảy ra")).fill("10/05/2024")
    page.get_by_label(re.compile("^Ngày phát hiện")).fill("13/05/2024")
    page.get_by_label(re.compile("^Tóm tắt")).fill("Chậm giải quyết hồ sơ tại bộ phận một cửa")
    page.get_by_label(re.compile("^Mô tả chi tiết")).fill("Hồ sơ đất đai quá hạn 20 ngày, công dân phản ánh.")
    page.get_by_label(re.compile("^Mức độ")).select_option(label="Nghiêm trọng")
    page.get_by_label(re.compile("^Hình thức kỷ luật tương xứng")).select_option(label="Cảnh cáo")
    page.get_by_label(re.compile("^Nguồn phát hiện")).select_option(label="Đơn thư, phản ánh của công dân")
    page.locator("input[name=indicators][data-code='CT24-13']").check()
    page.locator("input[name=indicators][data-code='CT24-14']").check()
    page.get_by_label("Tìm cán bộ").fill("tran van")
    page.get_by_role("button", name="+ cá nhân").click()
    page.get_by_label(re.compile("^Tài liệu chứng cứ")).set_input_files(str(evidence))
    page.get_by_role("button", name="Ghi nhận vụ việc").click()
    page.wait_for_url(re.compile(r"/incidents/\d+/$"))

    incident = Incident.objects.get()
    assert sorted(incident.indicators.values_list("code", flat=True)) == ["CT24-13", "CT24-14"]
    assert incident.parties.get().official == world.official_a
    assert incident.attachments.get().original_name == "bien-ban-kiem-tra.pdf"

    page.get_by_role("link", name="Vụ việc", exact=True).click()
    page.get_by_label("Tìm kiếm").fill("mot cua")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name="Chậm giải quyết hồ sơ tại bộ phận một cửa").click()
    page.get_by_role("button", name="Bắt đầu xác minh").click()
    assert page.get_by_text("Đã cập nhật trạng thái vụ việc.").is_visible()

    page.get_by_role("button", name="Kết luận có vi phạm").click()  # without the required reason
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    page.reload()  # post/redirect/get: a refresh re-posts nothing and the refusal is not repeated
    assert page.locator(".error-summary").count() == 0
    reason = page.get_by_label("Nội dung, lý do — Kết luận có vi phạm")
    reason.fill("Xác minh có vi phạm thời hạn giải quyết.")
    page.get_by_role("button", name="Kết luận có vi phạm").click()
    assert page.get_by_text("Đã cập nhật trạng thái vụ việc.").is_visible()
    assert page.locator("#status").inner_text() == "Kết luận: có vi phạm"
    incident.refresh_from_db()
    assert incident.status == Status.SUBSTANTIATED


def test_a_leader_reads_the_dashboard_of_their_commune(page, live_server, world):
    world.incident_in(world.commune_new, world.official_new, occurred=dt.date(2025, 8, 5))
    sign_in(page, live_server.url, "lanhdao_a")
    assert "Ghi nhận vụ việc" not in menu(page)
    page.get_by_role("link", name="Tổng quan").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Thị trấn Đông Anh ·")

    kind = page.get_by_label("Kỳ", exact=True)
    assert page.get_by_label("Tháng", exact=True).is_visible()
    assert not page.get_by_label("Quý", exact=True).is_visible()
    kind.select_option(label="Quý")
    assert page.get_by_label("Quý", exact=True).is_visible()
    assert not page.get_by_label("Tháng", exact=True).is_visible()
    assert not page.get_by_label("Từ ngày").is_visible()
    page.get_by_label("Năm", exact=True).fill("2024")
    page.get_by_label("Quý", exact=True).select_option("2")
    page.get_by_role("button", name="Xem").click()
    assert "Q2/2024" in page.get_by_role("heading", level=1).inner_text()


def test_an_auditor_reads_changes_in_plain_vietnamese(page, live_server, world):
    from violations.services.workflow import incident_transition

    incident = world.incident_in(world.commune_a, world.official_a)
    incident_transition(user=world.inspector_a, incident=incident, target=Status.VERIFYING, note="", on=None)
    sign_in(page, live_server.url, "giamsat")
    assert "Ghi nhận vụ việc" not in menu(page)
    page.get_by_role("link", name="Nhật ký thay đổi").click()
    log = page.locator("main").inner_text()
    assert "Mới ghi nhận → Đang xác minh" in log
    assert "kiemtra_a" in log or "Kiemtra" in log.lower()

    page.goto(f"{live_server.url}/incidents/999999/")
    assert page.get_by_role("heading", level=1).inner_text() == "Không tìm thấy trang"
    assert "Page not found" not in page.content()


def test_an_administrator_signs_in_with_a_second_factor(page, live_server, world):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.admin, name="Ứng dụng xác thực", confirmed=True)
    sign_in(page, live_server.url, "quantri")
    assert "/accounts/otp/" in page.url
    code = page.get_by_label(re.compile("^Mã xác thực 6 chữ số"))
    right = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    code.fill("000000" if right != "000000" else "111111")
    page.get_by_role("button", name="Xác nhận").click()
    assert "hãy chờ" in page.locator(".error").inner_text()
    # The wait passes (the device's throttle, moved back in time rather than slept through).
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=5)
    )
    right = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label(re.compile("^Mã xác thực 6 chữ số")).fill(right)
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
    assert "/accounts/otp/" not in page.url
    assert {"Tổng quan", "Vụ việc", "Ghi nhận vụ việc", "Báo cáo", "Nhật ký thay đổi"} <= set(menu(page))

    page.goto(f"{live_server.url}/admin/")
    admin_index = page.locator("#content-main").inner_text()
    for english in ("Periodic tasks", "Crontabs", "Solar events", "OTP_TOTP", "AXES"):
        assert english.lower() not in admin_index.lower()

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Báo cáo").click()
    page.get_by_label("Tìm đơn vị (gõ không dấu cũng được)").fill("phuc thinh")
    page.get_by_label("Đơn vị *", exact=True).select_option(label="Xã Phúc Thịnh")
    page.get_by_label("Loại kỳ *", exact=True).select_option(label="Quý")
    assert not page.get_by_label("Tháng", exact=True).is_visible()
