"""Vietnamese names for the third-party apps the admin lists: axes and django-otp give none (the admin showed
"Axes" and "Otp_Totp"), django-celery-beat an English one. The names are msgids like the project's own, so
the English catalogue gives them back in English. Their models' English msgids (access attempts, crontabs…)
are translated by locale/vi/LC_MESSAGES/django.po."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_celery_beat.apps import BeatConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDefaultConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Nhật ký đăng nhập")


class OTPTOTPConfig(TOTPDefaultConfig):
    verbose_name = _("Xác thực hai lớp")

    def ready(self) -> None:
        super().ready()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # The model names itself with a plain English string, which no catalogue can translate. Only _meta's
        # working names change, not Meta.original_attrs, so migrations see no change to the model.
        TOTPDevice._meta.verbose_name = _("ứng dụng xác thực TOTP")
        TOTPDevice._meta.verbose_name_plural = pgettext_lazy("số nhiều", "ứng dụng xác thực TOTP")


class CeleryBeatConfig(BeatConfig):
    verbose_name = _("Tác vụ định kỳ")
