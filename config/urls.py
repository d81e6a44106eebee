from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from accounts.forms import LoginForm
from config import health, views
from reports.views_verify import verify_report

# The Django admin asks for a confirmed TOTP code as well as staff status (accounts.second_factor).
admin.site.__class__ = OTPAdminSite

handler400 = "config.errors.bad_request"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/", include("accounts.urls")),
    path("healthz", health.healthz, name="healthz"),
    # Public, no sign-in: is this PDF one of our issued reports, unaltered? (reports.verification)
    path("xac-thuc/", verify_report, name="verify_report"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("violations.urls")),
    path("", include("reports.urls")),
]
