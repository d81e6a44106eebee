from django.urls import path

from violations.audit import views as audit
from violations.views import (
    exports,
    incident_detail,
    incident_edit,
    incident_list,
    incident_print,
    lookups,
    people,
    rules_page,
    workflow,
)

app_name = "violations"

urlpatterns = [
    path("incidents/", incident_list.incident_list, name="incident_list"),
    path("incidents/export.csv", exports.export_csv, name="incident_export_csv"),
    path("incidents/export.xlsx", exports.export_xlsx, name="incident_export_xlsx"),
    path("incidents/print/", incident_print.incident_print, name="incident_print"),
    path("incidents/new/", incident_edit.incident_create_view, name="incident_create"),
    path("incidents/<int:pk>/", incident_detail.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/edit/", incident_edit.incident_edit_view, name="incident_edit"),
    path("incidents/<int:pk>/transition/", workflow.transition_view, name="incident_transition"),
    path("incidents/<int:pk>/sanctions/new/", workflow.sanction_view, name="incident_sanction"),
    path("incidents/<int:pk>/extend/", workflow.extend_view, name="incident_extend"),
    path("incidents/<int:pk>/suspend/", workflow.suspend_view, name="incident_suspend"),
    path("incidents/<int:pk>/resume/", workflow.resume_view, name="incident_resume"),
    path("incidents/<int:pk>/attachments/new/", workflow.attachment_upload_view, name="attachment_upload"),
    path("attachments/<int:pk>/", incident_detail.attachment_download, name="attachment_download"),
    path("officials/<int:pk>/", people.official_detail, name="official_detail"),
    path("units/<int:pk>/", people.unit_detail, name="unit_detail"),
    path("lookup/units/", lookups.unit_lookup, name="unit_lookup"),
    path("lookup/officials/", lookups.official_lookup, name="official_lookup"),
    path("quy-dinh/", rules_page.rules_page, name="rules"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("audit/export.csv", audit.audit_export_csv, name="audit_export_csv"),
]
