"""Framework CT24-TU version 2: the directive's published facts (12/9/4 groups, items 1–5 verbatim), a
declared mapping from version 1, figures counting v1-tagged incidents under v2, and working texts flagged
wherever they are shown."""

import csv
import datetime as dt
import io
import json
import re
from html import unescape

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.content.build import build_snapshot
from reports.periods import Period
from reports.render import Identity, render_pdf
from tests.web.world import World, build_world
from violations.models import (
    Framework,
    FrameworkStatus,
    Incident,
    Indicator,
    IndicatorMapping,
    Provenance,
    UnitMonthStat,
)
from violations.selectors.framework import counting_groups, indicators_by_group
from violations.services.framework import (
    DEFAULT_FRAMEWORK_FILES,
    FrameworkDataError,
    framework_load,
    framework_load_data,
)
from violations.services.stats import stats_rebuild

pytestmark = pytest.mark.django_db

FLAG = "chưa đối chiếu văn bản gốc"
V1_FILE, V2_FILE = DEFAULT_FRAMEWORK_FILES
# DOMAIN.md §1, from the appendix as reproduced on a Long Biên school site; the quote breaks off in item 5.
VERBATIM = {
    1: "Thực hiện không đúng hoặc không thực hiện, thực hiện không đầy đủ các quy định về những điều "
    "đảng viên không được làm, các quy định về phòng, chống tham nhũng, tiêu cực của trung ương, thành phố.",
    2: 'Có biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện "tự diễn biến", '
    '"tự chuyển hóa" trong nội bộ; vi phạm các Quy tắc ứng xử gây ảnh hưởng xấu đến hình ảnh, uy tín của '
    "tổ chức, địa phương, đơn vị.",
    3: "Không tự giác khắc phục, sửa chữa hoặc khắc phục không hiệu quả những khuyết điểm, tồn tại đã được "
    "chỉ ra sau kiểm điểm, đánh giá.",
    4: "Không thực hiện hoặc thiếu kiểm tra, giám sát việc phòng, chống tham nhũng tiêu cực ở cấp mình và "
    "cấp dưới để xảy ra vi phạm.",
}
ITEM_5_QUOTE = (
    'Không kịp thời phát hiện hoặc phát hiện mà chậm xử lý đối với các biểu hiện suy thoái, "tự diễn biến", '
    '"tự chuyển hóa", các hành vi tham nhũng, tiêu cực'
)
SEPT_2024 = Period.month(2024, 9)


def v1() -> Framework:
    return Framework.objects.get(code="CT24-TU", version=1)


# --- the data -----------------------------------------------------------------------------------------------


def test_v2_has_the_published_groups_of_12_9_and_4(framework):
    grouped = indicators_by_group(framework)
    assert [[i.number for i in items] for _, items in grouped] == [
        list(range(1, 13)),
        list(range(13, 22)),
        list(range(22, 26)),
    ]
    names = {group.number: (group.name_vi, group.provenance) for group, _ in grouped}
    assert names[1] == ("Các biểu hiện về vi phạm kỷ cương, kỷ luật", Provenance.CONFIRMED)
    assert names[2] == ("Các biểu hiện về né tránh, đùn đẩy, thiếu trách nhiệm", Provenance.WORKING)
    assert names[3][1] == Provenance.WORKING


def test_items_1_to_4_are_verbatim_and_confirmed_item_5_is_verbatim_as_far_as_the_quote_goes(framework):
    items = {i.number: i for i in framework.indicators.all()}
    for number, text in VERBATIM.items():
        assert (items[number].text_vi, items[number].provenance) == (text, Provenance.CONFIRMED)
    # The published quote stops inside item 5: its text is the quote and an ellipsis, and it stays working.
    assert items[5].text_vi == ITEM_5_QUOTE + "…"
    assert items[5].provenance == Provenance.WORKING
    assert {i.provenance for n, i in items.items() if n >= 5} == {Provenance.WORKING}
    assert all(i.text_en for i in items.values())
    assert "Biểu hiện 5" in framework.source_note and "chưa đối chiếu" in framework.source_note


