import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from violations.models import Framework, IndicatorMapping
from violations.services.framework import DEFAULT_FRAMEWORK_FILES

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_framework", *args, stdout=out)
    return out.getvalue()


def test_it_loads_version_1_then_version_2_and_says_so_in_vietnamese():
    assert run().strip().splitlines() == [
        "CT24-TU v1: đã tạo, 3 nhóm, 25 biểu hiện (0 đã đối chiếu văn bản), trạng thái Đang áp dụng; "
        "thay thế: không; đã tính lại số liệu tổng hợp theo nhóm",
        "CT24-TU v2: đã tạo, 3 nhóm, 25 biểu hiện (4 đã đối chiếu văn bản), ánh xạ 25 cặp biểu hiện "
        "từ phiên bản trước, trạng thái Đang áp dụng; thay thế: CT24-TU v1; "
        "đã tính lại số liệu tổng hợp theo nhóm",
    ]


def test_a_second_run_changes_nothing():
    run()
    again = run()
    assert "CT24-TU v1: đã nạp lại, 0 dòng thay đổi" in again
    assert "CT24-TU v2: đã nạp lại, 0 dòng thay đổi" in again
    assert "tính lại" not in again
    assert Framework.objects.count() == 2 and IndicatorMapping.objects.count() == 25


def test_a_new_version_reports_what_it_superseded(tmp_path):
    run()
    data = json.loads(DEFAULT_FRAMEWORK_FILES[1].read_text(encoding="utf-8"))
    data["version"] = 3
    data["mapping_from"].update(version=2)
    path = tmp_path / "v3.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "thay thế: CT24-TU v2" in run(str(path))


def test_a_bad_file_is_a_command_error_and_loads_none_of_the_files(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match="tệp phải là một đối tượng JSON"):
        run(str(DEFAULT_FRAMEWORK_FILES[0]), str(path))
    assert not Framework.objects.exists()
