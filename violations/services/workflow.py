"""Moving an incident through its workflow, recording sanctions and extensions."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from officials.selectors import assignments_on
from violations import rules
from violations.access import Action, User, may_close_as_time_barred, require
from violations.models import (
    HandlingSuspension,
    Incident,
    IncidentParty,
    IncidentTransition,
    Sanction,
    SanctionTrack,
    Status,
)
from violations.models.incident import OPEN_STATUSES
from violations.selectors.deadlines import (
    incident_pauses,
    party_limitation,
    party_limitations,
    track_limitations,
)
from violations.services.deadlines import limitation_restarts_refresh, refresh_deadlines
from violations.services.incidents import bump_version, record_transition
from violations.services.repeat import repeat_refresh_officials
from violations.services.stats import open_cases_refresh, stats_refresh_for
from violations.workflow import accepts_extension, accepts_sanctions, find_transition, limitation_passed


@transaction.atomic
def incident_transition(
    *, user: User, incident: Incident, target: str, note: str = "", on: dt.date | None = None
) -> Incident:
    """Take one workflow step, recording who, when and why. Locks the row so two clicks cannot both apply."""
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    require(user, Action.HANDLE_INCIDENT, locked)
    step = find_transition(locked.status, target)
    if step is None:
        raise ValidationError(_("Không thể chuyển từ trạng thái hiện tại sang trạng thái này."))
    if step.note_required and not note.strip():
        raise ValidationError({"note": _("Bước này cần ghi rõ lý do hoặc nội dung kết luận.")})
    if target == Status.SANCTIONED and not Sanction.objects.filter(party__incident=locked).exists():
        raise ValidationError(_("Cần ghi nhận ít nhất một quyết định kỷ luật trước khi chuyển bước."))
    day = on or timezone.localdate()
    validate_step_day(locked, day)
    note = _time_barred_note(user, locked, target, day, note)
    _apply_step_effects(locked, target, day)
    source, locked.status = locked.status, target
    refresh_deadlines(locked)
    locked.save()
    bump_version(locked)
    record_transition(locked, source, target, user, note.strip(), on=day)
    stats_refresh_for(locked)
    if target in (Status.SUBSTANTIATED, Status.UNSUBSTANTIATED):
        officials = list(locked.parties.values_list("official_id", flat=True))
        repeat_refresh_officials(officials)
        limitation_restarts_refresh(officials, locked)
    return locked


def _time_barred_note(user: User, incident: Incident, target: str, day: dt.date, note: str) -> str:
    """Closing as time-barred needs the limitation to have passed; an administrator may override, and the
    recorded reason then says what the system had computed."""
    if target != Status.TIME_BARRED or limitation_passed(incident, day):
        return note
    deadline = incident.limitation_deadline
    computed = _day(deadline) if deadline else _("không có thời hiệu")
    if not may_close_as_time_barred(user, incident, day):
        basis = "; ".join(item.rule.cited for item in track_limitations(party_limitations(incident)).values())
        raise ValidationError(  # not a field's error: the page does not offer this step at all
            _("Vụ việc còn thời hiệu (đến %(day)s, theo %(basis)s): chưa thể đóng do hết thời hiệu.")
            % {"day": computed, "basis": basis}
        )
    return _("Quản trị viên xác nhận hết thời hiệu (hệ thống tính: %(day)s). %(note)s") % {
        "day": computed,
        "note": note.strip(),
    }


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def last_step_day(incident: Incident) -> dt.date | None:
    """The day of the latest handling step. Filing the incident is not one (an incident is often filed
    long after it came to light: its detection date is the floor for the first step), nor is the note that
    records an extension, which carries the day it was entered rather than a day the user gave."""
    steps = IncidentTransition.objects.filter(incident=incident).exclude(from_status="")
    steps = steps.exclude(from_status=F("to_status"))
    last = steps.order_by("-happened_at", "-pk").first()
    return last.effective_on if last else None


def validate_case_day(incident: Incident, day: dt.date, field: str) -> None:
    """What happens in handling a case happens after it came to light and not in the future."""
    if day > timezone.localdate():
        raise ValidationError({field: _("Ngày thực hiện không được sau ngày hôm nay.")})
    if day < incident.detected_on:
        raise ValidationError(
            {
                field: _("Ngày không được trước ngày phát hiện vụ việc (%(day)s).")
                % {"day": _day(incident.detected_on)}
            }
        )


def validate_step_day(incident: Incident, day: dt.date, field: str = "on") -> None:
    """A step happens on or after the incident came to light and the step before it, and not in the
    future: the record of handling must read in the order it happened."""
    validate_case_day(incident, day, field)
    previous = last_step_day(incident)
    if previous is not None and day < previous:
        raise ValidationError(
            {field: _("Ngày không được trước bước xử lý gần nhất (%(day)s).") % {"day": _day(previous)}}
        )


def validate_decision_day(incident: Incident, decided_on: dt.date) -> None:
    """A disciplinary decision follows the decision to handle the case (or, failing a recorded one, the
    detection of the incident), and is not in the future."""
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("Ngày quyết định không được sau ngày hôm nay.")})
    floor = incident.handling_started_on or incident.detected_on
    if decided_on < floor:
        what = _("ngày quyết định xử lý") if incident.handling_started_on else _("ngày phát hiện vụ việc")
        raise ValidationError(
            {
                "decided_on": _("Ngày quyết định kỷ luật không được trước %(what)s (%(day)s).")
                % {"what": what, "day": _day(floor)}
            }
        )


def _apply_step_effects(incident: Incident, target: str, day: dt.date) -> None:
    if target == Status.VERIFYING and incident.handling_started_on is None:
        incident.handling_started_on = day
    elif target == Status.SUBSTANTIATED:
        incident.is_substantiated = True
    elif target == Status.UNSUBSTANTIATED:
        incident.is_substantiated = False


def validate_within_limitation(
    incident: Incident, party: IncidentParty, track: str, decided_on: dt.date
) -> None:
    """No sanction once the party's limitation on that track has run out."""
    limitation = party_limitation(incident, party, track)
    if limitation.ends_on is not None and decided_on > limitation.ends_on:
        raise ValidationError(
            {
                "decided_on": _(
                    "Đã hết thời hiệu xử lý kỷ luật ngày %(day)s (%(basis)s): không thể quyết định kỷ luật "
                    "vào ngày %(decided)s."
                )
                % {
                    "day": _day(limitation.ends_on),
                    "basis": limitation.rule.cited,
                    "decided": _day(decided_on),
                }
            }
        )


