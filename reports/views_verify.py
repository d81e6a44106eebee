"""/xac-thuc/: anyone, signed in or not, uploads a PDF and learns whether it is one of the reports the system
issued, unaltered, and which one, who signed it and when (reports.verification). Nothing else is shown: no
link to the archive, no id, nothing about any other report.

Uploads are limited in size (VERIFY_MAX_BYTES) and, per client address, in number (VERIFY_LIMIT per
VERIFY_WINDOW seconds, counted in the cache: django-axes only counts sign-ins)."""

import time

from django import forms
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.lockout import client_address
from reports.verification import Verdict, verify

VERIFY_MAX_BYTES = 20 * 1024 * 1024  # the largest report (the city's) is well under 1 MB
VERIFY_LIMIT = 30
VERIFY_WINDOW = 600
TEMPLATE = "reports/verify.html"


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp PDF cần kiểm tra"),
        help_text=gettext_lazy(
            "Tệp báo cáo nhận qua thư điện tử hoặc tải về, đúng như đã nhận, tối đa 20 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > VERIFY_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp lớn hơn %(limit)s: không phải một báo cáo của hệ thống.")
                % {"limit": filesizeformat(VERIFY_MAX_BYTES)}
            )
        return upload


def _over_limit(request: HttpRequest) -> bool:
    """One more upload from this address in the current window; True once it has had VERIFY_LIMIT."""
    window = int(time.time()) // VERIFY_WINDOW
    key = f"verify-report:{client_address(request) or 'unknown'}:{window}"
    cache.add(key, 0, timeout=VERIFY_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=VERIFY_WINDOW)
        count = 1
    return count > VERIFY_LIMIT


def verdict_text(verdict: Verdict | None) -> str:
    if verdict is None:
        return _("Không phải tài liệu do hệ thống phát hành hoặc đã bị sửa đổi.")
    values = {
        "period": verdict.period,
        "unit": verdict.unit,
        "revision": _(" (lập lại lần %(n)d)") % {"n": verdict.revision} if verdict.revision > 1 else "",
        "number": _(", số %(reference)s") % {"reference": verdict.reference} if verdict.reference else "",
    }
    if not verdict.signer or verdict.signed_at is None:
        return (
            _(
                "Tài liệu do hệ thống Kỷ cương phát hành, chưa bị sửa đổi: Báo cáo %(period)s của "
                "%(unit)s%(revision)s%(number)s, bản không có chữ ký số."
            )
            % values
        )
    when = timezone.localtime(verdict.signed_at).strftime("%d/%m/%Y %H:%M")
    return _(
        "Tài liệu do hệ thống Kỷ cương phát hành, chưa bị sửa đổi: Báo cáo %(period)s của "
        "%(unit)s%(revision)s%(number)s, ký bởi %(signer)s lúc %(when)s."
    ) % {**values, "signer": verdict.signer, "when": when}


@require_http_methods(["GET", "POST"])
def verify_report(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, TEMPLATE, {"form": VerifyForm()})
    if _over_limit(request):
        context = {"form": VerifyForm(), "refused": _("Đã kiểm tra quá nhiều tệp. Hãy thử lại sau ít phút.")}
        return render(request, TEMPLATE, context, status=429)
    form = VerifyForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=400)
    verdict = verify(form.cleaned_data["file"])
    context = {"form": VerifyForm(), "verdict": verdict, "answer": verdict_text(verdict)}
    return render(request, TEMPLATE, context)
