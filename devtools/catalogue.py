"""The English catalogue, locale/en/LC_MESSAGES/django.po: its msgids are the Vietnamese strings of the code
and templates. One extraction with fixed options writes it (`make messages`) and checks it in CI
(`make lint`): the committed file must be exactly what the extraction gives, with every msgid translated and
none fuzzy or obsolete. Locations are left out, so that moving code does not rewrite the file.

locale/vi/LC_MESSAGES/django.po is not extracted: it translates third-party msgids (Django's admin,
django-celery-beat, axes) that their packages do not ship in Vietnamese, and is written by hand.
"""

import contextlib
import difflib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands import makemessages

LANGUAGE = "en"
# Never shipped, or not the product's text: the virtualenv, runtime files, dev tooling, tests, docs.
IGNORED = [".venv", "var", "devtools", "tests", "docs", "locale", "node_modules"]
CREATION_DATE = re.compile(r'^"POT-Creation-Date: .*\\n"\n', re.M)


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def po_path(directory: Path | None = None, language: str = LANGUAGE) -> Path:
    return (directory or locale_dir()) / language / "LC_MESSAGES" / "django.po"


class _Extract(makemessages.Command):
    """makemessages, writing every source's strings into one locale directory, `target`: the stock command
    picks the directory from where each source lives, which is always the project's locale/."""

    def __init__(self, target: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target = str(target)

    def find_files(self, root: str) -> list[Any]:
        files = super().find_files(root)
        self.locale_paths = [self.target]
        self.default_locale_path = self.target
        for translatable in files:
            translatable.locale_dir = self.target
        return files


def extract(target: Path) -> None:
    """Update (or create) target/en/LC_MESSAGES/django.po from the sources."""
    target.mkdir(parents=True, exist_ok=True)
    with contextlib.chdir(settings.BASE_DIR):
        call_command(
            _Extract(target),
            locale=[LANGUAGE],
            ignore_patterns=IGNORED,
            no_location=True,
            no_obsolete=True,
            verbosity=0,
        )


@dataclass(frozen=True)
class Entry:
    msgctxt: str
    msgid: str
    msgstrs: tuple[str, ...]
    fuzzy: bool
    obsolete: bool


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


def entries(text: str) -> Iterator[Entry]:
    """The entries of a .po file, header (empty msgid) included; enough of the format for the checks."""
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        obsolete = any(line.startswith("#~") for line in lines)
        lines = [line[2:].lstrip() if line.startswith("#~") else line for line in lines]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        key = ""
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            if not line.startswith('"'):
                key = line.split(" ", 1)[0]
                fields[key] = ""
            fields[key] += _unquote(line)
        if "msgid" in fields:
            strs = tuple(v for k, v in fields.items() if k.startswith("msgstr"))
            yield Entry(fields.get("msgctxt", ""), fields["msgid"], strs, fuzzy, obsolete)


def problems(text: str) -> list[str]:
    """What keeps the catalogue from being complete: untranslated, fuzzy and obsolete entries."""
    found = []
    for entry in entries(text):
        if not entry.msgid:
            if entry.fuzzy:
                found.append("fuzzy: the header (msgfmt would leave it out, and the charset with it)")
            continue
        short = entry.msgid if len(entry.msgid) < 70 else entry.msgid[:70] + "…"
        if entry.msgctxt:
            short += f" (msgctxt {entry.msgctxt!r})"
        if entry.obsolete:
            found.append(f"obsolete (#~): {short}")
        elif entry.fuzzy:
            found.append(f"fuzzy: {short}")
        elif not all(entry.msgstrs):
            found.append(f"untranslated: {short}")
    return found


def stale_lines(current: str, extracted: str) -> list[str]:
    """The diff between the committed catalogue and a fresh extraction, the creation date aside."""
    return list(
        difflib.unified_diff(
            CREATION_DATE.sub("", current).splitlines(),
            CREATION_DATE.sub("", extracted).splitlines(),
            "committed",
            "extracted",
            lineterm="",
        )
    )


def format_errors(path: Path) -> str:
    """msgfmt's own checks: placeholders that differ between msgid and msgstr, a broken header."""
    result = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},  # msgfmt's own messages in English, whatever the machine's locale
    )
    return result.stderr.strip() if result.returncode else ""


def check(path: Path | None = None) -> list[str]:
    """Every reason the catalogue at `path` (by default the project's) is not current and complete."""
    path = path or po_path()
    if not path.exists():
        return [f"{path} does not exist: run `make messages`"]
    current = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        copy = po_path(Path(tmp))
        copy.parent.mkdir(parents=True)
        shutil.copyfile(path, copy)
        extract(Path(tmp))
        extracted = copy.read_text(encoding="utf-8")
    errors = []
    diff = stale_lines(current, extracted)
    if diff:
        errors.append(
            "not what the sources give (run `make messages`, then translate):\n" + "\n".join(diff[:60])
        )
    errors += problems(extracted)
    if message := format_errors(path):
        errors.append(message)
    return errors


def compile_stale(directory: Path | None = None) -> list[Path]:
    """Build each .mo older than its .po, atomically (tests run side by side may read it meanwhile); the
    ones built."""
    built = []
    for po in sorted((directory or locale_dir()).glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        built.append(mo)
        with tempfile.NamedTemporaryFile(dir=po.parent, suffix=".mo.tmp", delete=False) as tmp:
            pass
        try:
            subprocess.run(["msgfmt", "--check", "-o", tmp.name, str(po)], check=True)
            os.chmod(tmp.name, 0o644)  # a temporary file is private to its owner; a .mo is not
            os.replace(tmp.name, mo)
        finally:
            Path(tmp.name).unlink(missing_ok=True)
    return built
