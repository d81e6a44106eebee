from django import forms
from django.utils.translation import gettext_lazy as _

from violations.audit.selectors import AUDITED, AuditFilters
from violations.forms import VietnameseDateField


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(
        label=_("Loại dữ liệu"),
        required=False,
        choices=[("", _("Tất cả"))] + [(audited.key, audited.label) for audited in AUDITED],
    )
    since = VietnameseDateField(label=_("Từ ngày"), required=False)
    until = VietnameseDateField(label=_("Đến ngày"), required=False)
    username = forms.CharField(label=_("Người thực hiện (tên đăng nhập)"), required=False, max_length=150)

    def filters(self) -> AuditFilters:
        """The filters to apply; an invalid form filters nothing it could not read."""
        data = self.cleaned_data if self.is_valid() else {}
        return AuditFilters(
            model=data.get("model") or "",
            since=data.get("since"),
            until=data.get("until"),
            username=(data.get("username") or "").strip(),
        )
