"""Import commands: random, oversized and malformed files import nothing, name the bad rows, never crash."""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officials.importing import import_officials
from officials.models import Assignment, Official
from tests.factories import UnitFactory
from tests.officials.sheets import HEADER, official_row
from violations.models import Framework, Indicator

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "có", "x", "01/03/2021", "31/02/2021", "1980", "001085012345", "=1+1", "\x00"]),
    st.integers(-(10**20), 10**20).map(str),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(100, 3000)),
)


@pytest.fixture
def ward():
    return UnitFactory(key="hn:phuong-ba-dinh", registry_code="00004", name="Phường Ba Đình")


def _counts() -> tuple[int, int]:
    return Official.objects.count(), Assignment.objects.count()


def _csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


@FUZZ
@given(content=st.binary(max_size=3000), name=st.sampled_from(["a.csv", "a.xlsx", "a.xls", "a.txt", ""]))
def test_random_bytes_import_nothing_and_say_why(ward, content, name):
    before = _counts()
    result = import_officials(io.BytesIO(content), filename=name)
    if not result.ok:
        assert _counts() == before
        assert all(error.message for error in result.errors)


@FUZZ
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=14), min_size=1, max_size=6))
def test_random_rows_import_all_or_nothing(ward, rows):
    before = _counts()
    result = import_officials(io.BytesIO(_csv(rows)), filename="can-bo.csv")
    if result.ok:
        assert _counts()[0] >= before[0]
    else:
        assert _counts() == before
        assert all(error.message.startswith("Dòng ") or error.row == 0 for error in result.errors)


@FUZZ
@given(bad_index=st.integers(0, 4), bad_column=st.integers(0, len(HEADER) - 1), bad=cell)
def test_one_bad_row_among_good_ones_imports_nothing_and_is_named(ward, bad_index, bad_column, bad):
    rows = [official_row(ward.key, staff_code=f"CB{n:04d}", national_id="") for n in range(5)]
    rows[bad_index][bad_column] = bad
    before = _counts()
    result = import_officials(io.BytesIO(_csv(rows)), filename="can-bo.csv")
    if not result.ok:
        assert _counts() == before
        row_numbers = {error.row for error in result.errors}
        assert row_numbers <= {0, 1, bad_index + 2}, result.errors  # the header is row 1
    else:
        assert result.created + result.updated + result.unchanged == 5


def test_an_xlsx_archive_bomb_is_refused_before_it_is_unpacked(ward, tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(CommandError):
        call_command("import_officials", str(path))
    result = import_officials(path.open("rb"), filename=path.name)
    assert "giải nén quá lớn" in result.errors[0].message
    assert _counts() == (0, 0)


def test_the_command_names_every_bad_row_and_imports_nothing(ward, tmp_path, capsys):
    rows = [official_row(ward.key, staff_code=f"CB{n:04d}", national_id="") for n in range(4)]
    rows[1][10] = "31/02/2021"
    rows[3][6] = "khong-co-don-vi"
    path = tmp_path / "can-bo.csv"
    path.write_bytes(_csv(rows))
    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("import_officials", str(path))
    err = capsys.readouterr().err
    assert "Dòng 3" in err and "Dòng 5" in err
    assert _counts() == (0, 0)


# --- load_framework ---------------------------------------------------------------------------------------

json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)
FRAMEWORK_KEYS = ["code", "version", "title", "issuer", "issued_on", "effective_from", "groups", "indicators"]


@FUZZ
@given(
    data=st.one_of(json_value, st.dictionaries(st.sampled_from(FRAMEWORK_KEYS), json_value, max_size=8)),
    raw=st.one_of(st.none(), st.binary(max_size=200)),
)
def test_load_framework_refuses_malformed_files_whole(tmp_path, data, raw):
    path = tmp_path / "khung.json"
    path.write_bytes(raw if raw is not None else json.dumps(data).encode())
    before = (Framework.objects.count(), Indicator.objects.count())
    with pytest.raises(CommandError):
        call_command("load_framework", str(path))
    assert (Framework.objects.count(), Indicator.objects.count()) == before
