"""The bench's render-cost ratio (devtools/bench/render_ratio.py): the plain document it compares with has as
many pages as the report, so the ratio compares like with like."""

import pytest

from devtools.bench.render_ratio import render_ratio
from tests.reports_pdf.world import OCTOBER, TODAY

pytestmark = pytest.mark.django_db


def test_the_plain_document_has_the_reports_page_count(rw):
    found = render_ratio(rw.base.city, OCTOBER, TODAY, repeats=1)
    assert found["pages"] >= 1
    assert found["plain_pages"] == found["pages"]
    assert found["report_seconds"] > 0 and found["plain_seconds"] > 0
    assert found["ratio"] == pytest.approx(found["report_seconds"] / found["plain_seconds"], rel=0.02)
