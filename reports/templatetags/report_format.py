"""Number formats for the report PDF and archive: those of every page (violations.numbers)."""

import datetime as dt

from django import template

from violations import numbers

register = template.Library()


@register.filter
def signed_pct(value: float | None) -> str:
    """+12,5% / −3,0% / '—' when there is nothing to compare with."""
    return numbers.signed_percent(value)


@register.filter
def decimal(value: float | None, places: int = 1) -> str:
    return numbers.fixed(value, places)


@register.filter
def thousands(value: int | None) -> str:
    return numbers.count(value)


@register.filter
def yes_no(value: bool) -> str:
    return "Có" if value else "Không"


@register.filter
def iso_date(value: str) -> str:
    """A snapshot keeps dates as ISO text (plain JSON); the report prints them as dd/mm/yyyy."""
    return dt.date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""
