"""Reading a report PDF back as its reader would: the text of each page, where each word is on the page, the
font size it is set in, and the fonts poppler's pdffonts lists."""

import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest
from pypdf import PdfReader

MM = 72 / 25.4  # PDF points per millimetre
A4_HEIGHT = 297 * MM


@dataclass(frozen=True)
class Word:
    page: int  # 1-based
    text: str
    x0: float
    y0: float  # from the top of the page, in points
    x1: float
    y1: float


def poppler(tool: str) -> str:
    """The path of a poppler-utils tool (installed by `make system-deps`); missing in CI is a failure."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} (poppler-utils) is not installed: run make system-deps"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _run(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        output = ["-"] if tool == "pdftotext" else []  # pdftotext writes to a file unless told "-"
        command = [poppler(tool), *args, file.name, *output]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat_text(pdf: bytes) -> str:
    """All pages, every run of white space one space (a line break falls anywhere in a justified text)."""
    return " ".join(" ".join(page_texts(pdf)).split())


def layout_lines(pdf: bytes, page: int | None = None) -> list[str]:
    """pdftotext -layout: a table row stays on one line, its cells in order."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _run("pdftotext", pdf, "-layout", *pages).splitlines()


def words(pdf: bytes) -> list[Word]:
    html = _run("pdftotext", pdf, "-bbox")
    found: list[Word] = []
    for number, page in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", html, re.S), start=1):
        for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page
        ):
            found.append(Word(number, unescape(text), float(x0), float(y0), float(x1), float(y1)))
    return found


def pdffonts(pdf: bytes) -> list[dict[str, str]]:
    """pdffonts' table: name, type, encoding and whether each font is embedded, subset, with a Unicode map."""
    rows = _run("pdffonts", pdf).splitlines()[2:]
    fonts = []
    for row in rows:
        parts = row.split()
        # The name is the first column; the three yes/no columns come before the object id and generation.
        fonts.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return fonts


def font_sizes(pdf: bytes, page: int = 0) -> dict[str, float]:
    """The size each text run of a page is set in, in points (the run's first 40 characters as key)."""
    sizes: dict[str, float] = {}

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            sizes.setdefault(" ".join(text.split())[:40], round(size * tm[3] * cm[3], 2))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return sizes
