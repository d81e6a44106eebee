import datetime as dt
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from devtools.guard import add_guard_argument, refuse_outside_debug
from officials.models import HeadcountMonth
from units.models import Unit
from violations.models import Incident, UnitMonthStat
from violations.services.repeat import has_window


class Command(BaseCommand):
    help = "Chuẩn bị CSDL đo hiệu năng: đơn vị Hà Nội, khung Chỉ thị 24, dữ liệu giả lập, số liệu tổng hợp."

    def add_arguments(self, parser: CommandParser) -> None:
        add_guard_argument(parser)
        parser.add_argument("--incidents", type=int, required=True)
        parser.add_argument("--officials", type=int, required=True)
        parser.add_argument("--seed", type=int, default=24)

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_outside_debug(options["allow_production_database"], "bench_prepare")
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command("import_units", verbosity=0)
        call_command("load_framework", verbosity=0)
        existing = Incident.objects.count()
        if existing == 0:
            call_command(
                "seed_demo",
                officials=options["officials"],
                incidents=options["incidents"],
                seed=options["seed"],
                no_progress=True,
                allow_production_database=options["allow_production_database"],
            )
        elif abs(existing - options["incidents"]) > 1000:
            raise CommandError(
                f"CSDL đã có {existing} vụ việc, khác {options['incidents']}: hãy dùng CSDL khác."
            )
        if not self._rollups_current():
            call_command("rebuild_stats")
        with connection.cursor() as cursor:
            # Fresh bulk loads leave the visibility map empty: without it no index-only scan is possible.
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            f"CSDL sẵn sàng: {Incident.objects.count()} vụ việc ({time.monotonic() - started:.0f} s)"
        )

    def _rollups_current(self) -> bool:
        """Monthly roll-ups that add up, and the later derived tables present (a database seeded by older
        code has the first but not the others: the dashboards would then sum them the slow way)."""
        city = Unit.objects.get(key="province:01")
        counted = UnitMonthStat.objects.filter(unit=city, tree=True).aggregate(n=Sum("total"))["n"] or 0
        last_month_end = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
        return (
            counted == Incident.objects.count()
            and has_window(last_month_end)
            and HeadcountMonth.objects.filter(month_end=last_month_end).exists()
            and not Incident.objects.filter(search_document="").exists()
        )
