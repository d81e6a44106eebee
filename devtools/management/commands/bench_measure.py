import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from devtools.bench.measure import measure, measure_exports
from devtools.bench.monthly import time_monthly_run
from devtools.bench.render_ratio import ratio_units, render_ratio
from reports.targets import previous_period
from violations.models import Incident

# Issue 14's target is stated for two worker processes (celery worker --concurrency=2 on this 2-core machine).
MONTHLY_PROCESSES = 2


class Command(BaseCommand):
    help = "Đo thời gian phía máy chủ của tổng quan, danh sách và ghi nhận vụ việc trên CSDL hiện tại."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=50)
        parser.add_argument("--json", help="ghi kết quả ra tệp JSON")
        parser.add_argument("--skip-monthly", action="store_true", help="bỏ qua đo đợt báo cáo tháng")

    def handle(self, *args: Any, **options: Any) -> None:
        result: dict[str, Any] = {
            "incidents": Incident.objects.count(),
            "timings": measure(options["requests"]),
        }
        for row in result["timings"]:
            self.stdout.write(
                f"{row['name']:<34} p50 {row['p50_ms']:>8.1f} ms   p95 {row['p95_ms']:>8.1f} ms"
            )
        result["exports"] = measure_exports()
        for row in result["exports"]:
            self.stdout.write(f"{row['name']:<34} {row['rows']} dòng, {row['rows_per_second']} dòng/s")
        if not options["skip_monthly"]:
            result["monthly_run"] = time_monthly_run(processes=MONTHLY_PROCESSES)
            self.stdout.write(f"monthly run: {result['monthly_run']}")
            period = previous_period("month", timezone.localdate())
            result["render_ratio"] = [render_ratio(unit, period) for unit in ratio_units(period)]
            for row in result["render_ratio"]:
                self.stdout.write(f"render ratio: {row}")
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as handle:
                json.dump(result, handle, ensure_ascii=False, indent=2)
