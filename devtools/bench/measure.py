"""Server-side timings of the heavy pages, measured in-process through Django's full request stack.

Each figure is the wall time of `Client.get/post` (middleware, view, queries, template), after two warm-up
requests, over N requests: what a user waits for minus the network.
"""

import datetime as dt
import html
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from devtools.bench.cleanup import remove_incidents
from officials.selectors import assignments_on
from reports.figures.counts import live_figures, monthly_totals_live
from reports.periods import Period
from units.models import Role, RoleGrant, Unit
from units.months import last_months
from violations.models import Incident
from violations.selectors.framework import framework_in_force

BENCH_PASSWORD = "bench-only-password-2025"


@dataclass
class Timing:
    name: str
    samples_ms: list[float]

    def summary(self) -> dict:
        ordered = sorted(self.samples_ms)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return {
            "name": self.name,
            "n": len(ordered),
            "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(p95, 1),
            "max_ms": round(ordered[-1], 1),
        }


def _time(name: str, n: int, call: Callable[[int], object], warmup: int = 2) -> Timing:
    for i in range(warmup):
        call(-1 - i)
    samples = []
    for i in range(n):
        started = time.perf_counter()
        call(i)
        samples.append(1000 * (time.perf_counter() - started))
    return Timing(name, samples)


def _client_for(username: str, role: str, unit: Unit) -> Client:
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_password(BENCH_PASSWORD)
    user.save()
    RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
    client = Client()
    client.force_login(user)
    return client


def _ok(response) -> None:  # type: ignore[no-untyped-def]
    if response.status_code not in (200, 302):
        raise RuntimeError(f"{response.request['PATH_INFO']} answered {response.status_code}")


def measure(n: int) -> list[dict]:
    city = Unit.objects.get(key="province:01")
    district = Unit.objects.filter(key__startswith="legacy-district:", name="Huyện Đông Anh").get()
    commune = Unit.objects.filter(key__startswith="ward2025:", name="Xã Phúc Thịnh").get()
    today = timezone.localdate()
    current = Period.containing("month", today.replace(day=1) - dt.timedelta(days=1))
    before = Period.month(2025, 3)
    dashboard = reverse("dashboard")
    city_client = _client_for("bench_city", Role.AUDITOR, city)
    district_client = _client_for("bench_district", Role.LEADER, district)
    commune_client = _client_for("bench_commune", Role.LEADER, commune)
    inspector = _client_for("bench_inspector", Role.INSPECTOR, commune)

    def dash(client: Client, unit: Unit, period: Period) -> Callable[[int], None]:
        params: dict[str, int | str] = {
            "unit": unit.pk,
            "period": "month",
            "year": period.start.year,
            "month": period.start.month,
        }
        return lambda _i: _ok(client.get(dashboard, params))

    listing = {"status": "verifying", "severity": "serious", "occurred_from": "01/01/2025"}
    list_url = reverse("violations:incident_list")
    timings = [
        _time("dashboard_city", n, dash(city_client, city, current)),
        _time("dashboard_former_district", n, dash(district_client, district, before)),
        _time("dashboard_commune", n, dash(commune_client, commune, current)),
        _time("orm_aggregation_city", max(5, n // 5), _orm_baseline(city, current)),
        _time("orm_aggregation_former_district", max(5, n // 5), _orm_baseline(district, before)),
        _time("orm_aggregation_commune", max(5, n // 5), _orm_baseline(commune, current)),
        _time("list_3_filters_city", n, lambda _i: _ok(city_client.get(list_url, listing))),
        _time("list_last_page_city", n, _last_page(city_client, list_url)),
        _time("list_last_page_former_district", n, _last_page(district_client, list_url)),
    ]
    for scope, client in (("city", city_client), ("former_district", district_client)):
        for kind, words in search_words(district).items():
            timings.append(_time(f"search_{kind}_{scope}", n, _searcher(client, list_url, words)))
    timings.append(_time("incident_create", n, _creator(inspector, commune, today)))
    remove_incidents(Incident.objects.filter(title=BENCH_TITLE, unit=commune))
    return [t.summary() for t in timings]


def search_words(district: Unit) -> dict[str, str]:
    """A word in most incidents, a person's name (a handful of incidents), and a word in none."""
    named = (
        Incident.objects.filter(unit__path__startswith=district.path, parties__official__isnull=False)
        .order_by("-occurred_on")
        .values_list("parties__official__name_folded", flat=True)
        .first()
    )
    return {"common": "xa", "rare": named or "nguyen", "absent": "khongtontai"}


def _searcher(client: Client, url: str, words: str) -> Callable[[int], None]:
    return lambda _i: _ok(client.get(url, {"q": words}))


LAST_LINK = re.compile(r'rel="last" href="\?([^"]+)"')


def _last_page(client: Client, url: str) -> Callable[[int], None]:
    """The list's "Cuối" link, as a user follows it: read from the first page's HTML."""
    first = client.get(url)
    _ok(first)
    found = LAST_LINK.search(first.content.decode())
    if found is None:
        raise RuntimeError(f"{url} has no link to its last page")
    last = f"{url}?{html.unescape(found[1])}"
    return lambda _i: _ok(client.get(last))


def export_rate(client: Client, params: dict[str, str]) -> dict[str, float]:
    """CSV export of a scope, consumed as a browser would: rows per second over the whole response."""
    started = time.perf_counter()
    response = client.get(reverse("violations:incident_export_csv"), params)
    _ok(response)
    body = response.streaming_content if response.streaming else [response.content]  # type: ignore[attr-defined]
    rows = sum(chunk.count(b"\n") for chunk in body) - 1  # minus the header
    seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds)}


def measure_exports() -> list[dict]:
    city = Unit.objects.get(key="province:01")
    district = Unit.objects.filter(key__startswith="legacy-district:", name="Huyện Đông Anh").get()
    client = _client_for("bench_city", Role.AUDITOR, city)
    return [
        {"name": "export_csv_city_since_07_2025", **export_rate(client, {"occurred_from": "01/07/2025"})},
        {"name": "export_csv_former_district", **export_rate(client, {"unit": str(district.pk)})},
    ]


BENCH_TITLE = "Bench: chậm giải quyết hồ sơ"


def _creator(client: Client, commune: Unit, today: dt.date) -> Callable[[int], None]:
    framework = framework_in_force(today)
    assert framework is not None
    indicators = list(framework.indicators.order_by("number").values_list("pk", flat=True)[12:14])
    official_id = assignments_on(today).filter(unit=commune).values_list("official_id", flat=True).first()
    url = reverse("violations:incident_create")
    day = f"{today:%d/%m/%Y}"

    def create(_i: int) -> None:
        response = client.post(
            url,
            {
                "unit": commune.pk,
                "occurred_on": day,
                "detected_on": day,
                "title": BENCH_TITLE,
                "description": "Đo thời gian ghi nhận vụ việc.",
                "severity": "minor",
                "warranted_form": "khien_trach",
                "source": "inspection",
                "indicators": indicators,
                "officials": [official_id],
            },
        )
        if response.status_code != 302:
            raise RuntimeError(f"create answered {response.status_code}")

    return create


def _orm_baseline(unit: Unit, period: Period) -> Callable[[int], None]:
    """The figures the dashboard shows, counted straight from the incidents as a plain ORM query would."""
    incidents = Incident.objects.filter(unit__path__startswith=unit.path)
    end = period.end.replace(day=1)
    months = last_months(end, 24)

    def run(_i: int) -> None:
        live_figures(incidents, period)
        monthly_totals_live(incidents, months)

    return run
