"""Refuse a request body larger than any form needs, before Django reads it.

Each evidence file is checked against ATTACHMENT_MAX_BYTES once uploaded; without this limit a client could
still stream gigabytes into temporary files first. A reverse proxy should enforce the same limit
(client_max_body_size); this keeps the app safe without one.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            with translation.override(settings.LANGUAGE_CODE):  # it runs before LocaleMiddleware
                body = render_to_string("413.html", {"limit": settings.REQUEST_MAX_BYTES})
            return HttpResponse(body, status=413)
        return self.get_response(request)
