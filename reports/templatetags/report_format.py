"""Number formats for the report PDF and archive: Vietnamese separators (1.234; 12,5)."""

import datetime as dt

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def signed_pct(value: float | None) -> str:
    """+12,5% / −3,0% / '—' when there is nothing to compare with."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{number_format(abs(value), 1, use_l10n=True)}%"


@register.filter
def decimal(value: float | None, places: int = 1) -> str:
    return "—" if value is None else number_format(value, places, use_l10n=True)


@register.filter
def thousands(value: int | None) -> str:
    # Django's Vietnamese locale defines no digit grouping, so the separator is applied here.
    return "—" if value is None else f"{value:,}".replace(",", ".")


@register.filter
def yes_no(value: bool) -> str:
    return "Có" if value else "Không"


@register.filter
def iso_date(value: str) -> str:
    """A snapshot keeps dates as ISO text (plain JSON); the report prints them as dd/mm/yyyy."""
    return dt.date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""
