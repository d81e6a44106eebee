import datetime as dt
import json
from pathlib import Path

import pytest

from units.models import Unit
from violations.models import (
    Framework,
    FrameworkStatus,
    Incident,
    Indicator,
    IndicatorGroup,
    IndicatorMapping,
    Provenance,
)
from violations.selectors.framework import framework_in_force, indicators_by_group
from violations.services.framework import (
    DEFAULT_FRAMEWORK_FILES,
    FrameworkDataError,
    framework_load,
    framework_load_default,
)

pytestmark = pytest.mark.django_db


def data_of(version: int) -> dict:
    """The shipped file of CT24-TU version 1 or 2."""
    return json.loads(DEFAULT_FRAMEWORK_FILES[version - 1].read_text(encoding="utf-8"))


def next_version(framework: Framework, **changes) -> dict:
    """The stored version's file as version+1, mapping each indicator to the one with its code."""
    data = data_of(2)
    data.update(version=framework.version + 1, **changes)
    codes = [item["code"] for item in data["indicators"]]
    data["mapping_from"] = {"framework": framework.code, "version": framework.version}
    data["mapping_from"]["indicators"] = {code: [code] for code in codes}
    return data


def write(tmp_path: Path, data: dict, name: str = "framework.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def tag_incident(framework: Framework, indicator: Indicator) -> Incident:
    unit = Unit.objects.create(key="t:1", name="Xã A", kind="xa")
    incident = Incident.objects.create(
        framework=framework,
        unit=unit,
        title="Chậm giải quyết hồ sơ",
        description="Hồ sơ đất đai quá hạn 30 ngày.",
        occurred_on=dt.date(2024, 3, 1),
        detected_on=dt.date(2024, 3, 5),
        severity="minor",
        source="inspection",
    )
    incident.indicators.add(indicator)
    return incident


def test_the_default_load_keeps_v1_and_puts_v2_in_force(framework):
    v1 = Framework.objects.get(code="CT24-TU", version=1)
    assert (framework.code, framework.version, framework.status) == ("CT24-TU", 2, FrameworkStatus.ACTIVE)
    assert v1.status == FrameworkStatus.SUPERSEDED
    assert framework.issued_on == framework.effective_from == v1.effective_from == dt.date(2023, 8, 7)
    assert framework_in_force(dt.date(2023, 8, 7)) == framework_in_force(dt.date(2026, 12, 1)) == framework
    for version in (v1, framework):
        assert list(version.groups.values_list("number", flat=True)) == [1, 2, 3]
        codes = list(version.indicators.order_by("number").values_list("code", flat=True))
        assert codes == [f"CT24-{n:02d}" for n in range(1, 26)]


def test_v1_keeps_its_layout_and_no_longer_claims_its_paraphrases_are_the_original(framework):
    v1 = Framework.objects.get(code="CT24-TU", version=1)
    assert [len(items) for _, items in indicators_by_group(v1)] == [8, 9, 8]
    assert not v1.indicators.filter(provenance=Provenance.CONFIRMED).exists()
    assert v1.indicators.get(code="CT24-01").text_vi.startswith("Không thực hiện, thực hiện không đúng")
    assert v1.groups.get(number=1).provenance == Provenance.CONFIRMED


def test_indicators_by_group_follows_the_framework_order(framework):
    grouped = indicators_by_group(framework)
    assert [group.number for group, _ in grouped] == [1, 2, 3]
    assert [len(items) for _, items in grouped] == [12, 9, 4]
    assert [i.number for _, items in grouped for i in items] == list(range(1, 26))


def test_loading_twice_is_idempotent(framework):
    history = (Indicator.history, Framework.history, IndicatorMapping.history)
    history_before = [h.count() for h in history]
    again = framework_load_default()
    assert again.pk == framework.pk
    assert Framework.objects.count() == 2
    assert IndicatorGroup.objects.count() == 6
    assert Indicator.objects.count() == 50
    assert IndicatorMapping.objects.count() == 25
    assert [h.count() for h in history] == history_before


def test_reloading_a_version_corrects_texts_in_place_and_keeps_tags(framework, tmp_path):
    indicator = framework.indicators.get(code="CT24-13")
    incident = tag_incident(framework, indicator)
    data = data_of(2)
    data["indicators"][12]["text_en"] = "Corrected translation."
    reloaded = framework_load(write(tmp_path, data))
    indicator.refresh_from_db()
    assert reloaded.pk == framework.pk
    assert indicator.text_en == "Corrected translation."
    assert list(incident.indicators.all()) == [indicator]


def test_a_new_version_keeps_the_old_one_and_its_incidents(framework, tmp_path):
    old_indicator = framework.indicators.get(code="CT24-09")
    incident = tag_incident(framework, old_indicator)
    data = next_version(framework, effective_from="2025-01-01")
    data["indicators"][8]["text_vi"] = "Văn bản chính thức của biểu hiện 9."
    data["indicators"][8]["provenance"] = "confirmed"

    v3 = framework_load(write(tmp_path, data))

    framework.refresh_from_db()
    old_indicator.refresh_from_db()
    assert v3.pk != framework.pk and v3.status == FrameworkStatus.ACTIVE
    assert framework.status == FrameworkStatus.SUPERSEDED
    assert v3.indicators.count() == 25 and framework.indicators.count() == 25
    assert old_indicator.text_vi.startswith("Đùn đẩy, né tránh trách nhiệm")
    assert list(incident.indicators.all()) == [old_indicator]
    assert Incident.objects.get(pk=incident.pk).framework_id == framework.pk
    assert list(old_indicator.mapped_to.values_list("to_indicator__framework", flat=True)) == [v3.pk]


def test_framework_in_force_picks_the_version_by_date(framework, tmp_path):
    v3 = framework_load(write(tmp_path, next_version(framework, effective_from="2025-01-01")))
    assert Framework.objects.in_force_on(dt.date(2023, 8, 6)) is None
    assert framework_in_force(dt.date(2024, 12, 31)) == framework
    assert framework_in_force(dt.date(2025, 1, 1)) == v3


def test_loading_older_versions_after_a_newer_one_leaves_the_newer_in_force(tmp_path):
    data = data_of(1)
    data.update(version=3)
    v3 = framework_load(write(tmp_path, data, "v3.json"))
    v2 = framework_load_default()
    v3.refresh_from_db()
    assert set(Framework.objects.filter(version__lt=3).values_list("status", flat=True)) == {"superseded"}
    assert v2.status == FrameworkStatus.SUPERSEDED
    assert v3.status == FrameworkStatus.ACTIVE


def test_a_reloaded_version_may_not_change_its_codes(framework, tmp_path):
    data = data_of(2)
    data["indicators"][24]["code"] = "CT24-26"
    data["mapping_from"]["indicators"]["CT24-25"] = ["CT24-26"]
    with pytest.raises(FrameworkDataError, match="phiên bản mới"):
        framework_load(write(tmp_path, data))
    assert framework.indicators.filter(code="CT24-25").exists()


def test_malformed_json_is_refused_with_its_position(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"code": "CT24-TU",\n "version": }', encoding="utf-8")
    with pytest.raises(FrameworkDataError, match="Dòng 2, cột 13: JSON không hợp lệ"):
        framework_load(path)
    assert Framework.objects.count() == 0


@pytest.mark.parametrize(
    "spoil, message",
    [
        (lambda d: d["indicators"].pop(), "có 24 biểu hiện nhưng số biểu hiện khai báo là 25"),
        (lambda d: d["indicators"][1].update(code="CT24-01"), r"biểu hiện thứ 2\): mã CT24-01 bị lặp"),
        (lambda d: d["indicators"][3].update(group=4), "nhóm 4 không có trong danh sách nhóm"),
        (lambda d: d["indicators"][5].update(provenance="official"), "nguồn gốc phải là confirmed"),
        (lambda d: d["groups"][2].update(provenance="maybe"), r"Dòng 23 \(nhóm thứ 3\): nguồn gốc"),
        (lambda d: d.update(issued_on="7/8/2023"), "ngày ban hành phải là ngày viết dạng YYYY-MM-DD"),
        (lambda d: d.update(version=True), "phiên bản phải là số nguyên dương"),
        (
            lambda d: d["indicators"][0].pop("text_en"),
            r"Dòng 31 \(biểu hiện thứ 1\): thiếu nội dung tiếng Anh",
        ),
        (lambda d: d["indicators"][0].update(texte_vi="x"), "có trường không dùng được: texte_vi"),
        (lambda d: d["indicators"][7].update(text_vi="  "), r"biểu hiện thứ 8\): thiếu nội dung biểu hiện"),
    ],
)
def test_invalid_files_are_refused_and_create_nothing(tmp_path, spoil, message):
    data = data_of(1)
    spoil(data)
    path = tmp_path / "framework.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    with pytest.raises(FrameworkDataError, match=message):
        framework_load(path)
    assert Framework.objects.count() == IndicatorGroup.objects.count() == Indicator.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FrameworkDataError, match="không đọc được tệp"):
        framework_load(tmp_path / "nowhere.json")
