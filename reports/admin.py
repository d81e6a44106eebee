"""Admin: subscriptions and the units' issuing bodies are edited here; reports, their outbox and the number
registers are shown read-only (they are made by the services and regenerated from the archive, never
edited: a report is a frozen record, and a register edited by hand would give a number twice)."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from reports.models import DocumentRegister, IssuingBody, OutboxMessage, Report, Subscription
from units.admin_base import SafeChangelistAdmin


@admin.register(Subscription)
class SubscriptionAdmin(SafeChangelistAdmin):
    list_display = ["email", "unit", "active", "note"]
    list_filter = ["active", "unit__level"]
    search_fields = ["email", "unit__name"]
    autocomplete_fields = ["unit"]


class OutboxInline(admin.TabularInline):
    model = OutboxMessage
    extra = 0
    can_delete = False
    fields = ("recipient", "status", "attempts", "last_error", "sent_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(SafeChangelistAdmin):
    list_display = ["unit", "period_kind", "period_start", "revision", "number", "status", "created_at"]
    list_filter = ["status", "period_kind", "unit__level"]
    search_fields = ["unit__name"]
    date_hierarchy = "period_start"
    inlines = [OutboxInline]
    exclude = ["snapshot", "claim_token", "claimed_until"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [f.name for f in Report._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # an issued report keeps its number in the register: it is superseded, never removed


@admin.register(OutboxMessage)
class OutboxMessageAdmin(SafeChangelistAdmin):
    list_display = ["recipient", "report", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipient"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(IssuingBody)
class IssuingBodyAdmin(SafeChangelistAdmin):
    """A unit without a row here issues under its People's Committee, every line derived (reports.issuers)."""

    list_display = ["unit", "kind", "abbreviation", "signer_name"]
    list_filter = ["kind", "unit__level"]
    search_fields = ["unit__name", "name"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        (None, {"fields": ["unit", "kind"]}),
        (_("Tiêu đề văn bản"), {"fields": ["superior", "show_superior", "name", "abbreviation", "place"]}),
        (_("Người ký"), {"fields": ["signer_authority", "signer_position", "signer_name"]}),
    ]


@admin.register(DocumentRegister)
class DocumentRegisterAdmin(SafeChangelistAdmin):
    list_display = ["unit", "issuer_kind", "year", "last_number"]
    list_filter = ["issuer_kind", "year"]
    search_fields = ["unit__name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
