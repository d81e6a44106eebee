"""`make bench`: build (or reuse) PostgreSQL databases at two sizes, measure each, write BENCHMARKS.md."""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

SIZES = [("100k", 100_000), ("1m", 1_000_000)]
SERVER = "postgres://postgres@127.0.0.1:5432"


class Command(BaseCommand):
    help = "Đo hiệu năng trên PostgreSQL ở 100.000 và 1.000.000 vụ việc; ghi bảng vào BENCHMARKS.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--officials", type=int, default=200_000)
        parser.add_argument("--requests", type=int, default=50)
        parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", SERVER))
        parser.add_argument("--out", default=str(settings.BASE_DIR / "BENCHMARKS.md"))
        parser.add_argument("--skip-monthly", action="store_true", help="không đo đợt báo cáo tháng")
        parser.add_argument("--skip-load", action="store_true", help="không chạy đo tải")
        parser.add_argument("--load-users", type=int, default=50)
        parser.add_argument("--load-seconds", type=int, default=60)

    def handle(self, *args: Any, **options: Any) -> None:
        results: dict[str, Any] = {}
        for label, incidents in SIZES:
            env = self._env(options["server"], f"kycuong_bench_{label}")
            # A throwaway database of its own, prepared with DEBUG off (as measured): say so explicitly.
            self._manage(
                env,
                "bench_prepare",
                f"--incidents={incidents}",
                f"--officials={options['officials']}",
                "--allow-production-database",
            )
            out = settings.VAR_DIR / f"bench-{label}.json"
            extra = ["--skip-monthly"] if options["skip_monthly"] else []
            self._manage(env, "bench_measure", f"--requests={options['requests']}", f"--json={out}", *extra)
            results[label] = json.loads(out.read_text(encoding="utf-8"))
        if not options["skip_load"]:
            results["load"] = self._load(self._env(options["server"], "kycuong_bench_1m"), options)
        table = render_table(results)
        out = Path(options["out"])
        out.write_text(table + kept_history(out), encoding="utf-8")
        self.stdout.write(table)

    def _env(self, server: str, database: str) -> dict[str, str]:
        _ensure_database(server, database)
        return {
            **os.environ,
            "DATABASE_URL": f"{server}/{database}",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        }

    def _load(self, env: dict[str, str], options: dict[str, Any]) -> dict[str, Any]:
        command = [
            sys.executable, "manage.py", "load_test", "--allow-production-database", "--think", "0",
            "--users", str(options["load_users"]), "--seconds", str(options["load_seconds"]),
        ]  # fmt: skip
        done = subprocess.run(
            command, env=env, cwd=settings.BASE_DIR, check=True, capture_output=True, text=True
        )
        self.stderr.write(done.stdout)
        return {
            "users": options["load_users"],
            "duration": options["load_seconds"],
            **parse_load(done.stdout),
        }

    def _manage(self, env: dict[str, str], *args: str) -> None:
        started = time.monotonic()
        subprocess.run([sys.executable, "manage.py", *args], env=env, check=True, cwd=settings.BASE_DIR)
        self.stderr.write(f"{args[0]}: {time.monotonic() - started:.0f} s")


# Everything below this line in BENCHMARKS.md (earlier measurements, before/after tables with their
# context) is kept when `make bench` rewrites the table above it.
HISTORY_MARKER = (
    "<!-- Below: earlier measurements, kept as they were when `make bench` rewrites the table above. -->"
)


def kept_history(path: Path) -> str:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    at = text.find(HISTORY_MARKER)
    return "" if at < 0 else "\n" + text[at:]


