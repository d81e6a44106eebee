"""Browser forms. They parse and present; the services decide."""

import datetime as dt
from collections.abc import Iterator
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from officials.models import Official
from units.models import Unit
from violations import rules
from violations.access import Action, User, scoped_officials, scoped_units
from violations.dates import INPUT_FORMAT, parse_day, validate_in_range
from violations.ids import IdCheckedChoiceField, IdCheckedMultipleChoiceField, parse_id
from violations.models import (
    Incident,
    Indicator,
    NoLimitationGround,
    PartyRole,
    SanctionTrack,
    Severity,
    Source,
    WarrantedForm,
)
from violations.selectors.framework import framework_in_force, indicators_by_group
from violations.services.attachments import validate_upload
from violations.services.incidents import PartySpec
from violations.widgets import FastSelect

DATE_FORMATS = [INPUT_FORMAT]


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: beside the field it names when the form has that field, at
    the top otherwise (a service may name a field this form does not show: the unit of an edited incident).
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class VietnameseDateField(forms.DateField):
    """dd/mm/yyyy, within the calendar the application accepts (violations.dates)."""

    default_error_messages = {"invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 07/08/2023.")}
    default_validators = [validate_in_range]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        )
        super().__init__(**kwargs)


class UnitChoiceIterator(ModelChoiceIterator):
    """Units existing today first, then former units (each marked with its parent and end date), so that two
    units with one name — an old commune and the new one that took its name — are told apart at a glance."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        today = timezone.localdate()
        current: list[tuple[Any, str]] = []
        former: list[tuple[Any, str]] = []
        for unit in self.queryset.select_related("parent"):
            ended = unit.valid_until is not None and unit.valid_until < today
            (former if ended else current).append(self.choice(unit))
        if current and former:
            yield (_("Đơn vị hiện nay"), current)
            yield (_("Đơn vị cũ (đã giải thể, sáp nhập)"), former)
        else:
            yield from current or former

    def __len__(self) -> int:
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


class UnitChoiceField(IdCheckedChoiceField):
    iterator = UnitChoiceIterator
    widget = FastSelect

    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        if not obj.valid_until:
            return obj.name
        parent = obj.parent.name if obj.parent_id and obj.parent else ""  # type: ignore[union-attr]
        day = obj.valid_until.strftime("%d/%m/%Y")
        if parent:
            label = _("%(name)s — %(parent)s (đến %(day)s)")
            return str(label % {"name": obj.name, "parent": parent, "day": day})
        return str(_("%(name)s (đến %(day)s)") % {"name": obj.name, "day": day})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            try:
                validate_upload(upload)
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return cleaned


class OfficialsField(IdCheckedMultipleChoiceField):
    """Only the chosen officials are rendered as options; the browser searches for more (lookup view)."""

    default_error_messages = {
        "invalid_choice": _("Có cán bộ đã chọn không thuộc phạm vi được giao."),
        "invalid_pk_value": _("Cán bộ đã chọn không hợp lệ."),
    }

    def label_from_instance(self, obj: Official) -> str:  # type: ignore[override]
        return f"{obj.full_name} — {obj.staff_code}"


def _not_in_future(day: dt.date) -> None:
    if day > timezone.localdate():
        raise forms.ValidationError(_("Ngày không được sau ngày hôm nay."))


# The forms an act may warrant, grouped by the discipline that has them, so that no one reads "Khai trừ" as an
# administrative form or "Hạ bậc lương" as a Party one (Luật Cán bộ, công chức; Quy định 69-QĐ/TW).
WARRANTED_FORM_GROUPS = [
    (_("Kỷ luật Đảng và hành chính"), ["khien_trach", "canh_cao", "cach_chuc"]),
    (_("Chỉ kỷ luật hành chính"), ["ha_bac_luong", "giang_chuc", "buoc_thoi_viec", "bai_nhiem"]),
    (_("Chỉ kỷ luật Đảng"), ["khai_tru"]),
]


def warranted_form_groups() -> list[tuple[Any, list[tuple[str, Any]]]]:
    labels = dict(WarrantedForm.choices)
    return [(group, [(code, labels[code]) for code in codes]) for group, codes in WARRANTED_FORM_GROUPS]


class IncidentForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        error_messages={"invalid_choice": _("Đơn vị không có hoặc nằm ngoài phạm vi được giao.")},
        help_text=_("Đơn vị tồn tại vào ngày xảy ra (trước 01/07/2025 là xã, phường cũ thuộc quận, huyện)."),
    )
    occurred_on = VietnameseDateField(label=_("Ngày xảy ra"), validators=[_not_in_future])
    detected_on = VietnameseDateField(label=_("Ngày phát hiện"), validators=[_not_in_future])
    title = forms.CharField(label=_("Tóm tắt"), max_length=200)
    description = forms.CharField(label=_("Mô tả chi tiết"), widget=forms.Textarea)
    severity = forms.ChoiceField(label=_("Mức độ"), choices=Severity.choices)
    warranted_form = forms.ChoiceField(
        label=_("Hình thức kỷ luật tương xứng"),
        choices=[("", _("— Chọn mức kỷ luật mà hành vi tương xứng —")), *warranted_form_groups()],
        help_text=_(
            "Thời hiệu tính theo mức kỷ luật hành vi tương xứng (khiển trách, hoặc cảnh cáo trở lên), không "
            "theo mức độ; đánh giá lại khi có kết luận."
        ),
        error_messages={"required": _("Chọn hình thức kỷ luật mà hành vi tương xứng.")},
    )
    no_limitation_ground = forms.ChoiceField(
        label=_("Trường hợp không áp dụng thời hiệu"),
        choices=[("", _("Không thuộc trường hợp nào")), *NoLimitationGround.choices],
        required=False,
    )
    source = forms.ChoiceField(label=_("Nguồn phát hiện"), choices=Source.choices)
    indicators = IdCheckedMultipleChoiceField(
        label=_("Biểu hiện vi phạm"), queryset=Indicator.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    officials = OfficialsField(label=_("Cán bộ vi phạm"), queryset=Official.objects.none(), required=False)
    heads = OfficialsField(
        label=_("Người đứng đầu chịu trách nhiệm"), queryset=Official.objects.none(), required=False
    )
    collective = forms.BooleanField(label=_("Tập thể đơn vị là đối tượng vi phạm"), required=False)
    evidence = MultipleFileField(
        label=_("Tài liệu chứng cứ"),
        required=False,
        help_text=_("PDF, ảnh, văn bản Word/Excel; tối đa 10 MB mỗi tệp."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, user: User, *args: Any, incident: Incident | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.incident = incident
        self._model_field("unit").queryset = scoped_units(user, Action.CREATE_INCIDENT).vietnamese_order()
        self._setup_indicators()
        self._setup_officials()
        if incident is not None:
            del self.fields["unit"]

    def _model_field(self, name: str) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, self.fields[name])

    def _submitted(self, name: str) -> list[Any]:
        """Values typed for a multi-valued field, or its initial values on a blank form."""
        if self.is_bound and isinstance(self.data, QueryDict):
            return self.data.getlist(name)
        return list(self.initial.get(name, []))

    def _setup_indicators(self) -> None:
        # An incident being edited keeps the version it was tagged against.
        framework = self.incident.framework if self.incident else framework_in_force(self._occurred_on_hint())
        self.framework = framework
        self._model_field("indicators").queryset = (
            Indicator.objects.filter(framework=framework) if framework else Indicator.objects.none()
        )
        self.fields["indicators"].error_messages["required"] = _("Chọn ít nhất một biểu hiện vi phạm.")

    def _occurred_on_hint(self) -> dt.date:
        typed = parse_day(self.data.get("occurred_on")) if self.is_bound else None
        if typed is not None:
            return typed
        if self.incident is not None:
            return self.incident.occurred_on
        return timezone.localdate()

    def _setup_officials(self) -> None:
        scope = scoped_officials(self.user, Action.CREATE_INCIDENT)
        for name in ("officials", "heads"):
            field = cast(OfficialsField, self.fields[name])
            field.queryset = scope
            chosen = self._chosen_ids(name)
            field.widget.choices = [(o.pk, field.label_from_instance(o)) for o in scope.filter(pk__in=chosen)]

    def _chosen_ids(self, name: str) -> list[int]:
        return [pk for pk in map(parse_id, self._submitted(name)) if pk is not None]

    def grouped_indicators(self) -> list[tuple[Any, list[tuple[Indicator, bool]]]]:
        if self.framework is None:
            return []
        chosen = {str(v) for v in self._submitted("indicators")}
        return [
            (g, [(i, str(i.pk) in chosen) for i in items]) for g, items in indicators_by_group(self.framework)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        occurred, detected = data.get("occurred_on"), data.get("detected_on")
        if occurred and detected and detected < occurred:
            self.add_error("detected_on", _("Ngày phát hiện không được trước ngày xảy ra."))
        if detected and data.get("severity"):
            self._check_severity_level(data["severity"], detected)
        party_errors = "officials" in self.errors or "heads" in self.errors
        if not party_errors and not (data.get("officials") or data.get("heads") or data.get("collective")):
            self.add_error("officials", _("Chọn ít nhất một cán bộ liên quan hoặc đánh dấu tập thể đơn vị."))
        return data

    def _check_severity_level(self, severity: str, detected: dt.date) -> None:
        """Only the levels of the decree the case is handled under; an old incident keeps the level it has."""
        if self.incident is not None and self.incident.severity == severity:
            return
        rule = rules.severity_rule_for(detected)
        if severity not in rule.levels:
            self.add_error(
                "severity",
                _("Mức độ “%(level)s” không áp dụng với vụ việc phát hiện ngày %(day)s (%(basis)s).")
                % {"level": Severity(severity).label, "day": rules.format_day(detected), "basis": rule.cited},
            )

    def parties(self) -> list[PartySpec]:
        data = self.cleaned_data
        specs = [PartySpec(o, PartyRole.INDIVIDUAL) for o in data.get("officials", [])]
        specs += [
            PartySpec(o, PartyRole.HEAD_RESPONSIBLE)
            for o in data.get("heads", [])
            if o not in data.get("officials", [])
        ]
        if data.get("collective"):
            specs.append(PartySpec(None, PartyRole.COLLECTIVE))
        return specs

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = ("title", "description", "occurred_on", "detected_on", "severity", "source")
        kwargs = {name: data[name] for name in fields}
        kwargs["warranted_form"] = data["warranted_form"]
        kwargs["no_limitation_ground"] = data.get("no_limitation_ground") or ""
        kwargs["indicators"] = list(data["indicators"])
        kwargs["parties"] = self.parties()
        kwargs["evidence"] = list(data.get("evidence") or [])
        return kwargs


def initial_from_incident(incident: Incident) -> dict[str, Any]:
    parties = list(incident.parties.all())
    return {
        "occurred_on": incident.occurred_on,
        "detected_on": incident.detected_on,
        "title": incident.title,
        "description": incident.description,
        "severity": incident.severity,
        "warranted_form": incident.warranted_form,
        "no_limitation_ground": incident.no_limitation_ground,
        "source": incident.source,
        "indicators": [i.pk for i in incident.indicators.all()],
        "officials": [p.official_id for p in parties if p.role == PartyRole.INDIVIDUAL],
        "heads": [p.official_id for p in parties if p.role == PartyRole.HEAD_RESPONSIBLE],
        "collective": any(p.role == PartyRole.COLLECTIVE for p in parties),
        "version": incident.version,
    }


class OwnIdsForm(forms.Form):
    """A form sharing its page with others: element ids of its own, so that each label is tied to its field
    (two forms with a "reason" would both have id_reason)."""

    id_pattern = "id_%s"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", self.id_pattern)
        super().__init__(*args, **kwargs)


class TransitionForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Nội dung, lý do"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    on = VietnameseDateField(label=_("Ngày"), required=False, validators=[_not_in_future])


class SanctionForm(forms.Form):
    party = forms.IntegerField(widget=forms.HiddenInput)
    track = forms.ChoiceField(label=_("Loại kỷ luật"), choices=SanctionTrack.choices)
    form = forms.CharField(label=_("Hình thức"), max_length=32)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=64)
    decided_on = VietnameseDateField(label=_("Ngày quyết định"), validators=[_not_in_future])
    deciding_body = forms.CharField(label=_("Cơ quan quyết định"), max_length=200)


class SuspensionForm(OwnIdsForm):
    id_pattern = "suspension-%s"
    starts_on = VietnameseDateField(label=_("Tạm dừng tính thời hạn từ ngày"), validators=[_not_in_future])
    reason = forms.CharField(
        label=_("Căn cứ tạm dừng (điều tra, truy tố, xét xử)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class SuspensionEndForm(OwnIdsForm):
    id_pattern = "resume-%s"
    ends_on = VietnameseDateField(
        label=_("Tính tiếp thời hạn, ngày cuối tạm dừng"), validators=[_not_in_future]
    )


class ExtensionForm(OwnIdsForm):
    id_pattern = "extension-%s"
    extended_to = VietnameseDateField(label=_("Gia hạn đến ngày"))
    reason = forms.CharField(label=_("Lý do gia hạn"), widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(OwnIdsForm):
    id_pattern = "attachment-%s"
    evidence = MultipleFileField(label=_("Tài liệu chứng cứ"))
