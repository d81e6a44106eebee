"""Filing and editing incidents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from violations.access import Action, get_incident_or_404, root_units
from violations.forms import IncidentForm, add_service_errors, initial_from_incident
from violations.models import Incident
from violations.services.incidents import ConcurrentEditError, incident_create, incident_update


@login_required
def incident_create_view(request: HttpRequest) -> HttpResponse:
    if not root_units(request.user, Action.CREATE_INCIDENT):
        raise Http404
    form = IncidentForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = _create_with_files(request, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận vụ việc #%(id)s.") % {"id": incident.pk})
            return redirect("violations:incident_detail", pk=incident.pk)
    return render(request, "violations/incident_form.html", {"form": form, "creating": True})


def _create_with_files(request: HttpRequest, form: IncidentForm) -> Incident:
    return incident_create(user=request.user, unit=form.cleaned_data["unit"], **form.service_kwargs())


@login_required
def incident_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_or_404(request.user, pk, Action.HANDLE_INCIDENT)
    form = IncidentForm(
        request.user,
        request.POST or None,
        request.FILES or None,
        incident=incident,
        initial=initial_from_incident(incident),
    )
    stale: Incident | None = None
    if request.method == "POST" and form.is_valid():
        try:
            _update_with_files(request, form, incident)
        except ConcurrentEditError:
            stale = Incident.objects.get(pk=incident.pk)
            form.add_error(
                None,
                _(
                    "Vụ việc vừa được người khác cập nhật. Nội dung bạn nhập vẫn còn nguyên bên "
                    "dưới; hãy đối chiếu với bản mới nhất rồi bấm Lưu lần nữa."
                ),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("violations:incident_detail", pk=incident.pk)
    context = {
        "form": form,
        "incident": incident,
        "creating": False,
        "stale": stale,
        "next_version": stale.version if stale else None,
    }
    return render(request, "violations/incident_form.html", context)


def _update_with_files(request: HttpRequest, form: IncidentForm, incident: Incident) -> None:
    version = form.cleaned_data.get("version") or incident.version
    incident_update(user=request.user, incident=incident, expected_version=version, **form.service_kwargs())
