from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EnrolmentCode(models.Model):
    """A one-time code that lets an administrator bind an authenticator app to their account.

    The password alone must not be enough to enrol: whoever first signs in with a stolen password of a
    not-yet-enrolled administrator would otherwise bind their own app. The code is issued by another
    administrator (or from the server's shell, for the first one), handed over apart from the password, and
    stored hashed like a password.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="+"
    )
    code_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cấp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("thời điểm cấp"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)

    class Meta:
        verbose_name = _("mã kích hoạt xác thực hai lớp")
        verbose_name_plural = pgettext_lazy("số nhiều", "mã kích hoạt xác thực hai lớp")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.issued_at:%d/%m/%Y %H:%M}"
