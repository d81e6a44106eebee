"""The Django admin in the Vietnamese UI: third-party apps and their models are named in Vietnamese
(config.apps, locale/vi), and in English in the English UI."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
# What the admin showed before: the apps' labels and their models' English names.
THIRD_PARTY = {"Axes", "Otp_Totp", "Periodic Tasks", "Periodic tasks", "Crontabs", "Solar events"}
THIRD_PARTY |= {"Intervals", "Clocked", "Access attempts", "Access failures", "Access logs", "TOTP devices"}


def _index(client, admin_user, language: str) -> str:
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("admin:index")).content.decode()
    return html[html.index('id="content-main"') :]


def _names(html: str) -> set[str]:
    """The app sections and model rows as shown (the tags' text), and the headings screen readers read."""
    return {" ".join(text.split()) for text in re.findall(r">([^<>]+)<", html) if text.strip()}


def test_the_vietnamese_admin_names_every_app_and_model_in_vietnamese(client, admin_user):
    names = _names(_index(client, admin_user, "vi"))

    assert not names & THIRD_PARTY, names & THIRD_PARTY
    assert {"Nhật ký đăng nhập", "Xác thực hai lớp", "Tác vụ định kỳ", "Tài khoản và đăng nhập"} <= names
    assert {"Lịch theo giờ (crontab)", "Lịch theo mặt trời", "Lần đăng nhập sai"} <= names
    assert {"Ứng dụng xác thực TOTP", "Loại dữ liệu"} <= names
    assert not names & {"Model name", "Add link", "Change or view list link"}


def test_the_english_admin_names_them_in_english(client, admin_user):
    names = _names(_index(client, admin_user, "en"))

    assert {"Sign-in log", "Two-factor authentication", "Periodic tasks", "Accounts and sign-in"} <= names
    assert {"Crontabs", "Solar events", "Access attempts", "TOTP authenticator apps"} <= names
    assert {"Officials", "Units", "Reports"} <= names
