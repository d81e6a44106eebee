"""The register of report numbers: per issuing body and year, 1, 2, 3 … with no gap and no repeat, across
runs, regenerations, failed builds, lost leases and two workers at once (reports.register)."""

import datetime as dt
import os
import threading
import time

import pytest
from django.db import IntegrityError, connection, connections, transaction

from reports import generation
from reports.generation import Outcome, report_build, report_regenerate, report_request
from reports.models import DocumentRegister, IssuerKind, IssuingBody, Report
from reports.periods import Period
from reports.register import number_take
from reports.targets import units_to_report
from tests.reports_pdf.pdfread import flat_text
from tests.reports_pdf.world import OCTOBER, TODAY

pytestmark = pytest.mark.django_db

SEPTEMBER = Period.month(2026, 9)


def _run(period: Period, today: dt.date = TODAY) -> None:
    """What the monthly run does for each reporting unit (reports.tasks.generate_report), inline."""
    for unit in units_to_report(period):
        report_build(report_request(unit=unit, period=period).pk, today=today)


def _numbers() -> dict[tuple[str, str, int], list[int]]:
    numbered: dict[tuple[str, str, int], list[int]] = {}
    for report in Report.objects.exclude(number=None).select_related("unit").order_by("number"):
        key = (report.unit.name, report.issuer_kind, report.number_year)
        numbered.setdefault(key, []).append(report.number)
    return numbered


def test_two_runs_and_a_regeneration_number_each_body_from_1_with_no_gap_and_no_repeat(rw, media):
    _run(SEPTEMBER)
    _run(OCTOBER)
    _run(OCTOBER)  # a rerun issues nothing new
    first = generation.current_report(rw.base.commune_new, OCTOBER)
    assert first is not None
    second = report_regenerate(report=first, reason="Số liệu được điều chỉnh sau kết luận kiểm tra")
    report_build(second.pk, today=TODAY)

    assert _numbers() == {
        ("Phường Ba Đình", "state", 2026): [1, 2],
        ("Thành phố Hà Nội", "state", 2026): [1, 2],
        ("Xã Phúc Thịnh", "state", 2026): [1, 2, 3],  # September, October, October regenerated
    }
    registers = {
        (r.unit.name, r.year): r.last_number for r in DocumentRegister.objects.select_related("unit")
    }
    assert registers == {
        ("Phường Ba Đình", 2026): 2,
        ("Thành phố Hà Nội", 2026): 2,
        ("Xã Phúc Thịnh", 2026): 3,
    }
    second.refresh_from_db()
    first.refresh_from_db()
    assert (first.reference(), second.reference()) == ("Số: 2/BC-UBND", "Số: 3/BC-UBND")
    with second.pdf.open("rb") as stored:
        assert "Số: 3/BC-UBND" in flat_text(stored.read())


def _boom(*args, **kwargs):
    raise OSError("disk full")


@pytest.mark.parametrize("step", ["render_pdf", "sign_report", "_store", "outbox_ensure"])
def test_a_build_that_fails_at_any_step_gives_its_number_back(rw, media, monkeypatch, step):
    report = report_request(unit=rw.commune_two, period=OCTOBER)
    monkeypatch.setattr(generation, step, _boom)

    with pytest.raises(OSError):
        report_build(report.pk, today=TODAY)
    report.refresh_from_db()
    assert (report.status, report.number) == ("failed", None)
    assert not DocumentRegister.objects.filter(last_number__gt=0).exists()

    monkeypatch.undo()
    assert report_build(report.pk, today=TODAY) == Outcome.READY
    report.refresh_from_db()
    assert report.number == 1 and DocumentRegister.objects.get().last_number == 1


