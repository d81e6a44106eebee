"""Incidents: what happened, where, to whom, tagged against the framework, and how it was handled."""

import datetime as dt

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from officials.models import Official
from units.models import Unit
from units.text import fold
from violations.models.framework import Framework, Indicator


class Severity(models.TextChoices):
    # The same four levels in Decree 112/2020 and Decree 172/2025.
    MINOR = "minor", _("Ít nghiêm trọng")
    SERIOUS = "serious", _("Nghiêm trọng")
    VERY_SERIOUS = "very_serious", _("Rất nghiêm trọng")
    EXTREMELY_SERIOUS = "extremely_serious", _("Đặc biệt nghiêm trọng")


class Source(models.TextChoices):
    INSPECTION = "inspection", _("Kiểm tra, giám sát")
    PETITION = "petition", _("Đơn thư, phản ánh của công dân")
    PRESS = "press", _("Báo chí")
    SELF_REVIEW = "self_review", _("Tự kiểm điểm")
    AUDIT = "audit", _("Thanh tra, kiểm toán")
    OTHER = "other", _("Khác")


class Status(models.TextChoices):
    REPORTED = "reported", _("Mới ghi nhận")
    VERIFYING = "verifying", _("Đang xác minh")
    SUBSTANTIATED = "substantiated", _("Kết luận: có vi phạm")
    UNSUBSTANTIATED = "unsubstantiated", _("Kết luận: không vi phạm")
    SANCTIONED = "sanctioned", _("Đã quyết định kỷ luật")
    CLOSED = "closed", _("Đã đóng")
    TIME_BARRED = "time_barred", _("Đóng do hết thời hiệu")


OPEN_STATUSES = (Status.REPORTED, Status.VERIFYING, Status.SUBSTANTIATED)


class WarrantedForm(models.TextChoices):
    """The form the act warrants, as the inspector assesses it: the law keys the limitation period on it."""

    KHIEN_TRACH = "khien_trach", _("Khiển trách")
    CANH_CAO = "canh_cao", _("Cảnh cáo")
    HA_BAC_LUONG = "ha_bac_luong", _("Hạ bậc lương")
    GIANG_CHUC = "giang_chuc", _("Giáng chức")
    CACH_CHUC = "cach_chuc", _("Cách chức")
    BUOC_THOI_VIEC = "buoc_thoi_viec", _("Buộc thôi việc")
    BAI_NHIEM = "bai_nhiem", _("Bãi nhiệm")
    KHAI_TRU = "khai_tru", _("Khai trừ (kỷ luật Đảng)")


class NoLimitationGround(models.TextChoices):
    """Kinds of act for which the law sets no limitation period (violations.rules.limitation)."""

    INTERNAL_POLITICAL = "internal_political", _("Vi phạm quy định về bảo vệ chính trị nội bộ")
    NATIONAL_INTEREST = (
        "national_interest",
        _("Xâm hại lợi ích quốc gia trong lĩnh vực quốc phòng, an ninh, đối ngoại"),
    )
    FAKE_DIPLOMA = "fake_diploma", _("Sử dụng văn bằng, chứng chỉ, giấy chứng nhận giả hoặc không hợp pháp")


def choice_rank(field: str, choices: type[models.TextChoices]) -> Case:
    """A choice's position (workflow or gravity), for sorting by it rather than by its stored English key.
    The list sorts by this exact expression, which two indexes of Incident carry: keep them one function."""
    whens = [When(**{field: value}, then=Value(i)) for i, value in enumerate(choices.values)]
    return Case(*whens, default=Value(len(whens)), output_field=models.IntegerField())


