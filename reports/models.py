"""Periodic reports, frozen: the figures are copied into the report when it is made, the PDF is drawn from
that copy only, and every email about it goes through an outbox row so that no retry sends it twice."""

import datetime as dt

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reports.periods import Period
from units.models import Unit
from units.text import fold

# Like evidence, PDFs live under the private MEDIA_ROOT and are only downloaded through the access module.
# The location is left unset so that it follows the setting (tests and the bench point it elsewhere).
report_storage = FileSystemStorage(base_url=None)


class PeriodKind(models.TextChoices):
    """reports.periods.KINDS without "custom": a report covers a whole period of one of these kinds."""

    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    SIX_MONTHS = "six_months", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Năm")


class IssuerKind(models.TextChoices):
    """Who issues a unit's report: its People's Committee (a State body, Decree 30/2020/NĐ-CP's format) or its
    Party committee (the Party's own format)."""

    STATE = "state", _("Cơ quan nhà nước (Ủy ban nhân dân)")
    PARTY = "party", _("Cơ quan Đảng (cấp ủy)")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    GENERATING = "generating", _("Đang lập")
    READY = "ready", _("Đã lập")
    FAILED = "failed", _("Lỗi")


class Report(models.Model):
    """One revision of a unit's report for a period; the highest revision is the current one."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports")
    period_kind = models.CharField(_("loại kỳ"), max_length=12, choices=PeriodKind.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    revision = models.PositiveSmallIntegerField(_("lần lập"), default=1)
    reason = models.TextField(_("lý do lập lại"), blank=True)
    # The document's number in its issuing body's register for the year (reports.register), given once, in the
    # transaction that makes the report ready; empty before (and on reports issued before registers existed).
    issuer_kind = models.CharField(
        _("loại cơ quan ban hành"), max_length=8, choices=IssuerKind.choices, blank=True
    )
    number_year = models.PositiveSmallIntegerField(_("năm của sổ đăng ký"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    snapshot = models.JSONField(_("số liệu"), default=dict, blank=True)
    snapshot_sha256 = models.CharField(_("mã kiểm tra số liệu"), max_length=64, blank=True)
    pdf = models.FileField(storage=report_storage, upload_to="reports/", blank=True)
    sha256 = models.CharField(_("SHA-256 của tệp PDF"), max_length=64, blank=True)
    # The issued file's digital signature (reports.signing), empty when it was issued unsigned. The public
    # verification page finds a report by `sha256` (the signed file's) and checks its signature against these.
    signer = models.CharField(_("người ký số"), max_length=300, blank=True)
    signed_at = models.DateTimeField(_("ký số lúc"), null=True, blank=True)
    signing_certificate_sha256 = models.CharField(_("SHA-256 của chứng thư ký số"), max_length=64, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A worker holds the report while it generates it; a worker that died leaves a lease that expires.
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = pgettext_lazy("số nhiều", "báo cáo định kỳ")
        ordering = ["-period_start", "unit__sort_key", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_kind", "period_start", "revision"], name="unique_report_revision"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="report_period"
            ),
            # Never two reports under one number of one register (a number is never reused).
            models.UniqueConstraint(
                fields=["unit", "issuer_kind", "number_year", "number"],
                condition=Q(number__isnull=False),
                name="unique_report_number",
            ),
        ]
        indexes = [
            models.Index(fields=["period_kind", "period_start", "status"]),
            models.Index(fields=["sha256"], name="report_sha256"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period.label()} · r{self.revision}"

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.period_start, self.period_end)

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY and bool(self.pdf)

    def reference(self) -> str:
        """'Số: 7/BC-UBND' (a State body) or 'Số 7-BC/ĐU' (a Party body) as printed on the PDF; '' before
        the report is numbered."""
        if self.number is None:
            return ""
        issuer = (self.snapshot or {}).get("issuer", {})
        return document_reference(self.issuer_kind, issuer.get("abbreviation", ""), self.number)

    def pdf_filename(self) -> str:
        """e.g. bao-cao-phuong-cau-giay-2026-10.pdf, bao-cao-thanh-pho-ha-noi-2026-q3-r2.pdf,
        bao-cao-xa-phuc-thinh-2025-6-thang.pdf"""
        return f"{self._file_stem()}.pdf"

    def xlsx_filename(self) -> str:
        """The PDF's name with .xlsx: the two files of a revision sort together."""
        return f"{self._file_stem()}.xlsx"

    def _file_stem(self) -> str:
        quarter = (self.period_start.month - 1) // 3 + 1
        period = {
            "month": f"{self.period_start:%Y-%m}",
            "quarter": f"{self.period_start.year}-q{quarter}",
            "six_months": f"{self.period_start.year}-6-thang",
            "nine_months": f"{self.period_start.year}-9-thang",
        }.get(self.period_kind, f"{self.period_start.year}")
        revision = f"-r{self.revision}" if self.revision > 1 else ""
        return f"bao-cao-{slugify(fold(self.unit.name))}-{period}{revision}"