def test_a_worker_that_lost_its_lease_takes_no_number(rw, media):
    report = report_request(unit=rw.commune_two, period=OCTOBER)
    slow = generation._claim(report.pk)
    assert slow is not None
    Report.objects.filter(pk=report.pk).update(claimed_until=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    fast = generation._claim(report.pk)  # another worker takes over
    assert fast is not None

    assert generation._generate(report.pk, slow, TODAY) == Outcome.LOST
    assert not DocumentRegister.objects.filter(last_number__gt=0).exists()
    assert generation._generate(report.pk, fast, TODAY) == Outcome.READY
    assert Report.objects.get(pk=report.pk).number == 1


def test_each_year_and_each_kind_of_body_has_its_own_register(rw, media):
    commune = rw.base.commune_new
    report_build(report_request(unit=commune, period=OCTOBER).pk, today=TODAY)
    report_build(report_request(unit=commune, period=Period.month(2026, 11)).pk, today=dt.date(2027, 1, 4))
    IssuingBody.objects.create(unit=commune, kind=IssuerKind.PARTY)  # now issued by the Party committee
    report_build(report_request(unit=commune, period=Period.month(2026, 12)).pk, today=dt.date(2027, 1, 5))

    assert _numbers() == {
        ("Xã Phúc Thịnh", "state", 2026): [1],
        ("Xã Phúc Thịnh", "state", 2027): [1],
        ("Xã Phúc Thịnh", "party", 2027): [1],
    }
    references = [r.reference() for r in Report.objects.order_by("period_start")]
    assert references == ["Số: 1/BC-UBND", "Số: 1/BC-UBND", "Số 1-BC/ĐU"]


def test_the_database_refuses_a_number_given_twice(rw):
    period = dict(period_kind="month", issuer_kind="state", number_year=2026, number=1)
    Report.objects.create(unit=rw.commune_two, period_start=OCTOBER.start, period_end=OCTOBER.end, **period)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            unit=rw.commune_two, period_start=SEPTEMBER.start, period_end=SEPTEMBER.end, **period
        )


@pytest.mark.django_db(transaction=True)  # no test transaction around it
def test_a_number_is_only_taken_inside_the_issuing_transaction():
    with pytest.raises(RuntimeError):
        number_take(unit_id=1, issuer_kind="state", year=2026)
    assert not DocumentRegister.objects.exists()


# --- Two workers at once (PostgreSQL: SQLite has no row locks) -------------------------------------------


def _postgresql_only() -> None:
    if connection.vendor == "postgresql":
        return
    if os.environ.get("CI"):
        pytest.fail("the register's concurrency test needs DATABASE_URL to be PostgreSQL in CI")
    pytest.skip("the register's concurrency test needs PostgreSQL (row locks)")


def _waiting_on_a_lock(seconds: float = 20) -> bool:
    """Whether another session of this database waits on a lock, within `seconds` (no fixed sleep)."""
    deadline = time.monotonic() + seconds
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_commits", [True, False])
def test_two_workers_at_once_get_consecutive_numbers_and_a_rollback_gives_its_number_back(rw, first_commits):
    _postgresql_only()
    unit_id = rw.commune_two.pk
    taken: dict[str, int] = {}
    first_holds = threading.Event()
    release_first = threading.Event()
    errors: list[BaseException] = []

    class Rollback(Exception):
        pass

    def first() -> None:
        try:
            with transaction.atomic():
                taken["first"] = number_take(unit_id=unit_id, issuer_kind="state", year=2026).number
                first_holds.set()
                release_first.wait(30)  # a render happening while the register row is locked
                if not first_commits:
                    raise Rollback  # the build failed after taking its number
        except Rollback:
            pass
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def second() -> None:
        try:
            with transaction.atomic():
                taken["second"] = number_take(unit_id=unit_id, issuer_kind="state", year=2026).number
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert first_holds.wait(30)
    threads[1].start()
    blocked = _waiting_on_a_lock()  # the second worker waits for the first one's register row
    release_first.set()
    for thread in threads:
        thread.join(60)

    assert not errors, errors
    assert blocked
    register = DocumentRegister.objects.get(unit_id=unit_id, issuer_kind="state", year=2026)
    if first_commits:
        assert (taken["first"], taken["second"], register.last_number) == (1, 2, 2)
    else:  # the first worker's number went back: the second one gets it, no gap
        assert (taken["first"], taken["second"], register.last_number) == (1, 1, 1)
