from django.urls import path

from reports import views, views_archive

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/", views_archive.report_list, name="report_list"),
    path("reports/generate/", views_archive.report_generate, name="report_generate"),
    path("reports/<int:pk>/", views_archive.report_detail, name="report_detail"),
    path("reports/<int:pk>/pdf", views_archive.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/xlsx", views_archive.report_xlsx, name="report_xlsx"),
    path("reports/<int:pk>/resend/", views_archive.report_resend_view, name="report_resend"),
    path("reports/<int:pk>/regenerate/", views_archive.report_regenerate_view, name="report_regenerate"),
    path("reports/<int:pk>/narrative/", views_archive.report_narrative_view, name="report_narrative"),
]
