"""The English catalogue's check (`make lint`: manage.py catalogue --check) and the .mo build."""

import gettext
import shutil
import stat
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from devtools import catalogue

MISSING_MSGSTR = 'msgid "Đổi mật khẩu"\nmsgstr "Change password"\n'


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The project's catalogue, copied where a test may spoil it."""
    path = catalogue.po_path(tmp_path)
    path.parent.mkdir(parents=True)
    shutil.copyfile(catalogue.po_path(), path)
    return path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_projects_catalogue_is_current_and_complete():
    assert catalogue.check() == []
    call_command("catalogue", "--check")


def test_an_untranslated_message_fails_the_check(copy):
    _edit(copy, MISSING_MSGSTR, 'msgid "Đổi mật khẩu"\nmsgstr ""\n')

    assert catalogue.check(copy) == ["untranslated: Đổi mật khẩu"]


def test_a_fuzzy_message_fails_the_check(copy):
    _edit(copy, MISSING_MSGSTR, '#, fuzzy\nmsgid "Đổi mật khẩu"\nmsgstr "Change password"\n')

    assert catalogue.check(copy) == ["fuzzy: Đổi mật khẩu"]


def test_a_message_the_code_no_longer_has_fails_the_check(copy):
    _edit(copy, MISSING_MSGSTR, MISSING_MSGSTR + '\nmsgid "Một câu đã bị xóa khỏi mã"\nmsgstr "Gone"\n')

    (error,) = catalogue.check(copy)
    assert error.startswith("not what the sources give") and '-msgid "Một câu đã bị xóa khỏi mã"' in error


def test_a_message_missing_from_the_catalogue_fails_the_check(copy):
    _edit(copy, MISSING_MSGSTR + "\n", "")

    errors = catalogue.check(copy)
    assert errors[0].startswith("not what the sources give") and '+msgid "Đổi mật khẩu"' in errors[0]
    # Still to translate: msgmerge offers a similar message's translation, marked fuzzy, or none.
    assert errors[1:] in (["fuzzy: Đổi mật khẩu"], ["untranslated: Đổi mật khẩu"])


def test_a_translation_that_drops_a_placeholder_fails_the_check(copy):
    _edit(
        copy,
        'msgstr "Incident #%(id)s recorded."',
        'msgstr "Incident recorded."',
    )

    (error,) = catalogue.check(copy)
    assert "a format specification for argument 'id' doesn't exist in 'msgstr'" in error


def test_the_command_fails_with_the_reasons(copy, settings):
    settings.LOCALE_PATHS = [copy.parent.parent.parent]
    _edit(copy, MISSING_MSGSTR, 'msgid "Đổi mật khẩu"\nmsgstr ""\n')

    with pytest.raises(CommandError, match="untranslated: Đổi mật khẩu"):
        call_command("catalogue", "--check")


def test_problems_reads_plural_and_context_entries():
    text = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        'msgctxt "số nhiều"\nmsgid "vụ việc"\nmsgstr ""\n\n'
        'msgid "%(n)s thay đổi"\nmsgid_plural "%(n)s thay đổi"\nmsgstr[0] "%(n)s change"\nmsgstr[1] ""\n\n'
        '#~ msgid "cũ"\n#~ msgstr "old"\n'
    )

    assert catalogue.problems(text) == [
        "untranslated: vụ việc (msgctxt 'số nhiều')",
        "untranslated: %(n)s thay đổi",
        "obsolete (#~): cũ",
    ]


def test_stale_mo_files_are_built_readable_and_current_ones_left_alone(copy):
    mo = copy.with_suffix(".mo")

    assert catalogue.compile_stale(copy.parent.parent.parent) == [mo]

    assert stat.S_IMODE(mo.stat().st_mode) == 0o644
    with mo.open("rb") as stream:
        assert gettext.GNUTranslations(stream).gettext("Đổi mật khẩu") == "Change password"
    built = mo.stat().st_mtime_ns
    assert catalogue.compile_stale(copy.parent.parent.parent) == []
    assert mo.stat().st_mtime_ns == built
