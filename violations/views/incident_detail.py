"""The incident page and evidence downloads."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from violations.access import User, get_incident_or_404, incident_permissions, scoped_incidents
from violations.forms import (
    AttachmentForm,
    ExtensionForm,
    SanctionForm,
    SuspensionEndForm,
    SuspensionForm,
    TransitionForm,
)
from violations.models import Attachment, Incident, IncidentParty, SanctionTrack
from violations.selectors.deadlines import incident_deadlines
from violations.selectors.framework import indicators_by_group
from violations.selectors.history import incident_history, incident_recorder
from violations.services.workflow import sanction_options
from violations.views.failed_steps import restore_refusal


def incident_context(user: User, incident: Incident, **bound_forms: Any) -> dict[str, Any]:
    """Everything the incident page shows; bound forms with errors replace the blank ones."""
    chosen = set(incident.indicators.values_list("pk", flat=True))
    parties = list(incident.parties.select_related("official").prefetch_related("sanctions"))
    allowed = incident_permissions(user, incident)
    history = incident_history(incident)
    return {
        "incident": incident,
        "groups": [
            (g, [i for i in items if i.pk in chosen]) for g, items in indicators_by_group(incident.framework)
        ],
        "has_indicators": bool(chosen),
        "parties": parties,
        "sanction_forms": sanction_forms(parties, bound_forms.get("sanction_form"))
        if allowed.sanction
        else [],
        "transitions": list(incident.transitions.select_related("actor")),
        "attachments": list(incident.attachments.all()),
        "deadlines": incident_deadlines(incident, timezone.localdate()),
        "history": history,
        "recorder": incident_recorder(incident, history),
        # Decisions of violations.access: the page shows exactly the actions the services will accept.
        "can_edit": allowed.edit,
        "can_upload": allowed.upload,
        "can_extend": allowed.extend,
        "can_suspend": allowed.suspend,
        "can_resume": allowed.resume,
        "can_sanction": allowed.sanction,
        "allowed_steps": allowed.steps,
        "transition_form": bound_forms.get("transition_form") or TransitionForm(),
        "extension_form": bound_forms.get("extension_form") or ExtensionForm(),
        "suspension_form": bound_forms.get("suspension_form") or SuspensionForm(),
        "suspension_end_form": bound_forms.get("suspension_end_form") or SuspensionEndForm(),
        "attachment_form": bound_forms.get("attachment_form") or AttachmentForm(),
    }


@dataclass
class SanctionEntry:
    """One decision that may still be recorded: a party on a track, with the forms the law allows on the
    decision date shown in the form (today, or the date typed in a refused submission)."""

    party: IncidentParty
    track: str
    track_label: str
    on: dt.date
    options: list[tuple[str, str]]
    form: SanctionForm


def sanction_forms(parties: list[IncidentParty], bound: SanctionForm | None) -> list[SanctionEntry]:
    entries = []
    for party in parties:
        recorded = {s.track for s in party.sanctions.all()}
        for track, track_label in SanctionTrack.choices:
            if track in recorded:
                continue
            form = bound if bound is not None and _submitted_for(bound, party, track) else None
            on = _decision_day(form)
            options = sanction_options(party, track, on)
            if options:
                initial = {"party": party.pk, "track": track, "decided_on": on}
                entries.append(
                    SanctionEntry(
                        party, track, str(track_label), on, options, form or SanctionForm(initial=initial)
                    )
                )
    return entries


def _submitted_for(form: SanctionForm, party: IncidentParty, track: str) -> bool:
    return str(form.data.get("party")) == str(party.pk) and form.data.get("track") == track


def _decision_day(form: SanctionForm | None) -> dt.date:
    """The date a refused form was typed with, once its field validated (in range, not in the future)."""
    cleaned = getattr(form, "cleaned_data", {})
    return cleaned.get("decided_on") or timezone.localdate()


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_or_404(request.user, pk)
    refused = restore_refusal(request, incident)
    context = incident_context(request.user, incident, **refused)
    context["refused_form"] = next(iter(refused.values()), None)
    return render(request, "violations/incident_detail.html", context)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = Attachment.objects.filter(pk=pk, incident__in=scoped_incidents(request.user)).first()
    if attachment is None:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