class Subscription(models.Model):
    """Someone besides the unit's leaders who receives its periodic reports."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="report_subscriptions"
    )
    email = models.EmailField(_("thư điện tử"))
    active = models.BooleanField(_("đang nhận"), default=True)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("người nhận báo cáo")
        verbose_name_plural = pgettext_lazy("số nhiều", "người nhận báo cáo")
        constraints = [models.UniqueConstraint(fields=["unit", "email"], name="unique_report_subscription")]

    def __str__(self) -> str:
        return f"{self.email} · {self.unit}"

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi, sẽ thử lại")


class OutboxMessage(models.Model):
    """One email of one report to one recipient. The row, not the task queue, says whether it was sent."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    recipient = models.EmailField(_("người nhận"))
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    # Set when the row is (re)queued; part of the Message-ID, so that a rare duplicate (see
    # reports.outbox.message_send) carries the same id as the original and mail clients fold them together.
    queued_at = models.DateTimeField(_("xếp hàng lúc"))
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thư báo cáo")
        verbose_name_plural = pgettext_lazy("số nhiều", "thư báo cáo")
        ordering = ["report", "recipient"]
        constraints = [
            models.UniqueConstraint(fields=["report", "recipient"], name="unique_report_recipient")
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.report_id} · {self.status}"


def period_of(kind: str, start: dt.date) -> Period:
    """The whole month, quarter, 6 or 9 months or year starting on `start` (else a caller's bug)."""
    if kind not in PeriodKind.values:
        raise ValueError(f"unknown period kind {kind!r}")
    period = Period.containing(kind, start)
    if period.start != start:
        raise ValueError(f"{start} does not start a {kind}")
    return period


def document_reference(kind: str, abbreviation: str, number: int | None) -> str:
    """The số and ký hiệu of a report: Decree 30/2020/NĐ-CP writes 'Số: 7/BC-UBND', the Party's rules write
    'Số 7-BC/ĐU'. Without a number the place for it is left blank, as on a draft."""
    n = "" if number is None else str(number)
    if kind == IssuerKind.PARTY:
        return f"Số {n or '    '}-BC/{abbreviation}"
    return f"Số: {n or '    '}/BC-{abbreviation}"


class IssuingBody(models.Model):
    """How a unit's reports are headed and signed. A unit without one gets a heading derived from it
    (reports.issuers: its People's Committee, under its parent's); a field left blank here is derived too."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="issuing_body"
    )
    kind = models.CharField(
        _("loại cơ quan ban hành"), max_length=8, choices=IssuerKind.choices, default=IssuerKind.STATE
    )
    name = models.TextField(
        _("tên cơ quan ban hành"),
        blank=True,
        help_text=_(
            "Chữ in hoa, mỗi dòng một dòng in, ví dụ “ỦY BAN NHÂN DÂN” / “XÃ PHÚC THỊNH”. "
            "Để trống: theo tên đơn vị."
        ),
    )
    superior = models.TextField(
        _("tên cơ quan cấp trên trực tiếp"),
        blank=True,
        help_text=_("In phía trên tên cơ quan ban hành. Để trống: theo đơn vị cấp trên."),
    )
    show_superior = models.BooleanField(_("in tên cơ quan cấp trên"), default=True)
    abbreviation = models.CharField(
        _("chữ viết tắt tên cơ quan"),
        max_length=20,
        blank=True,
        help_text=_(
            "Trong số, ký hiệu: UBND → “Số: 1/BC-UBND”; ĐU → “Số 1-BC/ĐU”. Để trống: theo loại cơ quan."
        ),
    )
    place = models.CharField(
        _("địa danh"),
        max_length=100,
        blank=True,
        help_text=_("Trước ngày tháng: “Phúc Thịnh, ngày … tháng … năm …”. Để trống: theo tên đơn vị."),
    )
    signer_authority = models.TextField(
        _("thẩm quyền ký"),
        blank=True,
        help_text=_(
            "Mỗi dòng một dòng in, ví dụ “TM. ỦY BAN NHÂN DÂN”, “KT. CHỦ TỊCH”, “T/M ĐẢNG ỦY”. "
            "Để trống: theo loại cơ quan."
        ),
    )
    signer_position = models.CharField(
        _("chức vụ người ký"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ CHỦ TỊCH, PHÓ CHỦ TỊCH, BÍ THƯ. Để trống: theo loại cơ quan."),
    )
    signer_name = models.CharField(
        _("họ và tên người ký"),
        max_length=200,
        blank=True,
        help_text=_("Để trống: người đứng đầu đơn vị (bí thư, với cơ quan Đảng) vào ngày lập báo cáo."),
    )

    class Meta:
        verbose_name = _("cơ quan ban hành báo cáo")
        verbose_name_plural = pgettext_lazy("số nhiều", "cơ quan ban hành báo cáo")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()}"


class DocumentRegister(models.Model):
    """The register of report numbers of one issuing body (a unit's People's Committee or Party committee)
    for one calendar year: the last number given. reports.register locks the row while it gives the next."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    issuer_kind = models.CharField(_("loại cơ quan ban hành"), max_length=8, choices=IssuerKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số báo cáo")
        verbose_name_plural = pgettext_lazy("số nhiều", "sổ đăng ký số báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["unit", "issuer_kind", "year"], name="unique_document_register")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_issuer_kind_display()} · {self.year}: {self.last_number}"


class ReportNarrative(models.Model):
    """What a unit writes into its report for a period besides the figures: copied into the snapshot when a
    revision is built, so each revision keeps the text it was issued with."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    period_kind = models.CharField(_("loại kỳ"), max_length=12, choices=PeriodKind.choices)
    period_start = models.DateField(_("từ ngày"))
    assessment = models.TextField(_("đánh giá chung"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    tasks = models.TextField(_("nhiệm vụ, giải pháp"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("phần đánh giá của báo cáo")
        verbose_name_plural = pgettext_lazy("số nhiều", "phần đánh giá của báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_kind", "period_start"], name="unique_report_narrative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period_kind} {self.period_start:%m/%Y}"