def test_items_6_to_25_keep_v1s_working_texts_only_regrouped(framework):
    old = {i.code: i for i in v1().indicators.all()}
    for indicator in framework.indicators.filter(number__gte=6):
        assert (indicator.text_vi, indicator.text_en) == (
            old[indicator.code].text_vi,
            old[indicator.code].text_en,
        )


def test_every_v1_indicator_maps_to_at_least_one_v2_indicator(framework):
    for old in v1().indicators.all():
        targets = list(old.mapped_to.values_list("to_indicator__framework_id", "to_indicator__code"))
        assert targets == [(framework.pk, old.code)], old.code
    assert IndicatorMapping.objects.count() == 25
    declared = json.loads(V2_FILE.read_text(encoding="utf-8"))["mapping_from"]
    assert (declared["framework"], declared["version"]) == ("CT24-TU", 1)


# --- loading v2 over v1 with incidents ----------------------------------------------------------------------


@pytest.fixture
def v1_world():
    """A deployment before v2: v1 alone in force, an incident tagged with v1's item 10 (v1 group II) in
    September 2024 and one with item 2 in the same month."""
    old = framework_load(V1_FILE)
    world = build_world(old)
    world.tagged_10 = _incident(world, "CT24-10")
    world.tagged_2 = _incident(world, "CT24-02")
    return world


def _incident(world: World, code: str) -> Incident:
    from violations.models import PartyRole
    from violations.services.incidents import PartySpec, incident_create

    return incident_create(
        user=world.admin,
        unit=world.commune_a,
        title=f"Vụ việc gắn {code}",
        description="Không dám quyết định việc thuộc thẩm quyền.",
        occurred_on=dt.date(2024, 9, 10),
        detected_on=dt.date(2024, 9, 12),
        severity="minor",
        source="inspection",
        indicators=[world.framework.indicators.get(code=code)],
        parties=[PartySpec(world.official_a, PartyRole.INDIVIDUAL)],
    )


def _group_totals(unit_id: int) -> list[int]:
    row = UnitMonthStat.objects.get(unit_id=unit_id, tree=True, month=dt.date(2024, 9, 1))
    return [row.group_1, row.group_2, row.group_3]


def test_loading_v2_keeps_v1_its_tags_and_supersedes_it(v1_world):
    old = v1_world.framework
    tags_before = list(v1_world.tagged_10.indicators.values_list("pk", flat=True))

    v2 = framework_load(V2_FILE)

    old.refresh_from_db()
    incident = Incident.objects.get(pk=v1_world.tagged_10.pk)
    assert old.status == FrameworkStatus.SUPERSEDED and v2.status == FrameworkStatus.ACTIVE
    assert Framework.objects.in_force_on(dt.date(2024, 9, 10)) == v2
    assert incident.framework_id == old.pk
    assert list(incident.indicators.values_list("pk", flat=True)) == tags_before
    assert incident.indicators.get().group.number == 2  # v1's own (wrong) layout is kept as it was


def test_loading_v2_recounts_the_rollups_into_v2s_groups(v1_world):
    assert _group_totals(v1_world.city.pk) == [1, 1, 0]  # under v1: item 2 in group I, item 10 in group II

    result = framework_load_data(json.loads(V2_FILE.read_text(encoding="utf-8")), "v2")

    assert result.recounted and result.mapped == 25
    assert _group_totals(v1_world.city.pk) == [2, 0, 0]  # under v2 both are group I
    before = list(UnitMonthStat.objects.order_by("pk").values())
    stats_rebuild()
    assert [_group_totals(u) for u in (v1_world.city.pk, v1_world.commune_a.pk)] == [[2, 0, 0], [2, 0, 0]]
    assert len(before) == UnitMonthStat.objects.count()


def test_counting_groups_follow_the_mapping(v1_world):
    v2 = framework_load(V2_FILE)
    old_10 = v1_world.framework.indicators.get(code="CT24-10")
    new_10 = v2.indicators.get(code="CT24-10")
    groups = counting_groups()
    assert {old_10.pk, new_10.pk} <= groups[1]
    assert old_10.pk not in groups[2]


