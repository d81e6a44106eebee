"""An administrator who has not confirmed a TOTP code this session may only reach the second-factor pages."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.second_factor import confirmed_device, is_verified, needs_second_factor

# Reachable before the second factor: signing in and out, the factor pages, the language switch, health.
# Not the password change: a stolen password must not let anyone lock the owner out.
OPEN_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/otp/", "/i18n/", "/static/", "/healthz")


class RequireSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(OPEN_PREFIXES) or not needs_second_factor(request.user):
            return self.get_response(request)
        if is_verified(request.user):
            return self.get_response(request)
        target = "otp_verify" if confirmed_device(request.user) else "otp_enrol"  # type: ignore[arg-type]
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
