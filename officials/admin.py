from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from officials.forms import OfficialForm, OfficialImportForm
from officials.importing import RowError, import_officials
from officials.models import Assignment, Official
from officials.selectors import search_officials
from units.history_admin import ReadOnlyHistoryAdmin


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["unit", "post_title", "is_head", "is_deputy", "start_date", "end_date"]
    autocomplete_fields = ["unit"]


@admin.register(Official)
class OfficialAdmin(ReadOnlyHistoryAdmin):
    # national_id is deliberately absent from every list, filter and search below.
    form = OfficialForm
    list_display = ["full_name", "staff_code", "category", "is_party_member", "birth_year"]
    list_filter = ["category", "is_party_member"]
    search_fields = ["name_folded", "staff_code"]
    autocomplete_fields = ["user"]
    readonly_fields = ["masked_national_id"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "full_name",
                    "staff_code",
                    "category",
                    "is_party_member",
                    "party_admitted_on",
                    "party_full_on",
                    "birth_year",
                    "user",
                ]
            },
        ),
        (
            _("Số định danh cá nhân"),
            {"fields": ["masked_national_id", "new_national_id", "clear_national_id"]},
        ),
    ]
    inlines = [AssignmentInline]

    @admin.display(description=_("Số định danh đã lưu"))
    def masked_national_id(self, obj: Official) -> str:
        return obj.masked_national_id or "—"

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Official], search_term: str
    ) -> tuple[QuerySet[Official], bool]:
        # The stored name is diacritic-folded, so "Nguyễn" must be folded too before it can match.
        return search_officials(queryset, search_term), False

    def get_urls(self) -> list[URLPattern]:
        import_url = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_import",
        )
        return [import_url, *super().get_urls()]  # before "<object_id>/", which would swallow "import/"

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = OfficialImportForm(request.POST or None, request.FILES or None)
        errors: list[RowError] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            result = import_officials(upload, filename=upload.name)
            if result.ok:
                self.message_user(request, result.summary(), messages.SUCCESS)
                return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
            errors = result.errors
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Nhập danh sách cán bộ"),
            "form": form,
            "errors": errors,
        }
        return TemplateResponse(request, "admin/officials/official_import.html", context)
