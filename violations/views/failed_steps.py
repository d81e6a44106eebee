"""Post/redirect/get for refused handling steps too.

A refused step used to answer its POST with the incident page and its errors, so a refresh posted the step
again. Now what was typed and why it was refused wait in the session for the next view of the incident page,
which shows them in place (and in a summary at the top); a refresh only reads.
"""

from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import Form
from django.forms.utils import ErrorDict
from django.http import HttpRequest, QueryDict

from violations.forms import (
    AttachmentForm,
    ExtensionForm,
    SanctionForm,
    SuspensionEndForm,
    SuspensionForm,
    TransitionForm,
)
from violations.models import Incident

SESSION_KEY = "kycuong_refused_step"
FORMS: dict[str, type[Form]] = {
    "transition_form": TransitionForm,
    "sanction_form": SanctionForm,
    "extension_form": ExtensionForm,
    "suspension_form": SuspensionForm,
    "suspension_end_form": SuspensionEndForm,
    "attachment_form": AttachmentForm,
}
# Where the page scrolls to after a refusal: the section holding the form.
ANCHORS = {
    "transition_form": "workflow",
    "sanction_form": "parties",
    "extension_form": "deadlines",
    "suspension_form": "deadlines",
    "suspension_end_form": "deadlines",
    "attachment_form": "attachments",
}


def remember_refusal(request: HttpRequest, incident: Incident, name: str, form: Form) -> None:
    posted = cast(QueryDict, form.data)
    typed = {key: posted.getlist(key) for key in posted if key != "csrfmiddlewaretoken"}
    errors = {field: [e["message"] for e in found] for field, found in form.errors.get_json_data().items()}
    request.session[SESSION_KEY] = {"incident": incident.pk, "form": name, "data": typed, "errors": errors}


def restore_refusal(request: HttpRequest, incident: Incident) -> dict[str, Form]:
    """The refused form of the last post on this incident, bound to what was typed, with its errors; read
    once (a later view shows the page blank again)."""
    stored: dict[str, Any] | None = request.session.get(SESSION_KEY)
    if not stored or stored.get("incident") != incident.pk or stored.get("form") not in FORMS:
        return {}
    del request.session[SESSION_KEY]
    name = stored["form"]
    data = QueryDict(mutable=True)
    for key, values in stored["data"].items():
        data.setlist(key, [str(value) for value in values])
    form = FORMS[name](data, auto_id=ids_of(name, data))
    form.full_clean()  # cleaned_data for the fields that were valid (the sanction form reads its date)
    # The errors are those of the refused post, service refusals included, not of a new validation: a file
    # input is empty again and would only add "required".
    form._errors = ErrorDict()  # type: ignore[attr-defined]
    for field, messages in stored["errors"].items():
        for message in messages:
            form.add_error(None if field == NON_FIELD_ERRORS else field, message)
    return {name: form}


def ids_of(name: str, data: QueryDict) -> str:
    """The element ids the incident page gives each form's fields, so the error summary links to them."""
    if name == "transition_form":
        return f"%s-{data.get('target', '')}"
    if name == "sanction_form":
        return f"%s-{data.get('party', '')}-{data.get('track', '')}"
    return FORMS[name].id_pattern  # type: ignore[attr-defined]
