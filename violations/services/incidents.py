"""Writes on incidents. Views and tasks call these; nothing else saves an Incident."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from officials.models import Official
from officials.selectors import assignments_on
from units.models import Unit
from violations.access import Action, User, can_act_on_unit, is_conflicted, require
from violations.models import (
    Framework,
    Incident,
    IncidentParty,
    IncidentTransition,
    Indicator,
    NoLimitationGround,
    Severity,
    Status,
    WarrantedForm,
)
from violations.selectors.framework import framework_in_force
from violations.services.attachments import attachment_add
from violations.services.deadlines import limitation_restarts_refresh, refresh_deadlines
from violations.services.repeat import repeat_refresh_officials
from violations.services.stats import stats_refresh_for


class ConcurrentEditError(Exception):
    """Someone saved the incident after this form was opened; the caller must show both versions."""


@dataclass(frozen=True)
class PartySpec:
    official: Official | None
    role: str


def validate_unit_and_dates(unit: Unit, occurred_on: dt.date, detected_on: dt.date) -> None:
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if occurred_on > today:
        errors["occurred_on"] = _("Ngày xảy ra không được sau ngày hôm nay.")
    if detected_on > today:
        errors["detected_on"] = _("Ngày phát hiện không được sau ngày hôm nay.")
    if detected_on < occurred_on:
        errors["detected_on"] = _("Ngày phát hiện không được trước ngày xảy ra.")
    if not unit.is_valid_on(occurred_on):
        errors["unit"] = _(
            "Đơn vị %(unit)s không tồn tại vào ngày %(day)s; hãy chọn đơn vị có hiệu lực vào ngày đó."
        ) % {
            "unit": unit.name,
            "day": occurred_on.strftime("%d/%m/%Y"),
        }
    if errors:
        raise ValidationError(errors)


def validate_indicators(
    indicators: Sequence[Indicator], occurred_on: dt.date, framework: Framework | None = None
) -> None:
    """Tags belong to the framework in force on the day of the act; an incident being edited keeps the
    version it was tagged against (loading a new version never rewrites old tags)."""
    framework = framework or framework_in_force(occurred_on)
    if not indicators:
        raise ValidationError({"indicators": _("Chọn ít nhất một biểu hiện vi phạm.")})
    if framework is None or any(i.framework_id != framework.pk for i in indicators):
        raise ValidationError(
            {"indicators": _("Biểu hiện phải thuộc khung nhận diện có hiệu lực vào ngày xảy ra.")}
        )


def validate_parties(unit: Unit, occurred_on: dt.date, parties: Sequence[PartySpec]) -> None:
    if not parties:
        raise ValidationError(
            {"officials": _("Chọn ít nhất một cán bộ liên quan hoặc đánh dấu tập thể đơn vị.")}
        )
    ids = {p.official.pk for p in parties if p.official is not None}
    serving = set(
        assignments_on(occurred_on)
        .filter(unit=unit, official_id__in=ids)
        .values_list("official_id", flat=True)
    )
    missing = ids - serving
    if missing:
        names = ", ".join(
            sorted(p.official.full_name for p in parties if p.official and p.official.pk in missing)
        )
        raise ValidationError(
            {"officials": _("Không công tác tại đơn vị vào ngày xảy ra: %(names)s.") % {"names": names}}
        )


def refuse_conflict(user: User, parties: Sequence[PartySpec]) -> None:
    if is_conflicted(user, [p.official.pk for p in parties if p.official is not None]):
        raise ValidationError(
            {"officials": _("Bạn không thể ghi nhận hoặc xử lý vụ việc liên quan đến chính mình.")}
        )


def validate_legal_facts(warranted_form: str, no_limitation_ground: str) -> None:
    errors = {}
    if warranted_form not in WarrantedForm.values:
        errors["warranted_form"] = _("Chọn hình thức kỷ luật mà hành vi tương xứng.")
    if no_limitation_ground and no_limitation_ground not in NoLimitationGround.values:
        errors["no_limitation_ground"] = _("Trường hợp không áp dụng thời hiệu không hợp lệ.")
    if errors:
        raise ValidationError(errors)


def presumed_warranted_form(severity: str) -> str:
    """For callers that only know a severity (imports, generated data): a minor act warrants khiển trách,
    anything heavier cảnh cáo. The inspector's own assessment replaces it in the form."""
    form = WarrantedForm.KHIEN_TRACH if severity == Severity.MINOR else WarrantedForm.CANH_CAO
    return form.value


def validate_incident(
    unit: Unit,
    occurred_on: dt.date,
    detected_on: dt.date,
    indicators: Sequence[Indicator],
    parties: Sequence[PartySpec],
    framework: Framework | None = None,
) -> None:
    validate_unit_and_dates(unit, occurred_on, detected_on)
    validate_indicators(indicators, occurred_on, framework)
    validate_parties(unit, occurred_on, parties)


def _store(incident: Incident, indicators: Sequence[Indicator], parties: Sequence[PartySpec]) -> None:
    refresh_deadlines(incident, [(p.official, p.role) for p in parties])
    incident.full_clean()
    incident.save()
    incident.indicators.set(indicators)


