"""Streamed CSV downloads (the incident list, the audit log): one writer for every export.

A stream has already answered 200 when a row fails, so the status cannot tell a broken file from a whole
one. The file itself does: a whole file ends with the line END_MARK and its row count; a file cut short by
an error ends with BROKEN_MARK instead, and the connection is then dropped, so the browser reports the
download as failed too.
"""

import csv
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import formats, translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

BOM = "\ufeff"  # lets Excel open the UTF-8 file with Vietnamese intact
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a cell starting so would run as a formula in Excel
END_MARK = "# Hết dữ liệu"
BROKEN_MARK = "# LỖI: TỆP CHƯA ĐẦY ĐỦ"
BATCH_ROWS = 500


def formula_safe(value: Any) -> Any:
    """Text typed by users must never run as a formula in a spreadsheet."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """csv.writer needs a file; this one hands each formatted line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The file's text, BATCH_ROWS lines at a time: a piece per row made the server write (and, through
    the test client, encode) a million small pieces."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([str(cell) for cell in header])
    count = 0
    batch: list[str] = []
    try:
        for row in rows:
            batch.append(writer.writerow([formula_safe(cell) for cell in row]))
            count += 1
            if len(batch) == BATCH_ROWS:
                yield "".join(batch)
                batch = []
    except Exception:
        logger.exception("CSV export interrupted after %s rows", count)
        broken = _("quá trình xuất bị lỗi sau %(count)s dòng; hãy tải lại.") % _count(count)
        yield "".join(batch) + writer.writerow([f"{BROKEN_MARK}: {broken}"])
        raise
    yield "".join(batch) + writer.writerow([f"{END_MARK}: " + _("%(count)s dòng.") % _count(count)])


def _count(count: int) -> dict[str, str]:
    return {"count": formats.number_format(count, force_grouping=True)}


def csv_response(
    header: Iterable[Any], rows: Iterable[Iterable[Any]], filename: str
) -> StreamingHttpResponse:
    """Rows are produced after the view returns: the request's language is kept for the labels."""
    language = translation.get_language()

    def lines() -> Iterator[str]:
        with translation.override(language):
            yield from csv_lines(header, rows)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
