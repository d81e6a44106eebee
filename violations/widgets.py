"""Form widgets that stay fast on long option lists (Hanoi has some 700 units across both structures)."""

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    """A <select> rendered in one pass, not one template per option: same HTML, a fraction of the time.
    Grouped choices ((label, [(value, label), …])) become <optgroup>s, as in Django's own Select."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        parts = []
        for key, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', key, _options(label, chosen)))
            else:
                parts.append(_options([(key, label)], chosen))
        options = mark_safe("".join(parts))  # each part was built by format_html
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)


def _options(choices: Any, chosen: set[str]) -> SafeString:
    selected = mark_safe(" selected")
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((str(v), selected if str(v) in chosen else "", label) for v, label in choices),
    )