def sanction_options(party: IncidentParty, track: str, on: dt.date) -> list[tuple[str, str]]:
    """The forms the law allowed on `on` for this party (category, whether they then held a post, their
    Party status) on this track: what the form offers and what sanction_record accepts."""
    category, holds_post = _category_and_post(party, on)
    status = party.official.party_status_on(on) if party.official else rules.PARTY_FULL
    return rules.sanction_forms(track, category, holds_post, on, status)


def _category_and_post(party: IncidentParty, on: dt.date) -> tuple[str, bool]:
    if party.official is None:
        return rules.COLLECTIVE, False
    leading = Q(is_head=True) | Q(is_deputy=True)
    holds_post = assignments_on(on).filter(leading, official=party.official).exists()
    return party.official.category, holds_post


@transaction.atomic
def sanction_record(
    *,
    user: User,
    party: IncidentParty,
    track: str,
    form: str,
    decision_number: str,
    decided_on: dt.date,
    deciding_body: str,
) -> Sanction:
    """Record a disciplinary decision; the form must be one the law allowed for that person on that date."""
    incident = Incident.objects.get(pk=party.incident_id)  # the caller's copy may predate the last step
    require(user, Action.HANDLE_INCIDENT, incident)
    if not accepts_sanctions(incident):
        raise ValidationError(_("Chỉ ghi nhận kỷ luật khi vụ việc đã được kết luận có vi phạm."))
    validate_decision_day(incident, decided_on)
    validate_within_limitation(incident, party, track, decided_on)
    if form not in {code for code, _label in sanction_options(party, track, decided_on)}:
        raise ValidationError(
            {"form": _("Hình thức kỷ luật này không áp dụng cho đối tượng vào ngày quyết định.")}
        )
    if Sanction.objects.filter(party=party, track=track).exists():
        raise ValidationError({"track": _("Đối tượng này đã có quyết định kỷ luật cùng loại cho vụ việc.")})
    sanction = Sanction(
        party=party,
        track=SanctionTrack(track),
        form=form,
        decision_number=decision_number.strip(),
        decided_on=decided_on,
        deciding_body=deciding_body.strip(),
        created_by_id=user.pk,
    )
    sanction.full_clean()
    sanction.save()
    bump_version(incident)
    stats_refresh_for(incident, decided_on)
    return sanction


