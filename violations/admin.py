"""Admin for the framework and for incidents.

The admin corrects records; it does not open cases. Incidents, sanctions and evidence are created through the
services (framework in force, first workflow step, the sanction catalogue on the decision date, file checks),
so adding them here is switched off and the workflow's own fields are read-only.
"""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
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


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# --- Framework ---------------------------------------------------------------------------------------------


class IndicatorGroupInline(admin.TabularInline):
    model = IndicatorGroup
    extra = 0
    fields = ["number", "name_vi", "name_en", "provenance"]


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "version", "title", "status", "issued_on", "effective_from"]
    list_filter = ["status", "code"]
    search_fields = ["code", "title"]
    inlines = [IndicatorGroupInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Framework | None = None) -> list[str]:
        # Incidents are tagged with a code+version; renaming it would silently move them.
        return ["code", "version"] if obj else []


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "short_text", "group", "framework", "provenance"]
    list_filter = ["framework", "group__number", "provenance"]
    search_fields = ["code", "text_vi", "text_en"]
    list_select_related = ["framework", "group"]
    ordering = ["framework", "number"]

    def get_readonly_fields(self, request: HttpRequest, obj: Indicator | None = None) -> list[str]:
        return ["framework", "code"] if obj else []

    @admin.display(description=_("nội dung"))
    def short_text(self, obj: Indicator) -> str:
        return obj.text_vi[:100]


# --- Incidents ---------------------------------------------------------------------------------------------


class IncidentPartyInline(admin.TabularInline):
    model = IncidentParty
    extra = 0
    fields = ["role", "official", "collective_name"]
    raw_id_fields = ["official"]


class IncidentTransitionInline(ReadOnlyInline):
    model = IncidentTransition
    fields = readonly_fields = ("happened_at", "from_status", "to_status", "actor", "note")
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


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        # Two versions share codes: the version tells them apart in the selector.
        return f"{obj.framework} · {obj}"


class IncidentAdminForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = [
            "framework", "unit", "title", "description", "occurred_on", "detected_on", "severity", "source",
            "is_substantiated", "handling_started_on", "handling_extended_to", "handling_extension_reason",
            "indicators",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        framework, indicators = cleaned.get("framework"), cleaned.get("indicators")
        if framework and indicators and any(i.framework_id != framework.pk for i in indicators):
            raise ValidationError({"indicators": _("Chỉ chọn biểu hiện thuộc khung nhận diện của vụ việc.")})
        return cleaned


@admin.register(Incident)
class IncidentAdmin(ReadOnlyHistoryAdmin):
    form = IncidentAdminForm
    list_display = ["id", "title", "unit", "occurred_on", "severity", "status"]
    list_filter = ["status", "severity", "source"]
    search_fields = ["title", "unit__name"]
    date_hierarchy = "occurred_on"
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["indicators"]
    readonly_fields = [
        "status", "version", "limitation_deadline", "handling_deadline",
        "created_by", "created_at", "updated_at",
    ]  # fmt: skip
    inlines = [IncidentPartyInline, IncidentTransitionInline, AttachmentInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "indicators":
            kwargs["form_class"] = IndicatorChoiceField
            kwargs["queryset"] = Indicator.objects.select_related("framework").order_by("framework", "number")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Incident, form: forms.ModelForm, change: bool) -> None:
        # Same bookkeeping as the services: stale forms elsewhere must notice, and dates drive deadlines.
        obj.version += 1
        obj.limitation_deadline = rules.limitation_deadline(obj.occurred_on, obj.severity)
        obj.handling_deadline = rules.handling_deadline(obj.handling_started_on, obj.handling_extended_to)
        super().save_model(request, obj, form, change)


@admin.register(IncidentParty)
class IncidentPartyAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "incident", "role"]
    list_filter = ["role"]
    search_fields = ["official__full_name", "official__staff_code", "collective_name", "incident__title"]
    raw_id_fields = ["incident", "official"]
    list_select_related = ["incident", "official"]


class SanctionAdminForm(forms.ModelForm):
    form = forms.ChoiceField(label=_("hình thức"), choices=rules.sanction_form_choices)

    class Meta:
        model = Sanction
        fields = ["party", "track", "form", "decision_number", "decided_on", "deciding_body"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        party, track, code, day = (cleaned.get(k) for k in ("party", "track", "form", "decided_on"))
        if party and track and code and day and code not in allowed_forms(party, track, day):
            raise ValidationError(
                {"form": _("Hình thức kỷ luật này không áp dụng cho đối tượng vào ngày quyết định.")}
            )
        return cleaned


def allowed_forms(party: IncidentParty, track: str, day: dt.date) -> set[str]:
    """Forms open to the party's category on that day, with or without a post (the admin cannot tell)."""
    category = party.official.category if party.official else rules.COLLECTIVE
    return {
        code for post in (True, False) for code, _label in rules.sanction_forms(track, category, post, day)
    }


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyHistoryAdmin):
    form = SanctionAdminForm
    list_display = ["decision_number", "form_label", "track", "party", "decided_on", "deciding_body"]
    list_filter = ["track", "form"]
    search_fields = ["decision_number", "deciding_body", "party__official__full_name"]
    date_hierarchy = "decided_on"
    raw_id_fields = ["party"]
    readonly_fields = ["created_by"]
    list_select_related = ["party__official"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("hình thức"), ordering="form")
    def form_label(self, obj: Sanction) -> str:
        return rules.sanction_label(obj.form)


@admin.register(Attachment)
class AttachmentAdmin(SafeChangelistAdmin):
    list_display = ["original_name", "incident", "content_type", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "sha256", "incident__title"]
    fields = readonly_fields = (
        "incident", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at",
    )  # fmt: skip
    list_select_related = ["incident", "uploaded_by"]

    # Evidence is immutable: uploads go through the checked service and nothing is edited or deleted here.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Attachment | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Attachment | None = None) -> bool:
        return False
