"""Handling steps posted from the incident page. A refused step goes back to the page too (post/redirect/get),
which shows what was typed and why it was refused (violations.views.failed_steps)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from violations.access import Action, get_incident_or_404
from violations.forms import (
    AttachmentForm,
    ExtensionForm,
    SanctionForm,
    SuspensionEndForm,
    SuspensionForm,
    TransitionForm,
    add_service_errors,
)
from violations.models import Incident
from violations.services.attachments import attachment_add
from violations.services.workflow import (
    handling_extend,
    handling_suspension_end,
    handling_suspension_start,
    incident_transition,
    sanction_record,
)
from violations.views.failed_steps import ANCHORS, remember_refusal


def _rerender(request: HttpRequest, incident: Incident, name: str, form: Form) -> HttpResponse:
    """Back to the incident page, which shows the refused form with what was typed (failed_steps)."""
    messages.error(request, _("Chưa lưu được: hãy xem các lỗi bên dưới."))
    remember_refusal(request, incident, name, form)
    url = reverse("violations:incident_detail", args=[incident.pk]) + f"#{ANCHORS[name]}"
    return HttpResponseRedirect(url, status=303)  # 303: the browser follows with a GET, whatever was posted


def _run(request: HttpRequest, incident: Incident, name: str, form: Form, action, done: str) -> HttpResponse:
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("violations:incident_detail", pk=incident.pk)
    return _rerender(request, incident, name, form)


@login_required
@require_POST
def transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_or_404(request.user, pk, Action.HANDLE_INCIDENT)
    form = TransitionForm(request.POST)

    def act(data: dict) -> None:
        incident_transition(
            user=request.user, incident=incident, target=data["target"], note=data["note"], on=data.get("on")
        )

    return _run(request, incident, "transition_form", form, act, _("Đã cập nhật trạng thái vụ việc."))


@login_required
@require_POST
def sanction_view(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_or_404(request.user, pk, Action.HANDLE_INCIDENT)
    form = SanctionForm(request.POST)

    def act(data: dict) -> None:
        party = incident.parties.filter(pk=data["party"]).first()
        if party is None:
            raise Http404
        sanction_record(
            user=request.user,
            party=party,
            track=data["track"],
            form=data["form"],
            decision_number=data["decision_number"],
            decided_on=data["decided_on"],
            deciding_body=data["deciding_body"],
        )

    return _run(request, incident, "sanction_form", form, act, _("Đã ghi nhận quyết định kỷ luật."))


@login_required
@require_POST
def extend_view(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_or_404(request.user, pk, Action.HANDLE_INCIDENT)
    form = ExtensionForm(request.POST)

    def act(data: dict) -> None:
        handling_extend(
            user=request.user, incident=incident, extended_to=data["extended_to"], reason=data["reason"]
        )

    return _run(request, incident, "extension_form", form, act, _("Đã gia hạn thời hạn xử lý."))


@login_required
@require_POST
def suspend_view(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_or_404(request.user, pk, Action.HANDLE_INCIDENT)
    form = SuspensionForm(request.POST)

    def act(data: dict) -> None:
        handling_suspension_start(
            user=request.user, incident=incident, starts_on=data["starts_on"], reason=data["reason"]
        )

    return _run(request, incident, "suspension_form", form, act, _("Đã tạm dừng tính thời hạn xử lý."))


@login_required
@require_POST
def resume_view(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_or_404(request.user, pk, Action.HANDLE_INCIDENT)
    form = SuspensionEndForm(request.POST)

    def act(data: dict) -> None:
        handling_suspension_end(user=request.user, incident=incident, ends_on=data["ends_on"])

    return _run(request, incident, "suspension_end_form", form, act, _("Đã tính tiếp thời hạn xử lý."))


@login_required
@require_POST
def attachment_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_or_404(request.user, pk, Action.HANDLE_INCIDENT)
    form = AttachmentForm(request.POST, request.FILES)

    def act(data: dict) -> None:
        for upload in data["evidence"]:
            attachment_add(user=request.user, incident=incident, upload=upload)

    return _run(request, incident, "attachment_form", form, act, _("Đã tải lên tài liệu."))
