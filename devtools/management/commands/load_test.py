"""`manage.py load_test --users 50 --seconds 60`: gunicorn with production settings on loopback, simulated
inspectors mixing the incident list, the dashboard, incident pages and filing incidents; prints requests per
second, p50/p95/p99 and errors. Point DATABASE_URL at the database to measure (e.g. kc_seedbench, 1M rows).

The load users (taithu01…) get a random password for the run and an unusable one afterwards: nobody can
sign in as them outside a run. Incidents the run files (titled "Tải thử (load_test)…") are removed at its end.
"""

import datetime as dt
import secrets
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools.bench.cleanup import remove_incidents
from devtools.guard import add_guard_argument, refuse_outside_debug
from devtools.loadtest import (
    LOAD_TITLE,
    MIX,
    SimulatedUser,
    create_form_for,
    gunicorn,
    login,
    parse_mix,
    production_env,
    run_scenario,
)
from units.models import Role, RoleGrant, Unit, UnitLevel
from violations.access import scoped_incidents
from violations.models import Incident
from violations.selectors.framework import framework_in_force

FILED_ON = dt.date(2025, 6, 10)  # before the 2025 reorganisation: the district's old communes are valid
INCIDENTS_PER_USER = 300


class Command(BaseCommand):
    help = "Đo tải trên 127.0.0.1: gunicorn cấu hình production, N người dùng mô phỏng, T giây (có giới hạn)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_guard_argument(parser)
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=float, default=60.0)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
        parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
        parser.add_argument(
            "--mix", default="", help="e.g. list=30,search=5,dashboard=20,incident=35,create=10"
        )
        parser.add_argument(
            "--think",
            type=float,
            default=0.0,
            help="mean pause between a user's actions, s (0: none, a stress run)",
        )
        parser.add_argument(
            "--max-requests", type=int, default=0, help="stop after this many (default 100/s)"
        )

    def handle(
        self, *args: Any, users: int, seconds: float, workers: int, threads: int, **options: Any
    ) -> None:
        refuse_outside_debug(options["allow_production_database"], "load_test")
        if not 1 <= users <= 500 or not 1 <= seconds <= 600:
            raise CommandError("--users must be 1–500 and --seconds 1–600 (a bounded run).")
        database_url = settings.DATABASE_URL
        if not database_url:
            raise CommandError("Set DATABASE_URL to the database to measure (e.g. …/kc_seedbench).")
        max_requests = options["max_requests"] or int(seconds * 100 * max(users / 50, 1))
        try:
            mix = parse_mix(options["mix"]) if options["mix"] else MIX
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        password = secrets.token_urlsafe(24)
        simulated = self._prepare_users(users, password)
        self.stdout.write(f"{len(simulated)} users ready; starting gunicorn ({workers}×{threads})")
        try:
            with gunicorn(production_env(database_url), workers=workers, threads=threads) as base:
                port = int(base.rsplit(":", 1)[1])
                with ThreadPoolExecutor(max_workers=8) as pool:
                    jars = list(pool.map(lambda u: login(port, u.username, password), simulated))
                for user, jar in zip(simulated, jars, strict=True):
                    user.cookies = jar
                self.stdout.write(
                    f"{base}: {users} users signed in; running {seconds:.0f} s (≤ {max_requests} requests)"
                )
                results = run_scenario(
                    port, simulated, seconds, max_requests, think=options["think"], mix=mix
                )
        finally:
            self._lock_users(users)
            removed = remove_incidents(Incident.objects.filter(title=LOAD_TITLE))
            self.stdout.write(f"removed {removed} incidents filed by the run")
        for line in results.summary():
            self.stdout.write(line)

    def _prepare_users(self, count: int, password: str) -> list[SimulatedUser]:
        districts = [
            d
            for d in Unit.objects.filter(level=UnitLevel.DISTRICT).order_by("key")
            if Incident.objects.filter(unit__path__startswith=d.path).exists()
        ]
        if not districts:
            raise CommandError("No district with incidents in this database: seed data first.")
        framework = framework_in_force(FILED_ON)
        if framework is None:
            raise CommandError("No framework in force: run load_framework first.")
        indicators = list(framework.indicators.order_by("number").values_list("pk", flat=True))
        model = get_user_model()
        prepared = []
        for n in range(1, count + 1):
            district = districts[(n - 1) % len(districts)]
            user, _ = model.objects.get_or_create(username=f"taithu{n:02d}", defaults={"email": ""})
            user.set_password(password)
            user.is_active = True
            user.save()
            RoleGrant.objects.get_or_create(user=user, role=Role.INSPECTOR, unit=district)
            commune = (
                Unit.objects.filter(parent=district).valid_on(FILED_ON).order_by("key").first() or district
            )
            ids = list(
                scoped_incidents(user).order_by("-pk").values_list("pk", flat=True)[:INCIDENTS_PER_USER]
            )
            if not ids:
                raise CommandError(f"{district} has no incidents to open.")
            prepared.append(
                SimulatedUser(user.username, ids, create_form_for(commune.pk, indicators, FILED_ON))
            )
        return prepared

    def _lock_users(self, count: int) -> None:
        for user in get_user_model().objects.filter(
            username__in=[f"taithu{n:02d}" for n in range(1, count + 1)]
        ):
            user.set_unusable_password()
            user.save(update_fields=["password"])
