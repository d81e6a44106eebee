import datetime as dt
import json
from pathlib import Path

import pytest

from units.models import Unit
from violations.models import Framework, FrameworkStatus, Incident, Indicator, IndicatorGroup, Provenance
from violations.selectors.framework import framework_in_force, indicators_by_group
from violations.services.framework import (
    DEFAULT_FRAMEWORK_FILE,
    FrameworkDataError,
    framework_load,
    framework_load_default,
)

pytestmark = pytest.mark.django_db


def default_data() -> dict:
    return json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))


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


def test_default_framework_has_25_indicators_in_3_groups(framework):
    assert (framework.code, framework.version, framework.status) == ("CT24-TU", 1, FrameworkStatus.ACTIVE)
    assert framework.issued_on == framework.effective_from == dt.date(2023, 8, 7)
    assert list(framework.groups.values_list("number", flat=True)) == [1, 2, 3]
    codes = list(framework.indicators.order_by("number").values_list("code", flat=True))
    assert codes == [f"CT24-{n:02d}" for n in range(1, 26)]


def test_only_items_1_to_5_and_group_1_name_are_confirmed(framework):
    confirmed = framework.indicators.filter(provenance=Provenance.CONFIRMED)
    assert sorted(confirmed.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert framework.indicators.filter(provenance=Provenance.WORKING).count() == 20
    group_provenance = dict(framework.groups.values_list("number", "provenance"))
    assert group_provenance == {1: "confirmed", 2: "working", 3: "working"}


def test_texts_are_the_ones_in_the_domain_brief(framework):
    first = framework.indicators.get(code="CT24-01")
    assert first.text_vi.startswith("Không thực hiện, thực hiện không đúng hoặc không đầy đủ")
    assert first.text_en
    assert framework.groups.get(number=1).name_vi == "Vi phạm kỷ cương, kỷ luật"


def test_indicators_by_group_follows_the_framework_order(framework):
    grouped = indicators_by_group(framework)
    assert [group.number for group, _ in grouped] == [1, 2, 3]
    assert [len(items) for _, items in grouped] == [8, 9, 8]
    assert [i.number for _, items in grouped for i in items] == list(range(1, 26))


def test_loading_twice_is_idempotent(framework):
    history_before = Indicator.history.count() + Framework.history.count()
    again = framework_load_default()
    assert again.pk == framework.pk
    assert Framework.objects.count() == 1
    assert IndicatorGroup.objects.count() == 3
    assert Indicator.objects.count() == 25
    assert Indicator.history.count() + Framework.history.count() == history_before


def test_reloading_a_version_corrects_texts_in_place_and_keeps_tags(framework, tmp_path):
    indicator = framework.indicators.get(code="CT24-13")
    incident = tag_incident(framework, indicator)
    data = default_data()
    data["indicators"][12]["text_en"] = "Corrected translation."
    reloaded = framework_load(write(tmp_path, data))
    indicator.refresh_from_db()
    assert reloaded.pk == framework.pk
    assert indicator.text_en == "Corrected translation."
    assert list(incident.indicators.all()) == [indicator]


def test_a_new_version_keeps_the_old_one_and_its_incidents(framework, tmp_path):
    old_indicator = framework.indicators.get(code="CT24-09")
    incident = tag_incident(framework, old_indicator)
    data = default_data()
    data.update(version=2, effective_from="2025-01-01")
    data["indicators"][8]["text_vi"] = "Văn bản chính thức của biểu hiện 9."
    data["indicators"][8]["provenance"] = "confirmed"

    v2 = framework_load(write(tmp_path, data))

    framework.refresh_from_db()
    old_indicator.refresh_from_db()
    assert v2.pk != framework.pk and v2.status == FrameworkStatus.ACTIVE
    assert framework.status == FrameworkStatus.SUPERSEDED
    assert v2.indicators.count() == 25 and framework.indicators.count() == 25
    assert old_indicator.text_vi.startswith("Đùn đẩy, né tránh trách nhiệm")
    assert list(incident.indicators.all()) == [old_indicator]
    assert Incident.objects.get(pk=incident.pk).framework_id == framework.pk


def test_framework_in_force_picks_the_version_by_date(framework, tmp_path):
    data = default_data()
    data.update(version=2, effective_from="2025-01-01")
    v2 = framework_load(write(tmp_path, data))
    assert framework_in_force(dt.date(2023, 8, 6)) is None
    assert framework_in_force(dt.date(2024, 12, 31)) == framework
    assert framework_in_force(dt.date(2025, 1, 1)) == v2


def test_loading_an_older_version_after_a_newer_one_leaves_the_newer_in_force(tmp_path):
    data = default_data()
    data.update(version=2)
    v2 = framework_load(write(tmp_path, data, "v2.json"))
    v1 = framework_load_default()
    v2.refresh_from_db()
    assert v1.status == FrameworkStatus.SUPERSEDED
    assert v2.status == FrameworkStatus.ACTIVE


def test_a_reloaded_version_may_not_change_its_codes(framework, tmp_path):
    data = default_data()
    data["indicators"][24]["code"] = "CT24-26"
    with pytest.raises(FrameworkDataError, match="new version"):
        framework_load(write(tmp_path, data))
    assert framework.indicators.filter(code="CT24-25").exists()


def test_malformed_json_is_refused_with_its_position(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"code": "CT24-TU",\n "version": }', encoding="utf-8")
    with pytest.raises(FrameworkDataError, match="line 2"):
        framework_load(path)
    assert Framework.objects.count() == 0


@pytest.mark.parametrize(
    "spoil, message",
    [
        (lambda d: d["indicators"].pop(), "24 indicators listed but indicator_count says 25"),
        (lambda d: d["indicators"][1].update(code="CT24-01"), "code CT24-01 is repeated"),
        (lambda d: d["indicators"][3].update(group=4), "group 4 is not among the groups"),
        (lambda d: d["indicators"][5].update(provenance="official"), "provenance must be one of"),
        (lambda d: d["groups"][2].update(provenance="maybe"), "group #3: provenance"),
        (lambda d: d.update(issued_on="7/8/2023"), "'issued_on' must be a date"),
        (lambda d: d.update(version=True), "'version' must be a positive integer"),
        (lambda d: d["indicators"][0].pop("text_en"), "indicator #1 lacks text_en"),
        (lambda d: d["indicators"][0].update(texte_vi="x"), "unknown keys texte_vi"),
        (lambda d: d["indicators"][7].update(text_vi="  "), "'text_vi' must be a non-empty string"),
    ],
)
def test_invalid_files_are_refused_and_create_nothing(tmp_path, spoil, message):
    data = default_data()
    spoil(data)
    with pytest.raises(FrameworkDataError, match=message):
        framework_load(write(tmp_path, data))
    assert Framework.objects.count() == IndicatorGroup.objects.count() == Indicator.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FrameworkDataError, match="cannot read file"):
        framework_load(tmp_path / "nowhere.json")
