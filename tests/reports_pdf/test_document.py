"""The report as an administrative document (Decree 30/2020/NĐ-CP; the Party's format for a Party body), read
back from the PDF: heading, number, place and date, "Nơi nhận", signer, font, margins, page numbers, and a
layout that holds (tables, totals, percentages, the zero-incident page, no nearly blank last page)."""

import copy
import datetime as dt

import pytest

from reports.content.build import build_snapshot
from reports.document import change_text, shown_if_base, sub_units_table
from reports.generation import report_build, report_request
from reports.issuers import issuer_snapshot
from reports.models import IssuerKind, IssuingBody, Report, Subscription
from reports.periods import Period
from reports.recipients import recipient_lines, recipients_for
from reports.render import Identity, render_pdf
from tests.factories import AssignmentFactory, OfficialFactory, UnitFactory, UserFactory
from tests.reports_pdf.pdfread import (
    A4_HEIGHT,
    MM,
    flat_text,
    font_sizes,
    layout_lines,
    page_texts,
    pdffonts,
    words,
)
from tests.reports_pdf.world import OCTOBER, TODAY, _file
from tests.web.world import AFTER
from units.models import UnitKind

pytestmark = pytest.mark.django_db


def _issue(unit, period=OCTOBER, today=TODAY) -> tuple[Report, bytes]:
    report = report_request(unit=unit, period=period)
    report_build(report.pk, today=today)
    report = Report.objects.get(pk=report.pk)
    with report.pdf.open("rb") as stored:
        return report, stored.read()


@pytest.fixture
def commune_pdf(rw, media) -> bytes:
    return _issue(rw.base.commune_new)[1]


def test_a_commune_report_is_issued_by_its_peoples_committee_numbered_dated_addressed_and_signed(commune_pdf):
    text = flat_text(commune_pdf)

    assert text.startswith("UBND THÀNH PHỐ HÀ NỘI ỦY BAN NHÂN DÂN XÃ PHÚC THỊNH Số: 1/BC-UBND")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc" in text
    assert (
        "Phúc Thịnh, ngày 29 tháng 11 năm 2026 BÁO CÁO Tình hình chấp hành kỷ cương, kỷ luật tháng 10/2026"
    ) in text
    # "Nơi nhận": the email's actual recipients by post (the head by post, a leader by role), and the archive.
    assert "Nơi nhận: - Chủ tịch UBND xã Phúc Thịnh; - Lãnh đạo xã Phúc Thịnh; - Lưu: VT." in text
    # The signer: on behalf of the committee, its chairman, the unit's head on the report's date, by name.
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Ngô Đức Hải" in text
    assert "ĐẢNG CỘNG SẢN" not in text and "VĂN PHÒNG THÀNH ỦY" not in text
    # No narrative was written for this automatic run: a neutral sentence says so.
    assert "đơn vị chưa bổ sung phần đánh giá, nguyên nhân và nhiệm vụ, giải pháp" in text


def test_a_party_body_gets_the_party_heading_its_own_number_and_its_secretary_as_signer(rw, media):
    commune = rw.base.commune_new
    secretary = OfficialFactory(full_name="Trần Thị Hòa")
    AssignmentFactory(official=secretary, unit=commune, post_title="Bí thư Đảng ủy", start_date=AFTER)
    youth = OfficialFactory(full_name="Lê Văn Trẻ")  # "Bí thư" too, of the youth union: not the signer
    AssignmentFactory(
        official=youth, unit=commune, post_title="Bí thư Đoàn Thanh niên", start_date=dt.date(2026, 1, 1)
    )
    IssuingBody.objects.create(unit=commune, kind=IssuerKind.PARTY)

    report, pdf = _issue(commune)
    text = flat_text(pdf)

    assert text.startswith("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI ĐẢNG ỦY XÃ PHÚC THỊNH * Số 1-BC/ĐU")
    assert "Số 1-BC/ĐU ĐẢNG CỘNG SẢN VIỆT NAM Phúc Thịnh, ngày 29 tháng 11 năm 2026" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "- Lưu Văn phòng Đảng ủy." in text
    assert "T/M ĐẢNG ỦY BÍ THƯ Trần Thị Hòa" in text
    assert (report.issuer_kind, report.number, report.reference()) == ("party", 1, "Số 1-BC/ĐU")


