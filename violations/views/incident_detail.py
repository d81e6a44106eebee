"""The incident page and evidence downloads."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from violations import rules
from violations.access import User, get_incident_or_404, incident_permissions, scoped_incidents
from violations.forms import AttachmentForm, ExtensionForm, SanctionForm, TransitionForm
from violations.models import Attachment, Incident
from violations.selectors.deadlines import incident_deadlines
from violations.selectors.framework import indicators_by_group
from violations.selectors.history import incident_history


def incident_context(user: User, incident: Incident, **bound_forms: Any) -> dict[str, Any]:
    """Everything the incident page shows; bound forms with errors replace the blank ones."""
    chosen = set(incident.indicators.values_list("pk", flat=True))
    parties = list(incident.parties.select_related("official").prefetch_related("sanctions"))
    allowed = incident_permissions(user, incident)
    return {
        "incident": incident,
        "groups": [
            (g, [i for i in items if i.pk in chosen]) for g, items in indicators_by_group(incident.framework)
        ],
        "parties": parties,
        "sanction_choices": _sanction_choices(parties, incident) if allowed.sanction else {},
        "transitions": list(incident.transitions.select_related("actor")),
        "attachments": list(incident.attachments.all()),
        "deadlines": incident_deadlines(incident, timezone.localdate()),
        "history": incident_history(incident),
        # Decisions of violations.access: the page shows exactly the actions the services will accept.
        "can_edit": allowed.edit,
        "can_upload": allowed.upload,
        "can_extend": allowed.extend,
        "can_sanction": allowed.sanction,
        "allowed_steps": allowed.steps,
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