@transaction.atomic
def handling_extend(*, user: User, incident: Incident, extended_to: dt.date, reason: str) -> Incident:
    """Extend the handling time once, up to the legal ceiling counted from detection (plus any period that
    does not count)."""
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    require(user, Action.HANDLE_INCIDENT, locked)
    if not accepts_extension(locked):
        raise ValidationError(_("Thời hạn xử lý chỉ được gia hạn một lần và vụ việc đã được gia hạn."))
    pauses = incident_pauses(locked)
    if rules.is_paused(pauses):
        raise ValidationError(_("Thời hạn xử lý đang tạm dừng; chỉ gia hạn sau khi tính tiếp thời hạn."))
    limit = rules.max_extension(locked.detected_on, pauses)
    standard = rules.handling_deadline(locked.detected_on, None, pauses) or limit
    if extended_to <= standard:
        raise ValidationError(
            {
                "extended_to": _("Ngày gia hạn phải sau hạn xử lý %(day)s; trước đó chưa cần gia hạn.")
                % {"day": _day(standard)}
            }
        )
    if extended_to > limit:
        raise ValidationError({"extended_to": _("Chỉ được gia hạn đến %(day)s.") % {"day": _day(limit)}})
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do gia hạn.")})
    locked.handling_extended_to = extended_to
    locked.handling_extension_reason = reason.strip()
    _save_handling(locked)
    record_transition(
        locked,
        locked.status,
        locked.status,
        user,
        _("Gia hạn xử lý đến %(day)s: %(reason)s") % {"day": _day(extended_to), "reason": reason.strip()},
    )
    return locked


def _save_handling(incident: Incident) -> None:
    refresh_deadlines(incident)
    incident.save()
    bump_version(incident)
    open_cases_refresh(incident.unit)


@transaction.atomic
def handling_suspension_start(
    *, user: User, incident: Incident, starts_on: dt.date, reason: str
) -> HandlingSuspension:
    """Stop the handling clock for criminal proceedings (they do not count towards the handling time)."""
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    require(user, Action.HANDLE_INCIDENT, locked)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(_("Chỉ tạm dừng thời hạn xử lý của vụ việc đang xử lý."))
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Cần ghi căn cứ tạm dừng (quyết định khởi tố, truy tố, xét xử…).")}
        )
    validate_pause_start(locked, starts_on)
    if HandlingSuspension.objects.filter(incident=locked, ends_on__isnull=True).exists():
        raise ValidationError(_("Thời hạn xử lý đang tạm dừng."))
    suspension = HandlingSuspension.objects.create(
        incident=locked, starts_on=starts_on, reason=reason.strip(), created_by_id=user.pk
    )
    _save_handling(locked)
    record_transition(
        locked,
        locked.status,
        locked.status,
        user,
        _("Tạm dừng tính thời hạn xử lý từ %(day)s: %(reason)s")
        % {"day": _day(starts_on), "reason": reason.strip()},
    )
    return suspension


@transaction.atomic
def handling_suspension_end(*, user: User, incident: Incident, ends_on: dt.date) -> HandlingSuspension:
    """Restart the handling clock; an extension already granted moves by the days that did not count."""
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    require(user, Action.HANDLE_INCIDENT, locked)
    suspension = HandlingSuspension.objects.filter(incident=locked, ends_on__isnull=True).first()
    if suspension is None:
        raise ValidationError(_("Thời hạn xử lý không ở trạng thái tạm dừng."))
    if ends_on < suspension.starts_on:
        raise ValidationError(
            {
                "ends_on": _("Ngày cuối tạm dừng không được trước ngày bắt đầu (%(day)s).")
                % {"day": _day(suspension.starts_on)}
            }
        )
    validate_case_day(locked, ends_on, "ends_on")
    suspension.ends_on = ends_on
    suspension.save()
    if locked.handling_extended_to is not None:
        locked.handling_extended_to += dt.timedelta(days=rules.Pause(suspension.starts_on, ends_on).days)
    _save_handling(locked)
    record_transition(
        locked,
        locked.status,
        locked.status,
        user,
        _("Tính tiếp thời hạn xử lý; thời gian không tính: %(start)s – %(end)s")
        % {"start": _day(suspension.starts_on), "end": _day(ends_on)},
    )
    return suspension


def validate_pause_start(incident: Incident, day: dt.date) -> None:
    """A pause starts within the case and after the end of the one before it."""
    validate_case_day(incident, day, "starts_on")
    ended = HandlingSuspension.objects.filter(incident=incident, ends_on__isnull=False)
    last_end = ended.order_by("-ends_on").values_list("ends_on", flat=True).first()
    if last_end is not None and day <= last_end:
        raise ValidationError(
            {"starts_on": _("Trùng với thời gian tạm dừng trước (đến %(day)s).") % {"day": _day(last_end)}}
        )
