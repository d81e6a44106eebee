"""The 400 page: a standalone template that needs no session, no CSRF token and no request body."""

from collections.abc import Iterable

from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def bad_request_page(message: str = "", errors: Iterable[str] = (), back: str = "") -> HttpResponse:
    context = {"message": message, "errors": list(errors), "back": back}
    return HttpResponseBadRequest(render_to_string("400.html", context))


def refused_filters(request: HttpRequest, form: Form, message: str = "") -> HttpResponse:
    """An export (or a print) asked with a filter that cannot be read would hold other rows than asked:
    refuse it, naming each bad field."""
    errors = [
        f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
        for name, messages in form.errors.items()
        for error in messages
    ]
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = ""
    return bad_request_page(message or _("Bộ lọc có giá trị không hợp lệ nên chưa xuất tệp."), errors, back)
