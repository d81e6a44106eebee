"""The incident page and evidence downloads."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from violations import rules
from violations.access import Action, User, can, get_incident_or_404, scoped_incidents
from violations.forms import AttachmentForm, ExtensionForm, SanctionForm, TransitionForm
from violations.models import Attachment, Incident
from violations.selectors.deadlines import incident_deadlines
from violations.selectors.framework import indicators_by_group
from violations.selectors.history import incident_history
from violations.workflow import transitions_from


def incident_context(user: User, incident: Incident, **bound_forms: Any) -> dict[str, Any]:
    """Everything the incident page shows; bound forms with errors replace the blank ones."""
    chosen = set(incident.indicators.values_list("pk", flat=True))
    parties = list(incident.parties.select_related("official").prefetch_related("sanctions"))
    may_handle = can(user, Action.HANDLE_INCIDENT, incident)
    return {
        "incident": incident,
        "groups": [
            (g, [i for i in items if i.pk in chosen]) for g, items in indicators_by_group(incident.framework)
        ],
        "parties": parties,
        "sanction_choices": _sanction_choices(parties, incident) if may_handle else {},
        "transitions": list(incident.transitions.select_related("actor")),
        "attachments": list(incident.attachments.all()),
        "deadlines": incident_deadlines(incident, timezone.localdate()),
        "history": incident_history(incident),
        "may_handle": may_handle,
        "next_steps": transitions_from(incident.status) if may_handle else [],
        "transition_form": bound_forms.get("transition_form") or TransitionForm(),
        "sanction_form": bound_forms.get("sanction_form") or SanctionForm(),
        "extension_form": bound_forms.get("extension_form") or ExtensionForm(),
        "attachment_form": bound_forms.get("attachment_form") or AttachmentForm(),
    }


def _sanction_choices(parties: list[Any], incident: Incident) -> dict[int, dict[str, list[tuple[str, str]]]]:
    """Per party, the forms the law allows today per track (the service re-checks on the decision date)."""
    today = timezone.localdate()
    result = {}
    for party in parties:
        category = party.official.category if party.official else "collective"
        result[party.pk] = {
            track: rules.sanction_forms(track, category, True, today) for track in ("administrative", "party")
        }
    return result


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_or_404(request.user, pk)
    return render(request, "violations/incident_detail.html", incident_context(request.user, incident))


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
