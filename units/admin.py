from django.contrib import admin

from units.history_admin import ReadOnlyHistoryAdmin
from units.models import RoleGrant, Unit, UnitSuccession


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "kind", "registry_code", "parent", "valid_from", "valid_until", "reports_enabled"]
    list_filter = ["level", "kind", "reports_enabled"]
    search_fields = ["name", "name_folded", "registry_code", "key"]
    autocomplete_fields = ["parent"]
    inlines = [SuccessionInline]


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyHistoryAdmin):
    list_display = ["user", "role", "unit", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]