def _dashboard(client, world: World, **params):
    client.force_login(world.admin)
    query = {"period": "month", "year": "2024", "month": "9", "unit": world.city.pk, **params}
    return client.get(reverse("dashboard"), query)


def test_the_dashboard_counts_a_v1_tagged_incident_under_the_mapped_v2_indicator_and_group(client, v1_world):
    framework_load(V2_FILE)
    context = _dashboard(client, v1_world).context
    assert [g["figure"].value for g in context["by_group"]] == [2, 0, 0]
    counts = {row["code"]: row["figure"].value for g in context["by_group"] for row in g["indicators"]}
    assert (counts["CT24-10"], counts["CT24-02"]) == (1, 1)
    assert "CT24-10" in [row["code"] for row in context["by_group"][0]["indicators"]]


def test_the_live_count_agrees_with_the_rollups(client, v1_world):
    """A custom period cutting through months is counted live, in the same v2 groups."""
    framework_load(V2_FILE)
    custom = {"period": "custom", "start": "05/09/2024", "end": "20/09/2024"}
    context = _dashboard(client, v1_world, **custom).context
    assert [g["figure"].value for g in context["by_group"]] == [2, 0, 0]


def test_each_dashboard_figure_still_equals_its_list_across_the_version_boundary(client, v1_world):
    framework_load(V2_FILE)
    html = _dashboard(client, v1_world).content.decode()
    links = re.findall(r'<a href="(/incidents/\?[^"]+)"[^>]*>(\d+)</a>', html)
    group_links = [url for url, _ in links if "group=" in url]
    assert group_links
    for url, shown in links:
        listing = client.get(unescape(url)).content.decode()
        assert int(re.search(r'data-count="(\d+)"', listing).group(1)) == int(shown), url


def test_the_report_counts_v1_tags_in_v2s_groups(v1_world):
    framework_load(V2_FILE)
    snapshot = build_snapshot(v1_world.city, SEPT_2024, dt.date(2024, 10, 1))
    assert snapshot["framework"]["version"] == 2
    assert [g["total"] for g in snapshot["groups"]] == [2, 0, 0]
    group_one = {i["code"]: i["count"] for i in snapshot["groups"][0]["indicators"]}
    assert (group_one["CT24-10"], group_one["CT24-02"]) == (1, 1)


# --- the mapping is checked ---------------------------------------------------------------------------------


def v2_data() -> dict:
    return json.loads(V2_FILE.read_text(encoding="utf-8"))


def test_a_v2_with_an_incomplete_mapping_is_refused_and_saves_nothing():
    framework_load(V1_FILE)
    data = v2_data()
    del data["mapping_from"]["indicators"]["CT24-07"]
    data["mapping_from"]["indicators"]["CT24-99"] = ["CT24-01"]
    data["mapping_from"]["indicators"]["CT24-08"] = ["CT24-77"]
    with pytest.raises(FrameworkDataError) as refused:
        framework_load_data(data, "v2.json")
    problems = " | ".join(refused.value.problems)
    assert "chưa ánh xạ các mã cũ: CT24-07" in problems
    assert "mã cũ CT24-99 không có trong CT24-TU v1" in problems
    assert "Ánh xạ của CT24-08: mã mới CT24-77 không có trong danh sách biểu hiện" in problems
    assert Framework.objects.count() == 1 and not IndicatorMapping.objects.exists()


def test_a_mapping_from_a_version_not_loaded_is_refused():
    with pytest.raises(FrameworkDataError, match="chưa có khung CT24-TU phiên bản 1 để ánh xạ từ đó"):
        framework_load(V2_FILE)
    assert not Framework.objects.exists()


# --- the flag -----------------------------------------------------------------------------------------------


def _item(html: str, code: str) -> str:
    """The <li> of an indicator on the incident page."""
    found = re.search(rf'<li data-code="{code}">(.*?)</li>', html, re.S)
    assert found, code
    return found.group(1)


