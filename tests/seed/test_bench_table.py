from devtools.management.commands.bench import render_table


def _result(incidents, city_p95):
    return {
        "incidents": incidents,
        "timings": [
            {
                "name": "dashboard_city",
                "n": 50,
                "p50_ms": city_p95 / 2,
                "p95_ms": city_p95,
                "max_ms": city_p95,
            },
            {"name": "orm_aggregation_city", "n": 10, "p50_ms": 900.0, "p95_ms": 1000.0, "max_ms": 1000.0},
        ],
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
    table = render_table({"100k": _result(100_000, 40.0), "1m": _result(1_000_000, 120.0)})
    assert "| dashboard_city (n=50) | 20.0 | 40.0 | 60.0 | 120.0 | 3.00× | ≤ 100 ms: NOT met |" in table
    assert "| orm_aggregation_city (n=10) |" in table
    assert "| 1,000,000 | 127 | 127 | 130 | 1,000 | 2 | 30.5 |" in table