def test_a_configured_body_and_signer_replace_the_derived_lines(rw, media):
    IssuingBody.objects.create(
        unit=rw.base.commune_new,
        kind=IssuerKind.STATE,
        show_superior=False,
        abbreviation="UBND-VP",
        place="Sóc Sơn",
        signer_authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        signer_position="PHÓ CHỦ TỊCH",
        signer_name="Phạm Minh Khôi",
    )

    text = flat_text(_issue(rw.base.commune_new)[1])

    assert text.startswith("ỦY BAN NHÂN DÂN XÃ PHÚC THỊNH Số: 1/BC-UBND-VP CỘNG HÒA")
    assert "Sóc Sơn, ngày 29 tháng 11 năm 2026" in text
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Phạm Minh Khôi" in text
    assert "Ngô Đức Hải" not in text.split("Nơi nhận:")[1]


def test_noi_nhan_names_each_recipient_of_the_email_once_by_post_role_or_subscription(rw):
    commune = rw.base.commune_new
    for username in ("phochutich_1", "phochutich_2"):
        deputy = OfficialFactory(user=UserFactory(username=username))
        AssignmentFactory(
            official=deputy, unit=commune, post_title="Phó Chủ tịch UBND", is_deputy=True, start_date=AFTER
        )
    Subscription.objects.create(unit=commune, email="ubkt@hanoi.gov.vn", note="Ủy ban Kiểm tra Thành ủy")
    Subscription.objects.create(unit=commune, email="cu@hanoi.gov.vn", note="Không còn nhận", active=False)

    assert recipient_lines(commune, TODAY) == [
        "Chủ tịch UBND xã Phúc Thịnh",
        "Các Phó Chủ tịch UBND xã Phúc Thịnh",
        "Lãnh đạo xã Phúc Thịnh",
        "Ủy ban Kiểm tra Thành ủy",
    ]
    assert len(recipients_for(commune, TODAY)) == 5  # the same five people get the email
    assert recipient_lines(rw.base.city, TODAY) == ["Lãnh đạo thành phố Hà Nội", "vanphong@hanoi.gov.vn"]


def test_every_unit_gets_a_sensible_heading_without_configuration(rw):
    city, commune = rw.base.city, rw.base.commune_new
    district = rw.base.district_a  # before 7/2025: a district, its communes under it
    agency = UnitFactory(key="w:so", name="Sở Nội vụ", kind=UnitKind.AGENCY, parent=city)
    AssignmentFactory(unit=agency, post_title="Giám đốc", is_head=True, start_date=dt.date(2025, 1, 1))

    heading = {u.name: issuer_snapshot(u, TODAY) for u in (city, commune, district, agency)}

    assert heading["Thành phố Hà Nội"] | {"signer": None} == {
        "kind": "state",
        "superior": "",
        "name": "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI",
        "abbreviation": "UBND",
        "place": "Hà Nội",
        "filing": "Lưu: VT",
        "signer": None,
    }
    assert (heading["Xã Phúc Thịnh"]["superior"], heading["Xã Phúc Thịnh"]["place"]) == (
        "UBND THÀNH PHỐ HÀ NỘI",
        "Phúc Thịnh",
    )
    assert (heading["Huyện Đông Anh"]["name"], heading["Huyện Đông Anh"]["place"]) == (
        "ỦY BAN NHÂN DÂN\nHUYỆN ĐÔNG ANH",
        "Đông Anh",
    )
    # An agency is its own issuing body, abbreviated by its initials; its head signs in his own name.
    assert heading["Sở Nội vụ"] | {"signer": None} == {
        "kind": "state",
        "superior": "UBND THÀNH PHỐ HÀ NỘI",
        "name": "SỞ NỘI VỤ",
        "abbreviation": "SNV",
        "place": "Hà Nội",
        "filing": "Lưu: VT",
        "signer": None,
    }
    assert heading["Sở Nội vụ"]["signer"]["authority"] == []
    assert heading["Sở Nội vụ"]["signer"]["position"] == "GIÁM ĐỐC"