def test_the_form_flags_working_items_and_not_confirmed_ones(client, framework):
    world = build_world(framework)
    client.force_login(world.admin)
    html = client.get(reverse("violations:incident_create")).content.decode()
    boxes = dict(re.findall(r'data-code="(CT24-\d\d)"[^>]*>(.*?)</label>', html, re.S))
    assert FLAG in boxes["CT24-13"] and FLAG in boxes["CT24-05"]
    assert FLAG not in boxes["CT24-01"] and FLAG not in boxes["CT24-04"]


def test_the_incident_page_flags_working_items_and_not_confirmed_ones(client, framework):
    world = build_world(framework)
    incident = world.incident_in(world.commune_a, world.official_a)  # items 1 and 2
    incident.indicators.add(framework.indicators.get(code="CT24-13"))
    client.force_login(world.admin)
    html = client.get(reverse("violations:incident_detail", args=[incident.pk])).content.decode()
    assert FLAG in _item(html, "CT24-13")
    assert FLAG not in _item(html, "CT24-01") and FLAG not in _item(html, "CT24-02")


def test_a_v1_tagged_incident_keeps_its_v1_texts_with_their_flags_on_its_page(client, v1_world):
    framework_load(V2_FILE)
    client.force_login(v1_world.admin)
    html = client.get(reverse("violations:incident_detail", args=[v1_world.tagged_2.pk])).content.decode()
    assert "CT24-TU v1" in html and "đã có phiên bản mới" in html
    item = _item(html, "CT24-02")
    assert "Suy thoái về tư tưởng chính trị" in item  # v1's paraphrase, not v2's verbatim text
    assert FLAG in item


def test_the_list_filter_labels_flag_working_items(client, framework):
    world = build_world(framework)
    client.force_login(world.admin)
    html = client.get(reverse("violations:incident_list")).content.decode()
    options = dict(re.findall(r'<option value="(CT24-\d\d)"[^>]*>([^<]*)</option>', html))
    assert FLAG in options["CT24-13"] and FLAG not in options["CT24-01"]


def test_the_csv_flags_working_items(client, framework):
    world = build_world(framework)
    incident = world.incident_in(world.commune_a, world.official_a)
    incident.indicators.add(framework.indicators.get(code="CT24-13"))
    client.force_login(world.admin)
    response = client.get(reverse("violations:incident_export_csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][8] == f"CT24-01, CT24-02, CT24-13 ({FLAG})"


def test_the_dashboard_flags_working_items(client, framework):
    world = build_world(framework)
    client.force_login(world.admin)
    html = client.get(reverse("dashboard"), {"unit": world.city.pk}).content.decode()
    rows = dict(re.findall(r'<span class="badge">(CT24-\d\d)</span>(.*?)</td>', html, re.S))
    assert FLAG in rows["CT24-13"] and FLAG not in rows["CT24-03"]


def test_the_pdf_flags_working_texts_and_says_they_are_not_the_standing_committees(framework):
    world = build_world(framework)
    world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 9, 3))
    snapshot = build_snapshot(world.city, SEPT_2024, dt.date(2024, 10, 1))
    pdf = render_pdf(Identity(1, 1, "", "0" * 64), snapshot)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "chưa được đối chiếu với văn bản gốc của Ban Thường vụ Thành ủy" in text
    item_4 = VERBATIM[4][:60]
    assert f"{item_4}" in text
    assert re.search(r"Không kịp thời phát hiện.*?tiêu cực… \(" + FLAG + r"\)", text)
    start = text.index(item_4)
    assert FLAG not in text[start : text.index("vi phạm.", start)]  # item 4 up to its end: no flag


def test_every_working_indicator_in_the_snapshot_carries_its_provenance(framework):
    world = build_world(framework)
    snapshot = build_snapshot(world.city, SEPT_2024, dt.date(2024, 10, 1))
    provenance = {i["code"]: i["provenance"] for g in snapshot["groups"] for i in g["indicators"]}
    stored = dict(Indicator.objects.filter(framework=framework).values_list("code", "provenance"))
    assert provenance == stored
