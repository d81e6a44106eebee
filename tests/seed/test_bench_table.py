import pytest

from devtools.management.commands.bench import HISTORY_MARKER, kept_history, parse_load, render_table

LOAD_OUTPUT = """50 users ready; starting gunicorn (4×1)
requests 4200 in 60.0 s = 70.0 req/s; errors 0
  all        n=  4200  p50=   80.1 ms  p95=  420.5 ms  p99=  900.0 ms  mean=  120.0 ms  errors=0
  list       n=  1200  p50=   60.0 ms  p95=  300.0 ms  p99=  500.0 ms  mean=   90.0 ms  errors=0
"""


def _row(name, p95):
    return {"name": name, "n": 50, "p50_ms": p95 / 2, "p95_ms": p95, "max_ms": p95}


def _result(incidents, city_p95, search_p95, rows_per_second):
    return {
        "incidents": incidents,
        "timings": [
            _row("dashboard_city", city_p95),
            _row("orm_aggregation_city", 1000.0),
            _row("search_absent_city", search_p95),
        ],
        "exports": [
            {
                "name": "export_csv_former_district",
                "rows": 50_000,
                "seconds": 1.5,
                "rows_per_second": rows_per_second,
            }
        ],  # fmt: skip
        "monthly_run": {
            "units": 127,
            "ready": 127,
            "emails": 130,
            "pdf_bytes": 1000,
            "processes": 2,
            "elapsed_seconds": 30.5,
        },
    }


def test_the_benchmark_table_shows_growth_and_the_verdict_against_each_target():
    table = render_table(
        {
            "100k": _result(100_000, 40.0, 100.0, 40_000),
            "1m": _result(1_000_000, 45.0, 160.0, 20_000),
            "load": {"users": 50, "duration": 60, **parse_load(LOAD_OUTPUT)},
        }
    )
    assert "| dashboard_city (n=50) | 20.0 | 40.0 | 22.5 | 45.0 | 1.12× | ≤ 50 ms: met | met |" in table
    assert (
        "| search_absent_city (n=50) | 50.0 | 100.0 | 80.0 | 160.0 | 1.60× | ≤ 150 ms: NOT met | NOT met |"
        in table
    )
    assert "| city | 45.0 | 1000.0 |" in table  # the dashboard beside the plain ORM aggregation
    assert "| export_csv_former_district | 1,000,000 | 50,000 | 1.5 | 20,000 | NOT met |" in table
    assert "p95 ≤ 500 ms: met; ≥ 66.8/s (4× 16.7): met; 0 errors: met" in table
    assert "| 1,000,000 | 127 | 127 | 130 | 1,000 | 2 | 30.5 | NOT met |" in table  # over 30 s
    assert "| 100,000 | 127 | 127 | 130 | 1,000 | 2 | 30.5 | — |" in table  # judged at 1M only


def test_the_render_ratio_is_judged_against_twice_the_plain_document():
    large = _result(1_000_000, 45.0, 160.0, 20_000)
    large["render_ratio"] = [
        {"unit": "Xã Đông Anh", "pages": 3, "report_seconds": 0.3, "plain_seconds": 0.2, "ratio": 1.5},
        {"unit": "Thành phố Hà Nội", "pages": 9, "report_seconds": 2.4, "plain_seconds": 0.6, "ratio": 4.0},
    ]
    table = render_table({"100k": _result(100_000, 40.0, 100.0, 40_000), "1m": large})
    assert "| Xã Đông Anh | 3 | 0.3 | 0.2 | 1.5× | met |" in table
    assert "| Thành phố Hà Nội | 9 | 2.4 | 0.6 | 4.0× | NOT met |" in table


def test_a_load_run_without_a_summary_is_an_error_not_a_zero():
    with pytest.raises(ValueError, match="no summary"):
        parse_load("gunicorn failed to start")


def test_rewriting_the_table_keeps_the_history_below_the_marker(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    assert kept_history(path) == ""
    path.write_text(f"# old table\n\n{HISTORY_MARKER}\n## Issue 10\nbefore/after\n", encoding="utf-8")
    assert kept_history(path) == f"\n{HISTORY_MARKER}\n## Issue 10\nbefore/after\n"
