"""The identification framework of Directive 24-CT/TU (and local copies), versioned.

A new version is a new Framework row with its own indicators; incidents keep pointing at the version they were
tagged with, so loading the official text never rewrites history.
"""

import datetime as dt

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


def in_active_language(vietnamese: str, english: str) -> str:
    """A framework carries each text in both languages: the English one for an English page (when the file
    gave one), the Vietnamese one otherwise, and always in the Vietnamese reports (translation.override)."""
    if english and (translation.get_language() or "").split("-")[0] == "en":
        return english
    return vietnamese


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ACTIVE = "active", _("Đang áp dụng")
    SUPERSEDED = "superseded", _("Đã thay thế")


class Provenance(models.TextChoices):
    CONFIRMED = "confirmed", _("Đã đối chiếu văn bản")
    WORKING = "working", _("Bản dựng tạm, chờ đối chiếu")


# Shown beside every working (non-confirmed) text wherever users read it: the form, the incident page, the
# list filter, the exports, the dashboard and the report. Such a text is not the Standing Committee's wording.
UNVERIFIED_FLAG = _("chưa đối chiếu văn bản gốc")


def with_unverified_flag(text: str, provenance: str) -> str:
    """The plain-text form (exports, select options): a working text followed by the flag in brackets."""
    return f"{text} ({UNVERIFIED_FLAG})" if provenance == Provenance.WORKING else text


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
        verbose_name_plural = pgettext_lazy("số nhiều", "khung nhận diện")
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
        verbose_name_plural = pgettext_lazy("số nhiều", "nhóm biểu hiện")
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="unique_group_number")]

    def __str__(self) -> str:
        return f"{self.roman} — {self.name_vi}"

    @property
    def name(self) -> str:
        return in_active_language(self.name_vi, self.name_en)

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
        verbose_name_plural = pgettext_lazy("số nhiều", "biểu hiện vi phạm")
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text_vi[:80]}"

    @property
    def text(self) -> str:
        return in_active_language(self.text_vi, self.text_en)


class IndicatorMapping(models.Model):
    """An indicator of an older version and one of a newer version that takes it over (declared with the newer
    version). Incidents keep their tags; figures count an old tag under the indicators it maps to."""

    from_indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="mapped_to", verbose_name=_("biểu hiện cũ")
    )
    to_indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="mapped_from", verbose_name=_("biểu hiện mới")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ánh xạ biểu hiện")
        verbose_name_plural = pgettext_lazy("số nhiều", "ánh xạ biểu hiện")
        ordering = ["to_indicator__framework", "from_indicator__number", "to_indicator__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_indicator", "to_indicator"], name="unique_indicator_mapping"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_indicator_id} → {self.to_indicator_id}"
