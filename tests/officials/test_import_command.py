from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from officials.models import Official
from tests.factories import UnitFactory
from tests.officials.sheets import NATIONAL_ID, official_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def test_the_command_imports_a_file_and_prints_one_summary_line(tmp_path):
    unit = UnitFactory()
    path = write_xlsx(
        tmp_path / "can-bo.xlsx",
        [official_row(unit.key), official_row(unit.key, staff_code="CB2", national_id="")],
    )
    out, err = StringIO(), StringIO()

    call_command("import_officials", str(path), stdout=out, stderr=err)

    assert out.getvalue().splitlines() == [
        "Đã nhập: 2 cán bộ mới, 0 cán bộ được cập nhật, 0 không đổi; "
        "2 quá trình công tác mới, 0 được cập nhật."
    ]
    assert Official.objects.count() == 2


def test_the_command_prints_row_errors_to_stderr_and_fails_without_importing(tmp_path):
    unit = UnitFactory()
    path = write_csv(tmp_path / "sai.csv", [official_row(unit.key), official_row("X", staff_code="CB2")])
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 lỗi, không nhập dòng nào."):
        call_command("import_officials", str(path), stdout=out, stderr=err)

    assert err.getvalue().splitlines() == ["Dòng 3: Mã đơn vị 'X' không tồn tại."]
    assert NATIONAL_ID not in err.getvalue() + out.getvalue()
    assert not Official.objects.exists()


def test_the_command_fails_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_officials", str(tmp_path / "khong-co.csv"))
