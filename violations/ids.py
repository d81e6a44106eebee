"""Ids typed into a URL or a form, checked before they reach a query.

"²" passes str.isdigit() but not int(), and 2**64 passes int() but no database column holds it: both used to
turn a mistyped or hostile parameter into a server error (found by tests/security/test_fuzz_forms.py).
"""

import re
from typing import Any

from django import forms
from django.db.models import Model

ID_PATTERN = re.compile(r"[0-9]{1,18}")  # ASCII digits, below 2**63


def parse_id(raw: Any) -> int | None:
    text = str(raw).strip() if raw is not None else ""
    return int(text) if ID_PATTERN.fullmatch(text) else None


def _typed_badly(value: Any) -> bool:
    return not isinstance(value, Model) and parse_id(value) is None


class IdCheckedChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and _typed_badly(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdCheckedMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else []:
            if _typed_badly(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)
