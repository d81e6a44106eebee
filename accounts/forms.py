import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực 6 chữ số"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not re.fullmatch(r"[0-9]{6}", token):
            raise forms.ValidationError(_("Mã xác thực chỉ gồm chữ số."))
        return token


class EnrolmentCodeForm(forms.Form):
    enrolment_code = forms.CharField(
        label=_("Mã kích hoạt"),
        max_length=32,
        help_text=_("Mã do quản trị viên khác cấp cho bạn (dạng XXXX-XXXX-XXXX), không phải mật khẩu."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class LoginForm(AuthenticationForm):
    """Django's sign-in form sets the username's max_length after the field is built, so nothing enforces
    it: an overlong name reached authenticate() and django-axes, whose attempt log holds 255 characters."""

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        limit = get_user_model()._meta.get_field("username").max_length or 150
        if len(username) > limit:
            raise forms.ValidationError(
                _("Tên đăng nhập dài tối đa %(limit)s ký tự.") % {"limit": limit}, code="max_length"
            )
        return username
