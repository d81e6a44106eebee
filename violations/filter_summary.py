"""The incident list's applied filters in words ("Đơn vị (gồm cấp dưới): Xã Bắc Hồng; Trạng thái: …").

A printed list has no form to show what it was filtered by, and a phone keeps the form folded: both read this.
Only values the form accepted are named, exactly those the FilterSet applied.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from officials.models import Official
from violations.filters import IncidentFilter

# Not filters of their own: the sort is no filter, with_predecessors qualifies the unit, and the official
# is named from the object the list already looked up in the user's scope.
MODIFIERS = frozenset({"sort", "with_predecessors", "official"})


@dataclass(frozen=True)
class AppliedFilter:
    label: str
    value: str


def applied_filters(incident_filter: IncidentFilter, official: Official | None) -> list[AppliedFilter]:
    form = incident_filter.form
    form.is_valid()  # cleaned_data holds the fields that were accepted, even when another one was not
    applied = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name in MODIFIERS or value in (None, "", [], ()):
            continue
        words = in_words(field, value)
        if name == "unit" and form.data.get("with_predecessors") == "1":
            words = _("%(unit)s, gồm đơn vị tiền nhiệm") % {"unit": words}
        applied.append(AppliedFilter(str(field.label), words))
    official_id = form.cleaned_data.get("official")
    if official_id is not None:
        applied.append(AppliedFilter(str(form.fields["official"].label), _official(official, official_id)))
    return applied


def in_words(field: forms.Field, value: Any) -> str:
    if isinstance(field, forms.ModelChoiceField):
        return str(field.label_from_instance(value))
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    labels = _choice_labels(field)
    if isinstance(value, list | tuple):
        chosen = {str(item) for item in value}
        return ", ".join(label for key, label in labels.items() if key in chosen)  # in the form's order
    if labels:
        return labels.get(str(value), str(value))
    return f"“{value}”"  # typed text, quoted so that its words read as what was searched


def _choice_labels(field: forms.Field) -> dict[str, str]:
    """The labels of a choice field, or of a text field shown as a select (the indicator code)."""
    # Not `or`: django-filter's choice iterator cannot tell its length when its choices are a callable.
    choices = getattr(field, "choices", None)
    if choices is None:
        choices = getattr(field.widget, "choices", None) or []
    labels = {}
    for value, label in choices:
        grouped = label if isinstance(label, list | tuple) else [(value, label)]  # an optgroup's options
        labels.update({str(v): str(text) for v, text in grouped if v != ""})
    return labels


def _official(official: Official | None, official_id: Any) -> str:
    """The official's name when the user may see them; otherwise only the number that was asked for."""
    if official is None:
        return f"#{int(official_id)}"
    return f"{official.full_name} ({official.staff_code})"
