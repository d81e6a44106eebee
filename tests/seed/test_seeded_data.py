"""What seed_demo writes is coherent: units valid on the day, parties in post, one head at a time."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Q, Sum
from django.test import Client, override_settings
from django.urls import reverse

from devtools.demo.seed import SeedResult, seed_demo
from officials.models import Assignment, Category, Official
from officials.selectors import assignments_on, unit_head_on
from units.models import REORGANISATION_DATE, Role, RoleGrant, Unit, UnitLevel, UnitSuccession
from units.text import fold
from violations import rules
from violations.models import (
    Framework,
    Incident,
    IncidentParty,
    RepeatWindow,
    Sanction,
    Status,
    UnitMonthStat,
)
from violations.services.deadlines import refresh_deadlines
from violations.services.search import search_documents_refresh
from violations.workflow import find_transition

pytestmark = pytest.mark.django_db

DATA_END = dt.date(2026, 11, 28)
OFFICIALS, INCIDENTS = 1500, 1500


@pytest.fixture(scope="module")
def seeded(hanoi_tree, django_db_blocker) -> SeedResult:
    with django_db_blocker.unblock(), override_settings(DEBUG=True):  # as under `make run`
        return seed_demo(officials=OFFICIALS, incidents=INCIDENTS, seed=11, progress=False)


def in_post(official_id: int, unit_id: int, day: dt.date) -> bool:
    return assignments_on(day).filter(official_id=official_id, unit_id=unit_id).exists()


def test_counts_match_the_request(seeded):
    assert seeded.officials == OFFICIALS
    assert Official.objects.filter(staff_code__startswith="HN").count() >= OFFICIALS
    assert Incident.objects.count() == INCIDENTS
    assert seeded.counts["parties"] == IncidentParty.objects.count()


def test_every_incident_unit_was_valid_on_its_date(seeded):
    for occurred_on, unit_id in Incident.objects.values_list("occurred_on", "unit_id"):
        unit = Unit.objects.get(pk=unit_id)
        assert unit.is_valid_on(occurred_on)
        if occurred_on < REORGANISATION_DATE:
            assert unit.level in (UnitLevel.COMMUNE, UnitLevel.DISTRICT)
        else:
            assert unit.level in (UnitLevel.COMMUNE, UnitLevel.CITY)


def test_incidents_are_dated_within_the_directive_period(seeded):
    for occurred_on, detected_on in Incident.objects.values_list("occurred_on", "detected_on"):
        assert dt.date(2023, 8, 7) <= occurred_on <= detected_on <= DATA_END
        assert (detected_on - occurred_on).days <= 120


def test_every_party_official_was_in_post_in_that_unit_on_that_day(seeded):
    parties = IncidentParty.objects.filter(official__isnull=False).select_related("incident")
    for party in parties:
        incident = party.incident
        head = unit_head_on(incident.unit, incident.occurred_on)
        assert in_post(party.official_id, incident.unit_id, incident.occurred_on) or party.official_id == (
            head.pk if head else None
        )
    collectives = IncidentParty.objects.filter(official__isnull=True)
    assert collectives.exists()
    assert all(p.role == "collective" and p.collective_name for p in collectives)


def test_each_unit_has_at_most_one_head_at_a_time(seeded):
    heads = Assignment.objects.filter(is_head=True).order_by("unit_id", "start_date")
    by_unit: dict[int, list[Assignment]] = {}
    for head in heads:
        by_unit.setdefault(head.unit_id, []).append(head)
    for posts in by_unit.values():
        for before, after in zip(posts, posts[1:], strict=False):
            assert before.end_date is not None and before.end_date < after.start_date


def test_posts_of_dissolved_units_continue_in_a_successor(seeded):
    last_day = REORGANISATION_DATE - dt.timedelta(days=1)
    moved = Assignment.objects.filter(end_date=last_day, unit__valid_until=last_day).select_related("unit")
    assert moved.exists()
    continued = 0
    for old in moved[:200]:
        new = Assignment.objects.filter(official_id=old.official_id, start_date=REORGANISATION_DATE).first()
        if new is None:
            continue  # some staff left when the communes merged
        continued += 1
        links = UnitSuccession.objects.filter(Q(predecessor=old.unit) | Q(predecessor__parent=old.unit))
        assert links.filter(successor_id=new.unit_id).exists()
    assert continued > 0


def test_indicators_come_from_the_framework_in_force(seeded):
    for incident in Incident.objects.prefetch_related("indicators"):
        assert incident.framework == Framework.objects.in_force_on(incident.occurred_on)
        codes = [i.code for i in incident.indicators.all()]
        assert 1 <= len(codes) <= 3
        assert all(i.framework_id == incident.framework_id for i in incident.indicators.all())


def test_the_mix_is_uneven_as_in_practice(seeded):
    codes = Counter(Incident.indicators.through.objects.values_list("indicator__code", flat=True))
    top = [code for code, _ in codes.most_common(5)]
    assert top[0] == "CT24-13"
    assert set(top) <= {"CT24-13", "CT24-09", "CT24-16", "CT24-14", "CT24-08", "CT24-18", "CT24-12"}
    severities = Counter(Incident.objects.values_list("severity", flat=True))
    assert severities.most_common(1)[0][0] == "minor"
    assert 0.5 < severities["minor"] / INCIDENTS < 0.7


def test_status_substantiation_and_handling_dates_agree(seeded):
    for incident in Incident.objects.all():
        if incident.status in (Status.REPORTED,):
            assert incident.is_substantiated is None and incident.handling_started_on is None
        elif incident.status == Status.VERIFYING:
            assert incident.is_substantiated is None and incident.handling_started_on is not None
        elif incident.status in (Status.SUBSTANTIATED, Status.SANCTIONED):
            assert incident.is_substantiated is True
        elif incident.status == Status.UNSUBSTANTIATED:
            assert incident.is_substantiated is False
        if incident.is_substantiated is not None:
            assert incident.handling_started_on is not None
        # Stored deadlines are what the services compute (generated data has no restarting violations).
        before = (incident.limitation_deadline, incident.handling_deadline, incident.next_deadline)
        refresh_deadlines(incident)
        assert before == (incident.limitation_deadline, incident.handling_deadline, incident.next_deadline)
        if incident.detected_on >= rules.DECREE_172_FROM:
            assert incident.severity != "extremely_serious"


def test_old_cases_are_mostly_concluded_and_recent_ones_mostly_open(seeded):
    old = Counter(
        Incident.objects.filter(detected_on__lt=dt.date(2025, 1, 1)).values_list("status", flat=True)
    )
    recent = Counter(
        Incident.objects.filter(detected_on__gt=dt.date(2026, 11, 10)).values_list("status", flat=True)
    )
    concluded = old[Status.CLOSED] + old[Status.SANCTIONED] + old[Status.UNSUBSTANTIATED]
    assert concluded / sum(old.values()) > 0.85
    assert (recent[Status.REPORTED] + recent[Status.VERIFYING]) / sum(recent.values()) > 0.8


def test_transitions_follow_the_workflow(seeded):
    for incident in Incident.objects.prefetch_related("transitions"):
        steps = list(incident.transitions.all())
        assert (steps[0].from_status, steps[0].to_status) == ("", Status.REPORTED)
        for before, after in zip(steps, steps[1:], strict=False):
            assert after.from_status == before.to_status
            assert after.happened_at > before.happened_at
            same = after.from_status == after.to_status  # a handling extension keeps the status
            assert same or find_transition(after.from_status, after.to_status) is not None
        assert steps[-1].to_status == incident.status
        assert incident.created_at == steps[0].happened_at


def test_sanctions_use_forms_the_law_allowed_on_the_decision_date(seeded):
    sanctioned = Incident.objects.filter(
        Q(status=Status.SANCTIONED) | Q(status=Status.CLOSED, is_substantiated=True)
    )
    assert sanctioned.exists()
    for incident in sanctioned:
        assert Sanction.objects.filter(party__incident=incident).exists()
    for sanction in Sanction.objects.select_related("party__official")[:400]:
        official = sanction.party.official
        if official is None:
            category, holds_post = rules.COLLECTIVE, False
        else:
            category = official.category
            posts = assignments_on(sanction.decided_on).filter(official=official)
            holds_post = posts.filter(Q(is_head=True) | Q(is_deputy=True)).exists()
        allowed = [
            code
            for code, _ in rules.sanction_forms(sanction.track, category, holds_post, sanction.decided_on)
        ]
        assert sanction.form in allowed
        assert sanction.decided_on <= DATA_END


def test_officials_are_searchable_and_mostly_party_members(seeded):
    officials = Official.objects.filter(staff_code__startswith="HN")
    for official in officials[:300]:
        assert official.name_folded == fold(official.full_name)
        assert official.sort_key
        assert len(official.national_id) == 12
    members = officials.filter(is_party_member=True).count() / officials.count()
    assert 0.75 < members < 0.98
    assert set(officials.values_list("category", flat=True)) == set(Category.values)


def test_demo_users_get_their_grants(seeded):
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["kiemtra", "lanhdao", "quantri", "giamsat"])
    }
    assert set(users) == {"kiemtra", "lanhdao", "quantri", "giamsat"}

    def grants(name: str) -> set[tuple[str, str]]:
        return set(RoleGrant.objects.filter(user=users[name]).values_list("role", "unit__name"))

    dong_anh = Unit.objects.get(level=UnitLevel.DISTRICT, name="Huyện Đông Anh")
    inspector = grants("kiemtra")
    assert (Role.INSPECTOR, "Huyện Đông Anh") in inspector
    assert (Role.INSPECTOR, "Xã Phúc Thịnh") in inspector
    successors = UnitSuccession.objects.filter(predecessor__parent=dong_anh).values_list(
        "successor__name", flat=True
    )
    assert {name for _, name in inspector} == {"Huyện Đông Anh", *successors}

    assert grants("lanhdao") == {(Role.LEADER, "Xã Phúc Thịnh")}
    phuc_thinh = Unit.objects.get(name="Xã Phúc Thịnh", valid_from=REORGANISATION_DATE)
    head = unit_head_on(phuc_thinh, max(dt.date.today(), REORGANISATION_DATE))
    assert head is not None and head.user == users["lanhdao"]

    assert grants("quantri") == {(Role.ADMIN, "Thành phố Hà Nội")}
    assert users["quantri"].is_superuser and users["quantri"].is_staff
    assert grants("giamsat") == {(Role.AUDITOR, "Thành phố Hà Nội")}
    assert not users["giamsat"].is_staff
    assert all(u.check_password("kycuong-demo-2025") for u in users.values())


def test_if_empty_does_nothing_when_incidents_exist(seeded):
    before = (Official.objects.count(), Incident.objects.count(), RoleGrant.objects.count())
    out = StringIO()

    call_command(
        "seed_demo",
        "--if-empty",
        "--officials",
        "10",
        "--incidents",
        "10",
        "--no-progress",
        "--allow-production-database",
        stdout=out,
    )

    assert "--if-empty" in out.getvalue()
    assert (Official.objects.count(), Incident.objects.count(), RoleGrant.objects.count()) == before


def test_appending_uses_fresh_staff_codes_and_adds_no_second_head(seeded):
    codes_before = set(Official.objects.values_list("staff_code", flat=True))
    grants_before = RoleGrant.objects.count()

    seed_demo(officials=200, incidents=100, seed=11, progress=False)

    new_codes = set(Official.objects.values_list("staff_code", flat=True)) - codes_before
    assert len(new_codes) == 200
    assert RoleGrant.objects.count() == grants_before  # demo users are found, not duplicated
    test_each_unit_has_at_most_one_head_at_a_time(seeded)


def test_sequences_continue_after_the_seeded_rows(seeded):
    official = Official.objects.create(
        full_name="Trần Văn Mới", staff_code="MOI-1", category=Category.CONG_CHUC
    )
    incident = Incident.objects.order_by("id").last()
    party = IncidentParty.objects.create(incident=incident, official=official, role="individual")
    clone = Incident.objects.get(pk=incident.pk)
    clone.pk = None
    clone.save()

    assert official.pk > Official.objects.exclude(pk=official.pk).order_by("-pk").first().pk
    assert party.pk > IncidentParty.objects.exclude(pk=party.pk).order_by("-pk").first().pk
    assert clone.pk > incident.pk


def test_monthly_rollups_are_rebuilt_after_the_bulk_load(seeded):
    city = Unit.objects.get(level=UnitLevel.CITY)
    totals = UnitMonthStat.objects.filter(unit=city, tree=True).aggregate(n=Sum("total"))
    assert totals["n"] == INCIDENTS
    assert RepeatWindow.objects.exists()  # the repeat-offender list is computed too


def test_derived_columns_match_what_save_would_store(seeded):
    """Bulk rows bypass save(): every column the model derives there must already hold the same value."""
    fields = [f.attname for f in Incident._meta.concrete_fields]
    for incident in Incident.objects.all()[:500]:
        assert incident.search_folded == fold(f"{incident.title} {incident.description}")
        stored = [getattr(incident, name) for name in fields]
        for method in ("fill_derived", "fill_search_text", "fill_next_deadline"):
            if hasattr(incident, method):
                getattr(incident, method)()
        assert [getattr(incident, name) for name in fields] == stored


def test_every_kind_of_seeded_incident_saves_unchanged_from_its_edit_form(seeded):
    """The probe's finding: seeded incidents have no creator, and saving one unchanged gave a 500."""
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="quantri"))
    sample = [
        Incident.objects.filter(status=status).order_by("pk").first()
        for status in Status.values
        if Incident.objects.filter(status=status).exists()
    ]
    assert len(sample) >= 5 and all(i.created_by_id is None for i in sample)
    for incident in sample:
        url = reverse("violations:incident_edit", args=[incident.pk])
        form = client.get(url).context["form"]
        data = {name: form[name].value() for name in form.fields if name != "evidence"}
        data = {k: v for k, v in data.items() if v not in (None, False, [])}
        for name in ("occurred_on", "detected_on"):
            data[name] = getattr(incident, name).strftime("%d/%m/%Y")
        response = client.post(url, data)
        assert response.status_code == 302, (incident.status, response.content.decode()[:3000])
        assert Incident.objects.get(pk=incident.pk).version == incident.version + 1


