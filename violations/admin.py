"""Admin for the framework and for incidents: a read-only window onto them.

Every write to these records goes through a service (violations.services): it checks access, validates
against the law on the day, records the history and keeps the monthly roll-ups, open-case and repeat
statistics exact. An admin that saved them itself was a second write path that did none of that (the
dashboards were wrong until rebuild_stats ran), so here they can be read, searched and traced, not changed:
corrections are made in the application (incident edit, workflow steps) and the framework is versioned by
`manage.py load_framework` or by the framework admin's import page, which loads a new version through the
same service, after a preview and a confirmation (violations.framework_import).
"""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.admin_base import SafeChangelistAdmin
from units.history_admin import ReadOnlyHistoryAdmin
from violations import rules
from violations.access import may_manage_framework
from violations.framework_import import ConfirmForm, FrameworkImportForm, read_upload, stash, take
from violations.models import (
    Attachment,
    Framework,
    Incident,
    IncidentParty,
    IncidentTransition,
    Indicator,
    IndicatorGroup,
    IndicatorMapping,
    Sanction,
)
from violations.selectors.framework_changes import framework_changes
from violations.services.framework import FrameworkDataError, framework_check, framework_load_data


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
    change_list_template = "admin/violations/framework/change_list.html"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {"may_import": may_manage_framework(request.user), **(extra_context or {})}
        return super().changelist_view(request, context)

    def get_urls(self) -> list[URLPattern]:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        urls = [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{name}_import"),
            path(
                "import/confirm/",
                self.admin_site.admin_view(self.import_confirm_view),
                name=f"{name}_import_confirm",
            ),
        ]
        return urls + super().get_urls()  # before "<object_id>/", which would swallow "import/"

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a JSON or XLSX file; a sound one is shown as a preview of its changes, nothing saved."""
        if not may_manage_framework(request.user):
            raise PermissionDenied
        form = FrameworkImportForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data, locator = read_upload(upload)
                framework_check(data, upload.name, locator)
            except FrameworkDataError as exc:
                errors = exc.problems
            else:
                token = stash(request.session, data, upload.name)
                return self._page(
                    request,
                    "admin/violations/framework_preview.html",
                    changes=framework_changes(data, timezone.localdate()),
                    data=data,
                    file_name=upload.name,
                    confirm_form=ConfirmForm(initial={"token": token}),
                )
        return self._page(request, "admin/violations/framework_import.html", form=form, errors=errors)

    def import_confirm_view(self, request: HttpRequest) -> HttpResponse:
        """Save the previewed file as a new version, checked again (the stored ones may have changed)."""
        if not may_manage_framework(request.user):
            raise PermissionDenied
        import_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        stashed = take(request.session, request.POST.get("token", "")) if request.method == "POST" else None
        if stashed is None:
            self.message_user(
                request, _("Bản xem trước không còn hiệu lực; hãy tải tệp lên lại."), messages.ERROR
            )
            return redirect(import_url)
        data, file_name = stashed
        try:
            result = framework_load_data(data, file_name)
        except FrameworkDataError as exc:
            form = FrameworkImportForm()
            return self._page(
                request, "admin/violations/framework_import.html", form=form, errors=exc.problems
            )
        self.message_user(request, result.summary(), messages.SUCCESS)
        return redirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[result.framework.pk])
        )

    def _page(self, request: HttpRequest, template: str, **context: Any) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Nạp phiên bản khung nhận diện"),
            **context,
        }
        return TemplateResponse(request, template, context)


@admin.register(Indicator)
class IndicatorAdmin(ViewOnly, ReadOnlyHistoryAdmin):
    list_display = ["code", "short_text", "group", "framework", "provenance"]
    list_filter = ["framework", "group__number", "provenance"]
    search_fields = ["code", "text_vi", "text_en"]
    list_select_related = ["framework", "group"]
    ordering = ["framework", "number"]

    @admin.display(description=_("nội dung"))
    def short_text(self, obj: Indicator) -> str:
        return obj.text[:100]  # the English text in the English admin


@admin.register(IndicatorMapping)
class IndicatorMappingAdmin(ViewOnly, ReadOnlyHistoryAdmin):
    """Which indicator of a newer version counts the incidents tagged with an older one (declared with the
    newer version's file)."""

    list_display = ["old", "new"]
    list_filter = ["to_indicator__framework", "from_indicator__framework"]
    search_fields = ["from_indicator__code", "to_indicator__code"]
    list_select_related = [
        "from_indicator__framework",
        "from_indicator__group",
        "to_indicator__framework",
        "to_indicator__group",
    ]

    @admin.display(description=_("biểu hiện cũ"), ordering="from_indicator__number")
    def old(self, obj: IndicatorMapping) -> str:
        return _placed(obj.from_indicator)

    @admin.display(description=_("biểu hiện mới"), ordering="to_indicator__number")
    def new(self, obj: IndicatorMapping) -> str:
        return _placed(obj.to_indicator)


def _placed(indicator: Indicator) -> str:
    return f"{indicator.framework} · {indicator.code} ({_('Nhóm')} {indicator.group.roman})"


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
