"""Error pages that cannot fail themselves.

Django's own 400 view checks the CSRF token again, which reads the request body again: a body that could not
be decoded the first time raised a second time inside the handler, and the client got a 500. These pages
render a standalone template and never touch the body.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation

from violations.views.refusals import bad_request_page


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: the standalone page, in the site's language when the request had none yet."""
    language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        return bad_request_page()


class UndecodableBodyMiddleware:
    """Reads a form body once, before anything else does; one that cannot be decoded (a charset other than
    UTF-8, a broken multipart stream) gets the 400 page here rather than an exception in CSRF checking."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            try:
                request.POST  # noqa: B018 — parsed now and cached for the rest of the request
            except (BadRequest, MultiPartParserError, UnicodeDecodeError, LookupError, ValueError):
                return bad_request(request)
        return self.get_response(request)
