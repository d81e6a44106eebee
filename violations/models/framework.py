"""The identification framework of Directive 24-CT/TU (and local copies), versioned.

A new version is a new Framework row with its own indicators; incidents keep pointing at the version they were
tagged with, so loading the official text never rewrites history.
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ACTIVE = "active", _("Đang áp dụng")
    SUPERSEDED = "superseded", _("Đã thay thế")


class Provenance(models.TextChoices):
    CONFIRMED = "confirmed", _("Đã đối chiếu văn bản")
    WORKING = "working", _("Bản dựng tạm, chờ đối chiếu")


class FrameworkQuerySet(models.QuerySet["Framework"]):
    def in_force_on(self, day: dt.date) -> "Framework | None":
        return (
            self.exclude(status=FrameworkStatus.DRAFT)
            .filter(effective_from__lte=day)
            .order_by("-effective_from", "-version")
            .first()
        )


class Framework(models.Model):
    code = models.CharField(_("ký hiệu"), max_length=32)
    version = models.PositiveIntegerField(_("phiên bản"))
    title = models.CharField(_("tên văn bản"), max_length=300)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"))
    effective_from = models.DateField(_("áp dụng từ"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=FrameworkStatus.choices, default=FrameworkStatus.ACTIVE
    )
    source_note = models.TextField(_("nguồn"), blank=True)
    history = HistoricalRecords()

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("khung nhận diện")
        verbose_name_plural = _("khung nhận diện")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="unique_framework_version")]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class IndicatorGroup(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("nhóm"))
    name_vi = models.CharField(_("tên nhóm"), max_length=300)
    name_en = models.CharField(_("tên nhóm (tiếng Anh)"), max_length=300)
    provenance = models.CharField(_("nguồn gốc"), max_length=16, choices=Provenance.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhóm biểu hiện")
        verbose_name_plural = _("nhóm biểu hiện")
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="unique_group_number")]

    def __str__(self) -> str:
        return f"{self.roman} — {self.name_vi}"

    @property
    def roman(self) -> str:
        return {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}.get(self.number, str(self.number))


class Indicator(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    group = models.ForeignKey(IndicatorGroup, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("mã"), max_length=16)
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text_vi = models.TextField(_("nội dung"))
    text_en = models.TextField(_("nội dung (tiếng Anh)"))
    provenance = models.CharField(_("nguồn gốc"), max_length=16, choices=Provenance.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("biểu hiện vi phạm")
        verbose_name_plural = _("biểu hiện vi phạm")
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text_vi[:80]}"
