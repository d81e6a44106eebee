from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from violations import rules
from violations.models.framework import UNVERIFIED_FLAG, Provenance

register = template.Library()


@register.filter
def sanction_label(code: str) -> str:
    return rules.sanction_label(code)


@register.simple_tag
def unverified_flag_text() -> str:
    return str(UNVERIFIED_FLAG)


@register.simple_tag
def unverified_flag(provenance: str | None) -> SafeString:
    """The visible flag of a working indicator or group text (an Indicator's, or a figures row's provenance);
    nothing for a confirmed one, nor for a report frozen before rows carried their provenance."""
    if provenance != Provenance.WORKING:
        return SafeString("")
    return format_html('<span class="prov unverified">({})</span>', UNVERIFIED_FLAG)