def test_outside_debug_no_demo_account_gets_the_published_password(seeded):
    """Run with --allow-production-database on a benchmark copy: the superuser must not be guessable."""
    seed_demo(officials=0, incidents=0, seed=11, progress=False)
    quantri = get_user_model().objects.get(username="quantri")
    assert quantri.is_superuser
    assert not quantri.check_password("kycuong-demo-2025")


def test_search_documents_match_what_the_database_computes(seeded):
    """The seeder writes each search document itself; a rebuild by the database gives the same words."""
    written = dict(Incident.objects.values_list("pk", "search_document"))
    assert all(written.values())
    search_documents_refresh(Incident.objects.all())
    rebuilt = dict(Incident.objects.values_list("pk", "search_document"))
    assert {pk: sorted(doc.split()) for pk, doc in rebuilt.items()} == {
        pk: sorted(doc.split()) for pk, doc in written.items()
    }


def test_a_step_on_a_seeded_incident_shows_in_the_history_with_its_status_labels(seeded):
    """Seeded rows have no history of their own: the first step on one is still told as old → new (its
    first version is written before the step), and its recorder is named as the demo data."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="quantri"))
    incident = Incident.objects.filter(status=Status.REPORTED, created_by=None).order_by("pk").first()
    assert incident is not None and not incident.history.exists()
    url = reverse("violations:incident_transition", args=[incident.pk])
    on = incident.detected_on.strftime("%d/%m/%Y")  # filing is not a step: the detection day is the floor
    assert client.post(url, {"target": Status.VERIFYING, "on": on}).status_code == 302
    page = client.get(reverse("violations:incident_detail", args=[incident.pk])).content.decode()
    assert "<strong>Trạng thái</strong>: Mới ghi nhận → Đang xác minh" in page
    assert "Nhập từ dữ liệu mẫu" in page
    log = client.get(reverse("violations:audit_log"), {"model": "incident"}).content.decode()
    assert "<strong>Trạng thái</strong>: Mới ghi nhận → Đang xác minh" in log
