"""`make bench`: build (or reuse) PostgreSQL databases at two sizes, measure each, write BENCHMARKS.md."""

import json
import os
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

    def handle(self, *args: Any, **options: Any) -> None:
        results = {}
        for label, incidents in SIZES:
            database = f"kycuong_bench_{label}"
            _ensure_database(options["server"], database)
            env = {
                **os.environ,
                "DATABASE_URL": f"{options['server']}/{database}",
                "DEBUG": "0",
                "ALLOWED_HOSTS": "testserver,127.0.0.1",
                "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            }
            # A throwaway database of its own, prepared with DEBUG off (as measured): say so explicitly.
            self._manage(
                env,
                "bench_prepare",
                f"--incidents={incidents}",
                f"--officials={options['officials']}",
                "--allow-production-database",
            )
            out = settings.VAR_DIR / f"bench-{label}.json"
            self._manage(env, "bench_measure", f"--requests={options['requests']}", f"--json={out}")
            results[label] = json.loads(out.read_text(encoding="utf-8"))
        table = render_table(results)
        Path(options["out"]).write_text(table, encoding="utf-8")
        self.stdout.write(table)

    def _manage(self, env: dict[str, str], *args: str) -> None:
        started = time.monotonic()
        subprocess.run([sys.executable, "manage.py", *args], env=env, check=True, cwd=settings.BASE_DIR)
        self.stderr.write(f"{args[0]}: {time.monotonic() - started:.0f} s")


def _ensure_database(server: str, name: str) -> None:
    connection = psycopg2.connect(f"{server}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


TARGETS_MS = {
    "dashboard_city": 100,
    "dashboard_former_district": 100,
    "dashboard_commune": 100,
    "list_3_filters_city": 150,
    "incident_create": 100,
}


def render_table(results: dict[str, dict]) -> str:
    small, large = results["100k"], results["1m"]
    by_name = {row["name"]: row for row in small["timings"]}
    lines = [
        "# Benchmarks",
        "",
        "Command: `make bench` (PostgreSQL on this 2-core machine; server-side time through Django's",
        "full request stack, after two warm-up requests; `orm_aggregation_city` is the plain ORM counting",
        "that the dashboard's roll-ups replace).",
        "",
        f"| measure | p50 @ {small['incidents']:,} | p95 @ {small['incidents']:,} "
        f"| p50 @ {large['incidents']:,} | p95 @ {large['incidents']:,} | p95 growth | target p95 @ 1M |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in large["timings"]:
        base = by_name.get(row["name"], {})
        growth = f"{row['p95_ms'] / base['p95_ms']:.2f}×" if base.get("p95_ms") else "—"
        target = TARGETS_MS.get(row["name"])
        verdict = (
            "—" if target is None else f"≤ {target} ms: {'met' if row['p95_ms'] <= target else 'NOT met'}"
        )
        lines.append(
            f"| {row['name']} (n={row['n']}) | {base.get('p50_ms', '—')} | {base.get('p95_ms', '—')} | "
            f"{row['p50_ms']} | {row['p95_ms']} | {growth} | {verdict} |"
        )
    lines += [
        "",
        "Monthly run (every current commune and each unit set to report, PDFs and emails, target ≤ 60 s):",
        "",
    ]
    lines += [
        "| incidents | units | reports ready | emails | PDF bytes | processes | seconds |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in (small, large):
        run = result["monthly_run"]
        lines.append(
            f"| {result['incidents']:,} | {run['units']} | {run['ready']} | {run['emails']} | "
            f"{run['pdf_bytes']:,} | {run['processes']} | {run['elapsed_seconds']} |"
        )
    return "\n".join(lines) + "\n"
