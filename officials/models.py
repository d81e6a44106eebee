"""Officials and their dated posts in units."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from units.models import Unit
from units.text import fold, sort_key


class Category(models.TextChoices):
    # "Cán bộ" alone also means any official (the app, the columns): this is the legal category.
    CAN_BO = "can_bo", pgettext_lazy("phân loại", "Cán bộ")
    CONG_CHUC = "cong_chuc", _("Công chức")
    VIEN_CHUC = "vien_chuc", _("Viên chức")
    HOP_DONG = "hop_dong", _("Hợp đồng lao động")


class MaskedNationalIdHistory(models.Model):
    """The change history keeps only the masked national ID, so that a change to it is still recorded."""

    national_id_masked = models.CharField(_("số định danh (đã che)"), max_length=16, blank=True, default="")

    class Meta:
        abstract = True


class Official(models.Model):
    full_name = models.CharField(_("họ và tên"), max_length=120)
    staff_code = models.CharField(_("mã cán bộ"), max_length=32, unique=True)
    # Sensitive: never shown in lists, exports, logs or change history (see __repr__ and the admin).
    national_id = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    category = models.CharField(_("phân loại"), max_length=16, choices=Category.choices)
    is_party_member = models.BooleanField(_("đảng viên"), default=False)
    # A probationary member (đảng viên dự bị) may get fewer Party forms: both dates make the status datable.
    party_admitted_on = models.DateField(_("ngày vào Đảng"), null=True, blank=True)
    party_full_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official",
    )
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    history = HistoricalRecords(excluded_fields=["national_id"], bases=[MaskedNationalIdHistory])

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = pgettext_lazy("số nhiều", "cán bộ")
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.staff_code})"

    def __repr__(self) -> str:
        return f"<Official {self.pk} {self.staff_code}>"

    def save(self, *args, **kwargs) -> None:
        self.fill_search_keys()
        super().save(*args, **kwargs)

    def fill_search_keys(self) -> None:
        """Bulk inserts bypass save(), so importers call this themselves."""
        self.name_folded = fold(self.full_name)
        self.sort_key = sort_key(_surname_last(self.full_name))

    def party_status_on(self, day: dt.date) -> str:
        """The Party status on `day`: "full", "probationary" or "none". No admission date means full."""
        if not self.is_party_member or (self.party_admitted_on and day < self.party_admitted_on):
            return "none"
        if self.party_admitted_on and (self.party_full_on is None or day < self.party_full_on):
            return "probationary"
        return "full"

    @property
    def masked_national_id(self) -> str:
        return f"••••••••{self.national_id[-4:]}" if self.national_id else ""


def _mask_national_id_in_history(
    sender: type, instance: Official, history_instance: Any, **kwargs: Any
) -> None:
    history_instance.national_id_masked = instance.masked_national_id


pre_create_historical_record.connect(
    _mask_national_id_in_history, sender=Official.history.model, dispatch_uid="mask_national_id_in_history"
)


def _surname_last(full_name: str) -> str:
    """Vietnamese lists sort by given name, then by the rest: 'Nguyễn Văn An' sorts as 'An Nguyễn Văn'."""
    parts = full_name.split()
    return " ".join(parts[-1:] + parts[:-1])


class Assignment(models.Model):
    official = models.ForeignKey(
        Official, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assignments"
    )
    post_title = models.CharField(_("chức vụ"), max_length=120)
    is_head = models.BooleanField(_("người đứng đầu"), default=False)
    is_deputy = models.BooleanField(_("cấp phó"), default=False)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quá trình công tác")
        verbose_name_plural = pgettext_lazy("số nhiều", "quá trình công tác")
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["unit", "is_head", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_end_after_start",
            ),
            models.CheckConstraint(
                condition=~(Q(is_head=True) & Q(is_deputy=True)), name="assignment_head_or_deputy"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official.full_name} — {self.post_title}, {self.unit}"


class HeadcountMonth(models.Model):
    """A month's last day whose HeadcountStat rows are stored: a unit without a row there has nobody in post.
    Any other day (a custom period's end, or a month outside the stored range) is counted live."""

    month_end = models.DateField(unique=True)

    def __str__(self) -> str:
        return f"{self.month_end:%d/%m/%Y}"


class HeadcountStat(models.Model):
    """Officials in post on a month's last day: in the unit's own posts (`tree=False`) or anywhere in its
    subtree (`tree=True`, the sum of the own rows beneath it, as a dashboard's rate per 100 divides by).

    Derived data: officials.services keeps it exact on every write to posts and rebuilds it from scratch.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    tree = models.BooleanField()
    month_end = models.DateField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month_end", "tree", "unit"], name="unique_headcount_stat")
        ]

    def __str__(self) -> str:
        return f"{'subtree' if self.tree else 'own'} {self.unit_id} {self.month_end:%d/%m/%Y}: {self.count}"
