"""Forms of the report archive. They parse; the services in reports.generation and reports.outbox decide."""

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models import PeriodKind, ReportNarrative
from reports.periods import Period
from units.models import Unit
from violations.access import Action, User, scoped_units
from violations.forms import UnitChoiceField


class ArchiveFilterForm(forms.Form):
    q = forms.CharField(label=_("Đơn vị"), required=False)
    kind = forms.ChoiceField(label=_("Loại kỳ"), choices=[("", "—"), *PeriodKind.choices], required=False)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)


class DashboardUnitForm(forms.Form):
    """The dashboard's unit picker: any unit of the viewer's dashboard scope, current units first."""

    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=None)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user, Action.VIEW_DASHBOARD).vietnamese_order()  # type: ignore[attr-defined]


class GenerateForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        error_messages={"invalid_choice": _("Đơn vị không có hoặc nằm ngoài phạm vi được giao.")},
    )
    kind = forms.ChoiceField(
        label=_("Loại kỳ"),
        choices=PeriodKind.choices,
        initial=PeriodKind.MONTH,
        widget=forms.Select(attrs={"data-period-select": True}),
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12, required=False)
    quarter = forms.IntegerField(label=_("Quý"), min_value=1, max_value=4, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        # Its own element ids: the archive's filter form on the same page also has a kind and a year.
        kwargs.setdefault("auto_id", "generate-%s")
        super().__init__(*args, **kwargs)
        last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
        self.fields["unit"].queryset = scoped_units(user, Action.MANAGE_REPORTS).vietnamese_order()  # type: ignore[attr-defined]
        self.initial.setdefault("year", last_month.year)
        self.initial.setdefault("month", last_month.month)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        data["period"] = period = self._period(data)
        if period.end >= timezone.localdate():
            raise forms.ValidationError(_("Kỳ báo cáo chưa kết thúc."))
        return data

    def _period(self, data: dict[str, Any]) -> Period:
        kind, year = data["kind"], data["year"]
        if kind == PeriodKind.YEAR:
            return Period.year(year)
        if kind in (PeriodKind.SIX_MONTHS, PeriodKind.NINE_MONTHS):  # from January: the year is enough
            return Period.cumulative(kind, year)
        if kind == PeriodKind.QUARTER:
            if not data.get("quarter"):
                raise forms.ValidationError({"quarter": _("Chọn quý.")})
            return Period.quarter(year, data["quarter"])
        if not data.get("month"):
            raise forms.ValidationError({"month": _("Chọn tháng.")})
        return Period.month(year, data["month"])


class RegenerateForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do lập lại"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: số liệu vụ việc tháng đã được điều chỉnh sau kết luận kiểm tra."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Cần ghi rõ lý do lập lại báo cáo."))
        return reason


NARRATIVE_MAX_LENGTH = 3000  # a short section of the report, not a second report


class NarrativeForm(forms.ModelForm):
    """The unit's own assessment, causes and tasks for the period (reports.narratives)."""

    class Meta:
        model = ReportNarrative
        fields = ["assessment", "causes", "tasks"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("assessment", "causes", "tasks")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "narrative-%s")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators.append(MaxLengthValidator(NARRATIVE_MAX_LENGTH))
            field.widget.attrs["maxlength"] = str(NARRATIVE_MAX_LENGTH)
