import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from devtools.bench.measure import measure
from devtools.bench.monthly import time_monthly_run
from violations.models import Incident


class Command(BaseCommand):
    help = "Đo thời gian phía máy chủ của tổng quan, danh sách và ghi nhận vụ việc trên CSDL hiện tại."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=50)
        parser.add_argument("--json", help="ghi kết quả ra tệp JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        result: dict[str, Any] = {
            "incidents": Incident.objects.count(),
            "timings": measure(options["requests"]),
        }
        result["monthly_run"] = time_monthly_run()
        self.stdout.write(f"monthly run: {result['monthly_run']}")
        for row in result["timings"]:
            self.stdout.write(
                f"{row['name']:<28} p50 {row['p50_ms']:>8.1f} ms   p95 {row['p95_ms']:>8.1f} ms"
            )
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as handle:
                json.dump(result, handle, ensure_ascii=False, indent=2)
