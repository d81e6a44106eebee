"""Admin: subscriptions are edited here; reports and their outbox are shown read-only (they are made by the
services and regenerated from the archive, never edited: a report is a frozen record)."""

from django.contrib import admin
from django.http import HttpRequest

from reports.models import OutboxMessage, Report, Subscription
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
    list_display = ["unit", "period_kind", "period_start", "revision", "status", "created_at"]
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


@admin.register(OutboxMessage)
class OutboxMessageAdmin(SafeChangelistAdmin):
    list_display = ["recipient", "report", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipient"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