def test_the_body_is_set_in_13_point_liberation_serif_embedded_within_the_decrees_margins(commune_pdf):
    fonts = pdffonts(commune_pdf)
    assert {f["name"].split("+")[1] for f in fonts} == {
        "LiberationSerif-KC",
        "LiberationSerif-KC-Bold",
        "LiberationSerif-KC-Italic",
        "LiberationSerif-KC-Bold-Italic",
    }
    assert all(f["emb"] == "yes" for f in fonts)

    sizes = font_sizes(commune_pdf)

    def size_of(start: str) -> float:
        return next(size for text, size in sizes.items() if text.startswith(start))

    assert size_of("Thực hiện Chỉ thị số 24-CT/TU") == size_of("Trong tháng 10/2026") == 13.0  # the body
    assert size_of("BÁO CÁO") == size_of("Tình hình chấp hành") == 14.0  # type and title of the document

    placed = words(commune_pdf)
    assert min(w.x0 for w in placed) >= 30 * MM - 0.5  # left margin 30 mm (decree: 30–35)
    assert max(w.x1 for w in placed) <= (210 - 15) * MM + 0.5  # right margin 15 mm (decree: 15–20)
    assert min(w.y0 for w in placed if w.page == 1) >= 20 * MM - 0.5  # top margin 20 mm (decree: 20–25)
    # Only the page numbers are set in the top margin, only the checksum footer in the bottom one.
    top = [w.text for w in placed if w.y0 < 20 * MM]
    assert top and all(text.isdigit() for text in top)
    footer = " ".join(w.text for w in placed if w.page == 1 and w.y1 > A4_HEIGHT - 20 * MM)
    assert footer.startswith("Số: 1/BC-UBND") and "Mã kiểm tra số liệu (SHA-256)" in footer


def test_pages_are_numbered_top_centre_from_the_second(commune_pdf):
    placed = words(commune_pdf)
    pages = max(w.page for w in placed)
    assert pages >= 2
    top = {page: [w for w in placed if w.page == page and w.y1 < 20 * MM] for page in range(1, pages + 1)}

    assert top[1] == []  # the first page carries no number
    for page in range(2, pages + 1):
        (number,) = top[page]
        assert number.text == str(page)
        centre = (number.x0 + number.x1) / 2
        assert abs(centre - (30 + 165 / 2) * MM) < 1 * MM  # the middle of the text block


def test_percentages_are_printed_only_over_a_base_of_five():
    assert change_text(2, 1, 100.0) == "tăng 1 vụ việc"
    assert change_text(1, 4, -75.0) == "giảm 3 vụ việc"
    assert change_text(3, 3, 0.0) == "không đổi"
    assert change_text(0, 0, None) == "không đổi"
    assert change_text(6, 5, 20.0) == "+20,0%"
    assert change_text(4, 8, -50.0) == "−50,0%"
    assert shown_if_base(25.0, 4) is None and shown_if_base(25.0, 5) == 25.0


def test_the_pdf_prints_a_share_over_five_concluded_cases_and_counts_under(rw, media):
    snapshot = build_snapshot(rw.base.commune_new, OCTOBER, TODAY)
    few = flat_text(render_pdf(Identity(None, 1, "", "0" * 64), snapshot))
    many = copy.deepcopy(snapshot)
    many["summary"] |= {"substantiated": 4, "unsubstantiated": 2, "share_substantiated_pct": 66.7}
    many["summary"]["previous"] |= {"total": 8, "change_pct": -75.0}
    more = flat_text(render_pdf(Identity(None, 1, "", "0" * 64), many))

    assert "(09/2026: 1, tăng 1 vụ việc; cùng kỳ năm trước 10/2025: 0, tăng 2 vụ việc)" in few
    assert "tỷ lệ có vi phạm" not in few  # 1 of 1 concluded: not "100,0%"
    assert "(09/2026: 8, −75,0%" in more
    assert "(tỷ lệ có vi phạm 66,7%)" in more
    assert "Số: /BC-UBND" in few  # a preview, not issued: the number's place is left blank


def _sub_unit_rows(pdf: bytes) -> dict[str, list[str]]:
    """The sub-units table as pdftotext -layout prints it: each row's name and its figures."""
    lines = layout_lines(pdf)
    start = next(i for i, line in enumerate(lines) if "Đơn vị trực thuộc trong kỳ" in line)
    rows = {}
    for line in lines[start:]:
        for name in ("Phường Ba Đình", "Xã Phúc Thịnh", "Cấp thành phố (trực tiếp)", "Tổng cộng"):
            if name in line:
                rows[name] = line.split(name)[1].split()
        if "Tổng cộng" in rows:
            return rows
    raise AssertionError("no total row")