def record_transition(
    incident: Incident, source: str, target: str, user: User, note: str = "", on: dt.date | None = None
) -> None:
    IncidentTransition.objects.create(
        incident=incident,
        from_status=source,
        to_status=target,
        actor_id=user.pk if user.is_authenticated else None,
        happened_on=on or timezone.localdate(),
        note=note,
    )


def _save_parties(incident: Incident, parties: Iterable[PartySpec]) -> None:
    for spec in parties:
        IncidentParty.objects.create(
            incident=incident,
            official=spec.official,
            role=spec.role,
            collective_name=_("Tập thể %(unit)s") % {"unit": incident.unit.name}
            if spec.official is None
            else "",
        )


@transaction.atomic
def incident_create(
    *,
    user: User,
    unit: Unit,
    title: str,
    description: str,
    occurred_on: dt.date,
    detected_on: dt.date,
    severity: str,
    source: str,
    indicators: Sequence[Indicator],
    parties: Sequence[PartySpec],
    evidence: Sequence[UploadedFile] = (),
    warranted_form: str | None = None,
    no_limitation_ground: str = "",
) -> Incident:
    """Log a new incident in a unit the user may write to, tagged against the framework in force, with its
    evidence files: all of it or (on any refusal) none of it."""
    if not can_act_on_unit(user, Action.CREATE_INCIDENT, unit):
        raise ValidationError({"unit": _("Bạn không có quyền ghi nhận vụ việc tại đơn vị này.")})
    refuse_conflict(user, parties)
    warranted_form = warranted_form or presumed_warranted_form(severity)
    validate_legal_facts(warranted_form, no_limitation_ground)
    validate_incident(unit, occurred_on, detected_on, indicators, parties)
    incident = Incident(
        unit=unit,
        title=title,
        description=description,
        occurred_on=occurred_on,
        detected_on=detected_on,
        severity=severity,
        warranted_form=warranted_form,
        no_limitation_ground=no_limitation_ground,
        source=source,
        framework=indicators[0].framework,
        created_by_id=user.pk,
    )
    _store(incident, indicators, parties)
    _save_parties(incident, parties)
    record_transition(incident, "", Status.REPORTED, user)
    stats_refresh_for(incident)
    for upload in evidence:
        attachment_add(user=user, incident=incident, upload=upload)
    return incident


@transaction.atomic
def incident_update(
    *,
    user: User,
    incident: Incident,
    expected_version: int,
    title: str,
    description: str,
    occurred_on: dt.date,
    detected_on: dt.date,
    severity: str,
    source: str,
    indicators: Sequence[Indicator],
    parties: Sequence[PartySpec],
    evidence: Sequence[UploadedFile] = (),
    warranted_form: str | None = None,
    no_limitation_ground: str | None = None,
) -> Incident:
    """Edit an incident, adding any new evidence files; refused with ConcurrentEditError when someone else
    saved it since the form opened."""
    require(user, Action.HANDLE_INCIDENT, incident)
    claimed = Incident.objects.filter(pk=incident.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if claimed != 1:
        raise ConcurrentEditError
    refuse_conflict(user, parties)
    warranted_form = warranted_form or incident.warranted_form
    no_limitation_ground = (
        incident.no_limitation_ground if no_limitation_ground is None else no_limitation_ground
    )
    validate_legal_facts(warranted_form, no_limitation_ground)
    validate_incident(incident.unit, occurred_on, detected_on, indicators, parties, incident.framework)
    incident.version = expected_version + 1
    previous_month = incident.occurred_on
    previous_officials = set(incident.parties.values_list("official_id", flat=True))
    for name, value in dict(
        title=title,
        description=description,
        occurred_on=occurred_on,
        detected_on=detected_on,
        severity=severity,
        warranted_form=warranted_form,
        no_limitation_ground=no_limitation_ground,
        source=source,
    ).items():
        setattr(incident, name, value)
    _store(incident, indicators, parties)
    _replace_parties(incident, parties)
    stats_refresh_for(incident, previous_month)
    if incident.is_substantiated:
        everyone = previous_officials | _official_ids(parties)
        repeat_refresh_officials(everyone)
        limitation_restarts_refresh(everyone, incident)
    for upload in evidence:
        attachment_add(user=user, incident=incident, upload=upload)
    return incident


def _replace_parties(incident: Incident, parties: Sequence[PartySpec]) -> None:
    """Keep parties that carry sanctions; add the new ones; drop the rest."""
    wanted = {(p.official.pk if p.official else None, p.role) for p in parties}
    for existing in incident.parties.all():
        key = (existing.official_id, existing.role)
        if key in wanted:
            wanted.discard(key)
        elif not existing.sanctions.exists():
            existing.delete()
    by_id = {p.official.pk: p.official for p in parties if p.official}
    _save_parties(
        incident,
        [
            PartySpec(by_id.get(oid) if oid else None, role)
            for oid, role in sorted(wanted, key=lambda k: (k[0] or 0, k[1]))
        ],
    )


def _official_ids(parties: Sequence[PartySpec]) -> set[int | None]:
    return {p.official.pk for p in parties if p.official}


def bump_version(incident: Incident) -> None:
    Incident.objects.filter(pk=incident.pk).update(version=F("version") + 1)
    incident.version += 1
