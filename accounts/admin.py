from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enrolment import enrolment_code_issue
from accounts.models import EnrolmentCode
from units.admin_base import SafeChangelistAdmin

User = get_user_model()


@admin.action(description=gettext_lazy("Cấp mã kích hoạt xác thực hai lớp"))
def issue_enrolment_codes(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """Each code is shown once, here, to the administrator who hands it over (not by email: a mailbox
    may be what was stolen)."""
    for user in queryset.exclude(pk=request.user.pk):
        code = enrolment_code_issue(user=user, issued_by=request.user)  # type: ignore[arg-type]
        messages.warning(
            request,
            _(
                "Mã kích hoạt cho %(user)s: %(code)s — trao trực tiếp, dùng một lần, "
                "hết hạn sau %(hours)s giờ."
            )
            % {"user": user.get_username(), "code": code, "hours": settings.OTP_ENROLMENT_CODE_HOURS},
        )
    if queryset.filter(pk=request.user.pk).exists():
        messages.error(request, _("Không thể tự cấp mã kích hoạt cho chính mình."))


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin, SafeChangelistAdmin):
    actions = [issue_enrolment_codes]


@admin.register(EnrolmentCode)
class EnrolmentCodeAdmin(SafeChangelistAdmin):
    """Read-only: codes are issued by the action on users; the hash is never shown."""

    list_display = ("user", "issued_by", "issued_at", "expires_at", "used_at", "failed_attempts")
    fields = readonly_fields = list_display

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