def test_the_city_sub_units_table_adds_up_to_the_city_total_with_incidents_filed_on_the_city_as_a_row(
    rw, media
):
    city_official = OfficialFactory(full_name="Hoàng Văn Thành")
    AssignmentFactory(official=city_official, unit=rw.base.city, post_title="Chuyên viên", start_date=AFTER)
    _file(rw.base, rw.base.city, city_official, dt.date(2026, 10, 14), "minor", [3])

    report, pdf = _issue(rw.base.city)
    rows = _sub_unit_rows(pdf)

    total = report.snapshot["summary"]["total"]
    assert total == 4
    assert rows["Cấp thành phố (trực tiếp)"][:2] == ["1", "0"]
    assert rows["Tổng cộng"][:3] == ["4", "1", str(report.snapshot["summary"]["headcount"])]
    assert sum(int(rows[name][0]) for name in rows if name != "Tổng cộng") == total


def test_a_row_for_dissolved_units_appears_only_when_the_rows_would_not_add_up(rw):
    snapshot = build_snapshot(rw.base.city, OCTOBER, TODAY)
    assert [row["name"] for row in sub_units_table(snapshot)["extra"]] == ["Cấp thành phố (trực tiếp)"]

    snapshot["summary"] |= {"total": snapshot["summary"]["total"] + 2}  # incidents of a unit no longer listed
    table = sub_units_table(snapshot)
    assert [(row["name"], row["total"]) for row in table["extra"]] == [
        ("Cấp thành phố (trực tiếp)", 0),
        ("Đơn vị khác (đã giải thể, sáp nhập)", 2),
    ]
    assert sum(r["total"] for r in table["rows"] + table["extra"]) == table["total"]["total"]


def test_a_unit_without_incidents_gets_a_one_page_report_saying_so(rw, media):
    report, pdf = _issue(rw.commune_two, period=Period.month(2026, 8))

    assert report.snapshot["summary"]["total"] == 0
    assert len(page_texts(pdf)) == 1
    text = flat_text(pdf)
    assert "Trong tháng 08/2026, Phường Ba Đình không ghi nhận vụ việc nào có biểu hiện vi phạm" in text
    assert "Nơi nhận:" in text and "Lưu: VT" in text


def _sub_units_snapshot(rw, count: int) -> dict:
    snapshot = build_snapshot(rw.base.city, OCTOBER, TODAY)
    snapshot["sub_units"] = [
        {"name": f"Xã Thử {n:03d}", "total": 0, "substantiated": 0, "staff": 40, "rate_per_100": 0.0}
        | {"head": ""}
        for n in range(1, count + 1)
    ]
    snapshot["summary"] |= {"total": 0}  # keep the full layout
    return snapshot


def test_a_long_table_repeats_its_header_on_every_page_and_never_splits_a_row(rw):
    snapshot = _sub_units_snapshot(rw, 126)  # the city's communes and wards
    snapshot["summary"] |= {"total": 3}
    pdf = render_pdf(Identity(1, 1, "", "0" * 64), snapshot)

    pages_with_rows = set()
    for page, text in enumerate(page_texts(pdf), start=1):
        if "Xã Thử" in text:
            pages_with_rows.add(page)
            assert "Người đứng đầu" in text, f"page {page} continues the table without its header"
    assert len(pages_with_rows) >= 3
    for line in (line for line in layout_lines(pdf) if "Xã Thử" in line):
        assert line.split()[-5:] == ["0", "0", "40", "0,00", "—"], line  # each row whole, on one line


def _last_page_fill(pdf: bytes) -> float:
    """How far down the text block the last page's content reaches (footer and page number excluded)."""
    placed = words(pdf)
    last = max(w.page for w in placed)
    bottom = max(w.y1 for w in placed if w.page == last and 20 * MM < w.y1 < A4_HEIGHT - 20 * MM)
    return (bottom - 20 * MM) / (A4_HEIGHT - 40 * MM)


@pytest.mark.parametrize("people", [0, 8, 16, 24, 32, 40])
def test_the_last_page_is_never_two_thirds_blank(rw, people):
    snapshot = build_snapshot(rw.base.commune_new, OCTOBER, TODAY)
    row = {"name": "Nguyễn Văn Thử", "post": "Công chức", "unit": "Xã Phúc Thịnh"}
    row |= {"violation": False, "count": 0}
    snapshot["people"]["rows"] = [row] * people  # moves the closing block down, page after page

    assert _last_page_fill(render_pdf(Identity(1, 1, "", "0" * 64), snapshot)) >= 1 / 3
