"""The second factor: enrol an authenticator app once, then confirm a code after each sign-in."""

import math
from urllib.parse import urlencode

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enrolment import MAX_FAILED_ATTEMPTS, active_code, enrolment_code_check, enrolment_code_use
from accounts.forms import EnrolmentCodeForm, TokenForm
from accounts.models import EnrolmentCode
from accounts.second_factor import (
    base32_secret,
    confirmed_device,
    is_verified,
    pending_device,
    qr_svg,
    start_enrolment,
)

SESSION_CODE = "otp_enrolment_code"


def wrong_code_message(device: TOTPDevice, *, checked: bool = True) -> str:
    """After a wrong code django-otp makes the device wait (1 s, 2 s, 4 s… doubling) and refuses any code,
    the right one too, until then: say so, and until when. `checked` is False when the code typed was not even
    compared (typed during the wait): it may well have been right."""
    allowed, details = device.verify_is_allowed()
    locked_until = (details or {}).get("locked_until")
    if allowed or locked_until is None:
        return _("Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã đang hiển thị trên ứng dụng.")
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    values = {
        "count": details.get("failure_count", 1),
        "seconds": seconds,
        "time": timezone.localtime(locked_until).strftime("%H:%M:%S"),
    }
    if not checked:
        return (
            _(
                "Chưa kiểm tra mã này vì trước đó đã nhập sai %(count)s lần: hãy chờ %(seconds)s giây "
                "(đến %(time)s) rồi nhập mã đang hiển thị trên ứng dụng."
            )
            % values
        )
    return (
        _(
            "Mã xác thực không đúng hoặc đã hết hạn. Đã nhập sai %(count)s lần: hãy chờ %(seconds)s giây "
            "(đến %(time)s) rồi nhập mã đang hiển thị trên ứng dụng."
        )
        % values
    )


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
        checked, _details = device.verify_is_allowed()
        if device.verify_token(form.cleaned_data["token"]):
            django_otp.login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", wrong_code_message(device, checked=checked))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Two steps: the one-time enrolment code another administrator issued, then a new secret shown once
    (QR code and text), which counts only after a correct code from the app."""
    if confirmed_device(request.user) is not None:  # type: ignore[arg-type]
        return redirect("otp_verify")
    code = active_code(request.user)  # type: ignore[arg-type]
    if code is None or request.session.get(SESSION_CODE) != code.pk:
        return _enrolment_code_step(request, code)
    form = TokenForm(request.POST or None)
    device = pending_device(request.user) if request.method == "POST" else None  # type: ignore[arg-type]
    if device is not None and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            enrolment_code_use(code)
            request.session.pop(SESSION_CODE, None)
            django_otp.login(request, device)
            messages.success(request, _("Đã bật xác thực hai lớp cho tài khoản."))
            return redirect(_next_url(request))
        form.add_error("token", wrong_code_message(device))
    if device is None:  # a new visit: a new secret (the secret of a confirmed device is never shown again)
        device = start_enrolment(request.user)  # type: ignore[arg-type]
    context = {"form": form, "qr": qr_svg(device), "secret": base32_secret(device)}
    return render(request, "accounts/otp_enrol.html", context | {"next": _next_url(request)})


def _enrolment_code_step(request: HttpRequest, code: EnrolmentCode | None) -> HttpResponse:
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if code is None:
            form.add_error("enrolment_code", _("Tài khoản chưa có mã kích hoạt còn hiệu lực."))
        elif enrolment_code_check(code, form.cleaned_data["enrolment_code"]):
            request.session[SESSION_CODE] = code.pk
            return redirect(f"{reverse('otp_enrol')}?{urlencode({'next': _next_url(request)})}")
        else:
            form.add_error("enrolment_code", _wrong_enrolment_code(code))
    context = {"form": form, "has_code": code is not None, "next": _next_url(request)}
    return render(request, "accounts/otp_enrol_code.html", context)


def _wrong_enrolment_code(code: EnrolmentCode) -> str:
    left = MAX_FAILED_ATTEMPTS - code.failed_attempts
    if left <= 0:
        return _(
            "Mã kích hoạt không đúng và đã bị hủy sau %(max)s lần nhập sai. Hãy đề nghị một quản trị viên "
            "khác cấp mã mới."
        ) % {"max": MAX_FAILED_ATTEMPTS}
    return _("Mã kích hoạt không đúng; còn %(left)s lần thử.") % {"left": left}
