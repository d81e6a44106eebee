"""The second factor: enrol an authenticator app once, then confirm a code after each sign-in."""

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.forms import TokenForm
from accounts.second_factor import (
    base32_secret,
    confirmed_device,
    is_verified,
    pending_device,
    qr_svg,
    start_enrolment,
)

WRONG_CODE = "Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã đang hiển thị trên ứng dụng."


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)  # type: ignore[arg-type]
    if device is None:
        return redirect("otp_enrol")
    if is_verified(request.user):
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            django_otp.login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _(WRONG_CODE))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Shows a new secret once (QR code and text); the device counts only after a correct code."""
    if confirmed_device(request.user) is not None:  # type: ignore[arg-type]
        return redirect("otp_verify")
    form = TokenForm(request.POST or None)
    device = pending_device(request.user) if request.method == "POST" else None  # type: ignore[arg-type]
    if device is not None and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            messages.success(request, _("Đã bật xác thực hai lớp cho tài khoản."))
            return redirect(_next_url(request))
        form.add_error("token", _(WRONG_CODE))
    if device is None:  # a new visit: a new secret (the secret of a confirmed device is never shown again)
        device = start_enrolment(request.user)  # type: ignore[arg-type]
    context = {"form": form, "qr": qr_svg(device), "secret": base32_secret(device)}
    return render(request, "accounts/otp_enrol.html", context | {"next": _next_url(request)})