class Incident(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("khung nhận diện"), on_delete=models.PROTECT, related_name="incidents"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="incidents"
    )
    title = models.CharField(_("tóm tắt"), max_length=200)
    description = models.TextField(_("mô tả chi tiết"))
    occurred_on = models.DateField(_("ngày xảy ra"), db_index=True)
    detected_on = models.DateField(_("ngày phát hiện"))
    severity = models.CharField(_("mức độ"), max_length=20, choices=Severity.choices)
    warranted_form = models.CharField(
        _("hình thức kỷ luật tương xứng"),
        max_length=32,
        choices=WarrantedForm.choices,
        help_text=_("Mức kỷ luật mà hành vi vi phạm tương xứng (dự kiến); thời hiệu được tính theo mức này."),
    )
    no_limitation_ground = models.CharField(
        _("trường hợp không áp dụng thời hiệu"),
        max_length=32,
        choices=NoLimitationGround.choices,
        blank=True,
        default="",
    )
    source = models.CharField(_("nguồn phát hiện"), max_length=20, choices=Source.choices)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.REPORTED)
    is_substantiated = models.BooleanField(_("có vi phạm"), null=True, blank=True)
    handling_started_on = models.DateField(_("ngày quyết định xử lý"), null=True, blank=True)
    handling_extended_to = models.DateField(_("gia hạn xử lý đến"), null=True, blank=True)
    handling_extension_reason = models.TextField(_("lý do gia hạn"), blank=True)
    # Derived from violations.rules by the services and stored, so lists and dashboards can filter on them.
    # The case's limitation: the latest end among the tracks that apply to its parties (None: no limitation).
    limitation_deadline = models.DateField(_("hết thời hiệu"), null=True, blank=True, editable=False)
    # The day the limitation counts from: the act, or a later violation of the same person that restarted it.
    limitation_from = models.DateField(_("thời hiệu tính từ"), null=True, blank=True, editable=False)
    handling_deadline = models.DateField(_("hạn xử lý"), null=True, blank=True, editable=False)
    # The nearest of the two: overdue once it has passed, "due soon" while it is within 30 days.
    next_deadline = models.DateField(_("hạn gần nhất"), null=True, blank=True, editable=False)
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("biểu hiện vi phạm"), related_name="incidents"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,  # the account may be deleted later; the incident stays valid and editable
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)
    # Title and description without diacritics, so that "mot cua" finds "một cửa" on any database.
    search_folded = models.TextField(editable=False, default="")
    # What the list's search box matches: search_folded, the unit's folded name and the folded names of the
    # officials answerable, in one column so that one trigram index serves every word (PostgreSQL). It
    # depends on other rows, so violations.services.search keeps it exact after every write (signals).
    search_document = models.TextField(editable=False, default="")
    # Optimistic lock: every save through the services bumps it; a stale form is refused.
    version = models.PositiveIntegerField(default=1)
    # The search document is rebuilt from other rows by UPDATE: a copy in history would be stale noise.
    history = HistoricalRecords(m2m_fields=[indicators], excluded_fields=["search_document"])

    class Meta:
        verbose_name = _("vụ việc")
        verbose_name_plural = pgettext_lazy("số nhiều", "vụ việc")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            # Covering: live counts over a unit and period (custom periods, repeats) use the index only.
            models.Index(
                fields=["unit", "occurred_on"],
                include=["id", "is_substantiated", "severity", "source", "status"],
                name="incident_unit_period",
            ),
            # Covering, for the list's usual filters (status, dates, severity, source) counted across a scope.
            models.Index(
                fields=["status", "occurred_on"],
                include=["id", "unit", "severity", "source"],
                name="incident_status_period",
            ),
            # Open cases are a small slice; dashboards count them by unit and deadline from this index alone.
            models.Index(
                fields=["unit", "next_deadline"],
                condition=Q(status__in=list(OPEN_STATUSES)),
                name="incident_open_next_deadline",
            ),
            # The list sorted by status or gravity pages through these (violations.paging), as it pages by
            # date through occurred_on's: without them every page sorted the million rows (~1 s).
            models.Index(choice_rank("status", Status), F("id"), name="incident_status_rank"),
            models.Index(choice_rank("severity", Severity), F("id"), name="incident_severity_rank"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(detected_on__gte=models.F("occurred_on")), name="incident_detected_after_occurred"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self) -> None:
        self.fill_search_text()
        self.fill_next_deadline()

    def fill_next_deadline(self) -> None:
        deadlines = [d for d in (self.handling_deadline, self.limitation_deadline) if d is not None]
        self.next_deadline = min(deadlines) if deadlines else None

    def fill_search_text(self) -> None:
        """Bulk inserts bypass save(), so loaders call this themselves."""
        self.search_folded = fold(f"{self.title} {self.description}")


