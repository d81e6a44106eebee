from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from violations import numbers, rules
from violations.models.framework import UNVERIFIED_FLAG, Provenance
from violations.selectors.incidents import DeadlineState

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


@register.simple_tag
def deadline_badge(incident: Any) -> SafeString:
    """The "Quá hạn" / "Sắp đến hạn" badge of a list row (selectors.incidents.with_deadline_state), with both
    deadlines in its title. A tag rather than an included template: lists render it fifty times a page."""
    state = getattr(incident, "deadline_state", "")
    if not state:
        return SafeString("")
    overdue = state == DeadlineState.OVERDUE
    parts = []
    if incident.handling_deadline:
        parts.append(f"{_('Hạn xử lý')}: {incident.handling_deadline:%d/%m/%Y}.")
    if incident.limitation_deadline:
        parts.append(f"{_('Hết thời hiệu')}: {incident.limitation_deadline:%d/%m/%Y}.")
    return format_html(
        '<span class="badge {}" title="{}">{}</span>',
        "overdue" if overdue else "due",
        " ".join(parts),
        _("Quá hạn") if overdue else _("Sắp đến hạn"),
    )


# One number format on every page (violations.numbers): {{ n|count }}, {{ share|percent }},
# {{ change|signed_percent }}, {{ per_100|rate }}.
register.filter("count", numbers.count)
register.filter("percent", numbers.percent)
register.filter("signed_percent", numbers.signed_percent)
register.filter("rate", numbers.rate)
