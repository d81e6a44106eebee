"""Units of Hanoi's political system: a tree that changed shape on 1/7/2025.

Each row is one unit *as it existed* between valid_from and valid_until (inclusive). A unit dissolved by the
2025 reorganisation keeps its rows, its parent and its incidents, and points to its successor(s).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from units.text import fold, sort_key


class UnitKind(models.TextChoices):
    CITY = "city", _("Thành phố trực thuộc Trung ương")
    URBAN_DISTRICT = "quan", _("Quận")
    RURAL_DISTRICT = "huyen", _("Huyện")
    TOWN = "thi_xa", _("Thị xã")
    WARD = "phuong", _("Phường")
    COMMUNE = "xa", _("Xã")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    AGENCY = "agency", _("Cơ quan, ban, ngành")
    DEPARTMENT = "department", _("Phòng, ban trực thuộc")


class UnitLevel(models.TextChoices):
    CITY = "city", _("Cấp thành phố")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    AGENCY = "agency", _("Cơ quan")


LEVEL_OF_KIND = {
    UnitKind.CITY: UnitLevel.CITY,
    UnitKind.URBAN_DISTRICT: UnitLevel.DISTRICT,
    UnitKind.RURAL_DISTRICT: UnitLevel.DISTRICT,
    UnitKind.TOWN: UnitLevel.DISTRICT,
    UnitKind.WARD: UnitLevel.COMMUNE,
    UnitKind.COMMUNE: UnitLevel.COMMUNE,
    UnitKind.TOWNSHIP: UnitLevel.COMMUNE,
    UnitKind.AGENCY: UnitLevel.AGENCY,
    UnitKind.DEPARTMENT: UnitLevel.AGENCY,
}

# The day the two-level local government took effect (Resolution 1656/NQ-UBTVQH15 for Hanoi).
REORGANISATION_DATE = dt.date(2025, 7, 1)


class UnitQuerySet(models.QuerySet["Unit"]):
    def valid_on(self, day: dt.date) -> "UnitQuerySet":
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def in_subtree(self, root: "Unit") -> "UnitQuerySet":
        return self.filter(path__startswith=root.path)

    def vietnamese_order(self) -> "UnitQuerySet":
        return self.order_by("sort_key", "pk")


class Unit(models.Model):
    key = models.CharField(
        _("khóa"), max_length=64, unique=True, help_text=_("Khóa ổn định, dùng để nhập lại không trùng lặp")
    )
    registry_code = models.CharField(_("mã đơn vị hành chính"), max_length=16, blank=True, db_index=True)
    name = models.CharField(_("tên đơn vị"), max_length=200)
    kind = models.CharField(_("loại"), max_length=16, choices=UnitKind.choices)
    level = models.CharField(
        _("cấp"), max_length=16, choices=UnitLevel.choices, editable=False, db_index=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    latitude = models.FloatField(_("vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ"), null=True, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    reports_enabled = models.BooleanField(_("nhận báo cáo định kỳ"), default=False)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    successors: "models.ManyToManyField[Unit, UnitSuccession]" = models.ManyToManyField(
        "self", through="UnitSuccession", symmetrical=False, related_name="predecessors", blank=True
    )
    history = HistoricalRecords()

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = pgettext_lazy("số nhiều", "đơn vị")
        ordering = ["sort_key"]
        indexes = [models.Index(fields=["level", "valid_from", "valid_until"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.level = LEVEL_OF_KIND[UnitKind(self.kind)]
        self.name_folded = fold(self.name)
        self.sort_key = sort_key(self.name)
        super().save(*args, **kwargs)
        path = self.compute_path()
        if path != self.path:
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else ""
        return f"{prefix}{self.pk:07d}/"

    @staticmethod
    def chain_of(path: str) -> list[int]:
        """The ids on a materialised path, root first, ending with the unit's own."""
        return [int(part) for part in path.strip("/").split("/")]

    @property
    def chain(self) -> list[int]:
        return Unit.chain_of(self.path)

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class UnitSuccession(models.Model):
    """A dissolved unit's territory (or part of it) passing to a successor on a date."""

    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="succession_out")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="succession_in")
    effective_on = models.DateField(_("ngày có hiệu lực"))
    is_primary = models.BooleanField(
        _("kế thừa chính"),
        default=True,
        help_text=_("Đơn vị mới nhận phần lớn địa bàn khi đơn vị cũ bị chia"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = pgettext_lazy("số nhiều", "kế thừa đơn vị")
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession")]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Role(models.TextChoices):
    INSPECTOR = "inspector", _("Cán bộ kiểm tra")
    LEADER = "leader", _("Lãnh đạo đơn vị")
    ADMIN = "admin", _("Quản trị thành phố")
    AUDITOR = "auditor", _("Giám sát, kiểm toán (chỉ xem)")


class RoleGrant(models.Model):
    """A role held by a user over a unit and its whole subtree. Read only through the access module."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="role_grants"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = pgettext_lazy("số nhiều", "phân quyền")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_grant")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