class PartyRole(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân vi phạm")
    HEAD_RESPONSIBLE = "head", _("Người đứng đầu chịu trách nhiệm")
    COLLECTIVE = "collective", _("Tập thể")


class IncidentParty(models.Model):
    """Someone answerable for an incident: an official in a role, or the collective of the unit itself."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="parties")
    official = models.ForeignKey(
        Official,
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incident_parties",
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=PartyRole.choices)
    collective_name = models.CharField(_("tên tập thể"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đối tượng liên quan")
        verbose_name_plural = pgettext_lazy("số nhiều", "đối tượng liên quan")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="collective", official__isnull=True)
                    | (~Q(role="collective") & Q(official__isnull=False))
                ),
                name="party_official_unless_collective",
            ),
            models.UniqueConstraint(
                fields=["incident", "official"],
                condition=Q(official__isnull=False),
                name="unique_official_per_incident",
            ),
        ]

    def __str__(self) -> str:
        who = self.official.full_name if self.official else self.collective_name
        return f"{who} ({self.get_role_display()})"


class IncidentTransition(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    happened_at = models.DateTimeField(auto_now_add=True)
    # The day the step took effect, as the handler gave it (a step may be recorded days later). Empty for
    # steps recorded before it existed and for generated demo data, whose happened_at is that day.
    happened_on = models.DateField(_("ngày thực hiện"), null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = pgettext_lazy("số nhiều", "bước xử lý")
        ordering = ["happened_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"

    @property
    def effective_on(self) -> dt.date:
        return self.happened_on or timezone.localdate(self.happened_at)


class SanctionTrack(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Kỷ luật hành chính")
    PARTY = "party", _("Kỷ luật Đảng")


class Sanction(models.Model):
    party = models.ForeignKey(
        IncidentParty, verbose_name=_("đối tượng"), on_delete=models.PROTECT, related_name="sanctions"
    )
    track = models.CharField(_("loại kỷ luật"), max_length=16, choices=SanctionTrack.choices)
    form = models.CharField(_("hình thức"), max_length=32)
    decision_number = models.CharField(_("số quyết định"), max_length=64)
    decided_on = models.DateField(_("ngày quyết định"))
    deciding_body = models.CharField(_("cơ quan quyết định"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyết định kỷ luật")
        verbose_name_plural = pgettext_lazy("số nhiều", "quyết định kỷ luật")
        ordering = ["-decided_on"]
        indexes = [models.Index(fields=["decided_on"], name="sanction_decided_on")]
        constraints = [models.UniqueConstraint(fields=["party", "track"], name="one_sanction_per_track")]

    def __str__(self) -> str:
        return f"{self.decision_number} — {self.form}"


class HandlingSuspension(models.Model):
    """A period of criminal proceedings (investigation, prosecution, trial) that does not count towards the
    handling time; open while it has no end."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="suspensions")
    starts_on = models.DateField(_("tạm dừng từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.TextField(_("lý do"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thời gian không tính vào thời hạn xử lý")
        verbose_name_plural = pgettext_lazy("số nhiều", "thời gian không tính vào thời hạn xử lý")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="suspension_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} – {self.ends_on or '…'}"


class DeadlineChange(models.Model):
    """A stored deadline that a recomputation moved (a corrected rule), kept for inspectors to review."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="deadline_changes")
    field = models.CharField(max_length=32)
    old_value = models.DateField(null=True)
    new_value = models.DateField(null=True)
    reason = models.CharField(max_length=200)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi hạn do tính lại")
        verbose_name_plural = pgettext_lazy("số nhiều", "thay đổi hạn do tính lại")
        ordering = ["incident_id", "field"]

    def __str__(self) -> str:
        return f"#{self.incident_id} {self.field}: {self.old_value} → {self.new_value}"


# MEDIA_ROOT is the private store (settings: no MEDIA_URL is ever served); left unset here so that the
# storage follows the setting, including in tests that point it at a temporary folder.
private_storage = FileSystemStorage(base_url=None)


class Attachment(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu chứng cứ")
        verbose_name_plural = pgettext_lazy("số nhiều", "tài liệu chứng cứ")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
