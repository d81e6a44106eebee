import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from violations.models import Framework
from violations.services.framework import DEFAULT_FRAMEWORK_FILE

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_framework", *args, stdout=out)
    return out.getvalue()


def test_it_loads_the_default_framework_and_says_so_in_one_line():
    output = run()
    assert output.strip().splitlines() == [
        "CT24-TU v1 created: 3 groups, 25 indicators (5 confirmed), status active; superseded: none"
    ]


def test_a_second_run_changes_nothing():
    run()
    assert "reloaded, 0 rows changed" in run()
    assert Framework.objects.count() == 1


def test_a_new_version_reports_what_it_superseded(tmp_path):
    run()
    data = json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    data["version"] = 2
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "superseded: CT24-TU v1" in run(str(path))


def test_a_bad_file_is_a_command_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match="top level must be an object"):
        run(str(path))
