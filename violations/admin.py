"""Admin for the framework and for incidents: a read-only window onto them.

Every write to these records goes through a service (violations.services): it checks access, validates
against the law on the day, records the history and keeps the monthly roll-ups, open-case and repeat
statistics exact. An admin that saved them itself was a second write path that did none of that (the
dashboards were wrong until rebuild_stats ran), so here they can be read, searched and traced, not changed:
corrections are made in the application (incident edit, workflow steps) and the framework is versioned by
`manage.py load_framework`.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from units.admin_base import SafeChangelistAdmin
from units.history_admin import ReadOnlyHistoryAdmin
from violations import rules
from violations.models import (
    Attachment,
    Framework,
    Incident,
    IncidentParty,
    IncidentTransition,
    Indicator,
    IndicatorGroup,
    Sanction,
)


class ViewOnly:
    """No add, change or delete in the admin: the services are the only writers of these models."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyInline(ViewOnly, admin.TabularInline):
    extra = 0
    can_delete = False


# --- Framework ---------------------------------------------------------------------------------------------


class IndicatorGroupInline(ReadOnlyInline):
    model = IndicatorGroup
    fields = readonly_fields = ("number", "name_vi", "name_en", "provenance")


@admin.register(Framework)
class FrameworkAdmin(ViewOnly, ReadOnlyHistoryAdmin):
    list_display = ["code", "version", "title", "status", "issued_on", "effective_from"]
    list_filter = ["status", "code"]
    search_fields = ["code", "title"]
    inlines = [IndicatorGroupInline]


@admin.register(Indicator)
class IndicatorAdmin(ViewOnly, ReadOnlyHistoryAdmin):
    list_display = ["code", "short_text", "group", "framework", "provenance"]
    list_filter = ["framework", "group__number", "provenance"]
    search_fields = ["code", "text_vi", "text_en"]
    list_select_related = ["framework", "group"]
    ordering = ["framework", "number"]

    @admin.display(description=_("nội dung"))
    def short_text(self, obj: Indicator) -> str:
        return obj.text_vi[:100]


# --- Incidents ---------------------------------------------------------------------------------------------


class IncidentPartyInline(ReadOnlyInline):
    model = IncidentParty
    fields = readonly_fields = ("role", "official", "collective_name")


class IncidentTransitionInline(ReadOnlyInline):
    model = IncidentTransition
    fields = readonly_fields = ("happened_on", "happened_at", "from_status", "to_status", "actor", "note")
    ordering = ["happened_at", "pk"]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    # The file is private evidence, served only through the access-checked view: no link to it here.
    fields = readonly_fields = (
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    )


@admin.register(Incident)
class IncidentAdmin(ViewOnly, ReadOnlyHistoryAdmin):
    list_display = ["id", "title", "unit", "occurred_on", "severity", "status"]
    list_filter = ["status", "severity", "source"]
    search_fields = ["title", "unit__name"]
    date_hierarchy = "occurred_on"
    list_select_related = ["unit"]
    inlines = [IncidentPartyInline, IncidentTransitionInline, AttachmentInline]
    exclude = ["search_folded", "indicators"]
    readonly_fields = ["indicators_by_version"]

    @admin.display(description=_("biểu hiện vi phạm"))
    def indicators_by_version(self, obj: Incident) -> str:
        # Two framework versions share codes: the version tells them apart.
        indicators = obj.indicators.select_related("framework").order_by("number")
        return "; ".join(f"{i.framework} · {i}" for i in indicators)


@admin.register(IncidentParty)
class IncidentPartyAdmin(ViewOnly, ReadOnlyHistoryAdmin):
    list_display = ["__str__", "incident", "role"]
    list_filter = ["role"]
    search_fields = ["official__full_name", "official__staff_code", "collective_name", "incident__title"]
    list_select_related = ["incident", "official"]


@admin.register(Sanction)
class SanctionAdmin(ViewOnly, ReadOnlyHistoryAdmin):
    list_display = ["decision_number", "form_label", "track", "party", "decided_on", "deciding_body"]
    list_filter = ["track", "form"]
    search_fields = ["decision_number", "deciding_body", "party__official__full_name"]
    date_hierarchy = "decided_on"
    list_select_related = ["party__official"]

    @admin.display(description=_("hình thức"), ordering="form")
    def form_label(self, obj: Sanction) -> str:
        return rules.sanction_label(obj.form)


@admin.register(Attachment)
class AttachmentAdmin(ViewOnly, SafeChangelistAdmin):
    list_display = ["original_name", "incident", "content_type", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "sha256", "incident__title"]
    fields = readonly_fields = (
        "incident", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at",
    )  # fmt: skip
    list_select_related = ["incident", "uploaded_by"]