def _ensure_database(server: str, name: str) -> None:
    connection = psycopg2.connect(f"{server}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


# Issue 12's targets at 1,000,000 incidents (server-side p95, ms); every p95 also ≤ 1.2× its 100k value.
TARGETS_MS = {
    "dashboard_city": 50,
    "dashboard_former_district": 50,
    "dashboard_commune": 50,
    "list_3_filters_city": 60,
    "list_last_page_city": 100,
    "list_last_page_former_district": 100,
    "incident_create": 50,
}
SEARCH_TARGET_MS = 150
GROWTH_TARGET = 1.2
EXPORT_TARGET_ROWS_PER_SECOND = 30_000
# The closed-loop load test before issue 12 (BENCHMARKS.md history): 16.7 actions/s, p95 5.9 s.
LOAD_BEFORE_PER_SECOND = 16.7
LOAD_TARGET_P95_MS = 500
LOAD_LINE = re.compile(r"requests (\d+) in ([\d.]+) s = ([\d.]+) req/s; errors (\d+)")
LOAD_ALL = re.compile(r"all\s+n=\s*\d+\s+p50=\s*([\d.]+) ms\s+p95=\s*([\d.]+) ms")


def target_of(name: str) -> int | None:
    return SEARCH_TARGET_MS if name.startswith("search_") else TARGETS_MS.get(name)


MONTHLY_TARGET_SECONDS = 30  # issue 14: 127 reports with PDFs, signatures and emails, 2 processes, 1M
RENDER_RATIO_TARGET = 2.0  # issue 14: a PDF's render ≤ 2× a plain document of the same page count


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def parse_load(output: str) -> dict[str, Any]:
    """The load test's summary lines → requests, seconds, rate, errors, p50 and p95 of every request."""
    totals, overall = LOAD_LINE.search(output), LOAD_ALL.search(output)
    if totals is None or overall is None:
        raise ValueError(f"load_test printed no summary:\n{output[-2000:]}")
    return {
        "requests": int(totals[1]),
        "seconds": float(totals[2]),
        "per_second": float(totals[3]),
        "errors": int(totals[4]),
        "p50_ms": float(overall[1]),
        "p95_ms": float(overall[2]),
    }


def render_table(results: dict[str, dict]) -> str:
    small, large = results["100k"], results["1m"]
    by_name = {row["name"]: row for row in small["timings"]}
    large_by_name = {row["name"]: row for row in large["timings"]}
    lines = [
        "# Benchmarks",
        "",
        "Command: `make bench` (PostgreSQL on this 2-core machine; server-side time through Django's",
        "full request stack, after two warm-up requests). `orm_aggregation_*` is the plain on-the-fly",
        "ORM counting of the same figures that the dashboard beside it reads from roll-ups. Targets are",
        f"issue 12's: each at 1M, and each p95 at 1M ≤ {GROWTH_TARGET}× its value at 100k.",
        "",
        f"| measure | p50 @ {small['incidents']:,} | p95 @ {small['incidents']:,} "
        f"| p50 @ {large['incidents']:,} | p95 @ {large['incidents']:,} | p95 growth | target p95 @ 1M "
        f"| growth ≤ {GROWTH_TARGET}× |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in large["timings"]:
        base = by_name.get(row["name"], {})
        growth = row["p95_ms"] / base["p95_ms"] if base.get("p95_ms") else None
        target = target_of(row["name"])
        meets = "—" if target is None else f"≤ {target} ms: {verdict(row['p95_ms'] <= target)}"
        grows = "—" if growth is None or target is None else verdict(growth <= GROWTH_TARGET)
        lines.append(
            f"| {row['name']} (n={row['n']}) | {base.get('p50_ms', '—')} | {base.get('p95_ms', '—')} | "
            f"{row['p50_ms']} | {row['p95_ms']} | {'—' if growth is None else f'{growth:.2f}×'} | "
            f"{meets} | {grows} |"
        )
    lines += ["", "Dashboards beside the on-the-fly ORM aggregation of the same figures, p95 at 1M:", ""]
    lines += ["| dashboard page | page p95 | plain ORM aggregation p95 |", "| --- | ---: | ---: |"]
    for scope in ("city", "former_district", "commune"):
        page, orm = large_by_name.get(f"dashboard_{scope}"), large_by_name.get(f"orm_aggregation_{scope}")
        if page and orm:
            lines.append(f"| {scope} | {page['p95_ms']} | {orm['p95_ms']} |")
    lines += _exports(small, large) + _load(results.get("load")) + _monthly(small, large)
    return "\n".join(lines) + "\n"


def _exports(small: dict, large: dict) -> list[str]:
    lines = ["", f"CSV exports (target ≥ {EXPORT_TARGET_ROWS_PER_SECOND:,} rows/s at 1M):", ""]
    lines += [
        "| export | incidents | rows | seconds | rows/s | target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in (small, large):
        for row in result.get("exports", []):
            ok = row["rows_per_second"] >= EXPORT_TARGET_ROWS_PER_SECOND
            lines.append(
                f"| {row['name']} | {result['incidents']:,} | {row['rows']:,} | {row['seconds']} | "
                f"{row['rows_per_second']:,} | {verdict(ok) if result is large else '—'} |"
            )
    return lines


def _load(load: dict | None) -> list[str]:
    if not load:
        return ["", "Load test: not run (`make bench` runs it at 1M unless --skip-load)."]
    rate_target = 4 * LOAD_BEFORE_PER_SECOND
    return [
        "",
        f"Closed-loop load test at 1M: `manage.py load_test --users {load['users']} --seconds "
        f"{load['duration']:.0f} --think 0` (gunicorn, production settings, loopback; inspectors mixing",
        "list, search, dashboard, incident pages and filing incidents, no pause between actions):",
        "",
        "| users | requests | seconds | actions/s | p50 ms | p95 ms | errors | targets |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| {load['users']} | {load['requests']:,} | {load['seconds']} | {load['per_second']} | "
        f"{load['p50_ms']} | {load['p95_ms']} | {load['errors']} | "
        f"p95 ≤ {LOAD_TARGET_P95_MS} ms: {verdict(load['p95_ms'] <= LOAD_TARGET_P95_MS)}; "
        f"≥ {rate_target:.1f}/s (4× {LOAD_BEFORE_PER_SECOND}): {verdict(load['per_second'] >= rate_target)}; "
        f"0 errors: {verdict(load['errors'] == 0)} |",
    ]


def _monthly(small: dict, large: dict) -> list[str]:
    runs = [r for r in (small, large) if r.get("monthly_run")]
    if not runs:
        return []
    lines = [
        "",
        "Monthly run (every current commune and each unit set to report: snapshot, PDF, signature when a "
        f"key is configured, emails; target ≤ {MONTHLY_TARGET_SECONDS} s with 2 processes at 1M):",
        "",
        "| incidents | units | reports ready | emails | PDF bytes | processes | seconds | target |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in runs:
        run = result["monthly_run"]
        judged = result is large and run["processes"] == 2
        ok = verdict(run["elapsed_seconds"] <= MONTHLY_TARGET_SECONDS) if judged else "—"
        lines.append(
            f"| {result['incidents']:,} | {run['units']} | {run['ready']} | {run['emails']} | "
            f"{run['pdf_bytes']:,} | {run['processes']} | {run['elapsed_seconds']} | {ok} |"
        )
    return lines + _render_ratio(large)


def _render_ratio(large: dict) -> list[str]:
    rows = large.get("render_ratio") or []
    if not rows:
        return []
    lines = [
        "",
        f"PDF render against a plain WeasyPrint document of as many pages, same font, same run (median of 3; "
        f"target ≤ {RENDER_RATIO_TARGET}×):",
        "",
        "| unit | pages | report s | plain s | ratio | target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row['unit']} | {row['pages']} | {row['report_seconds']} | {row['plain_seconds']} | "
            f"{row['ratio']}× | {verdict(row['ratio'] <= RENDER_RATIO_TARGET)} |"
        )
    return lines
