"""Admin forms for officials: the sensitive national ID is written but never shown back."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from officials.importing import NATIONAL_ID
from officials.models import Official


class OfficialForm(forms.ModelForm):
    """The stored ID is never rendered into the page; a new one replaces it, a blank field keeps it."""

    new_national_id = forms.CharField(
        label=_("Số định danh mới"),
        required=False,
        max_length=12,
        help_text=_("12 chữ số. Để trống để giữ nguyên số đã lưu."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    clear_national_id = forms.BooleanField(label=_("Xóa số định danh đã lưu"), required=False)

    class Meta:
        model = Official
        # An explicit list, so that a field added to the model later is never exposed by accident.
        fields = ["full_name", "staff_code", "category", "is_party_member", "birth_year", "user"]

    def clean_new_national_id(self) -> str:
        value = "".join(self.cleaned_data["new_national_id"].split())
        if value and not NATIONAL_ID.fullmatch(value):
            raise forms.ValidationError(_("Số định danh phải gồm đúng 12 chữ số."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("new_national_id") and cleaned.get("clear_national_id"):
            raise forms.ValidationError(_("Hãy chọn nhập số mới hoặc xóa số đã lưu, không chọn cả hai."))
        return cleaned

    def save(self, commit: bool = True) -> Official:
        if self.cleaned_data.get("clear_national_id"):
            self.instance.national_id = ""
        elif self.cleaned_data.get("new_national_id"):
            self.instance.national_id = self.cleaned_data["new_national_id"]
        return super().save(commit)


class OfficialImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách (CSV hoặc XLSX)"),
        validators=[FileExtensionValidator(["csv", "xlsx"], message=_("Chỉ nhận tệp .csv hoặc .xlsx."))],
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(max)s).") % {"max": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
            )
        return upload
