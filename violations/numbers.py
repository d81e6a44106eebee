"""One number format for every page, export and report.

Counts are grouped integers (1.234); each other kind of figure has a fixed number of decimals, so that one
table never shows "10,0", "22,22" and "0". Separators are the active language's (Vietnamese: 1.234 and 12,5;
config/formats/vi). A missing figure (nothing to compare with, no staff) prints as a dash.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

PERCENT_DECIMALS = 1  # shares and changes: 77,8% / +12,5%
RATE_DECIMALS = 2  # incidents per 100 officials: 0,35
MISSING = "—"
MINUS = "−"  # U+2212, the typographic minus


def fixed(value: float | None, decimals: int) -> str:
    return MISSING if value is None else _number(value, decimals)


def _number(value: float, decimals: int) -> str:
    # number_format cuts extra decimals off (77,777 → 77,7); a figure is rounded half up, as on paper.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimals, use_l10n=True, force_grouping=True)


def count(value: int | None) -> str:
    return MISSING if value is None else _number(value, 0)


def percent(value: float | None) -> str:
    return MISSING if value is None else f"{_number(value, PERCENT_DECIMALS)}%"


def signed_percent(value: float | None) -> str:
    """A change: +12,5% / −3,0% / 0,0%."""
    if value is None:
        return MISSING
    sign = "+" if value > 0 else (MINUS if value < 0 else "")
    return f"{sign}{_number(abs(value), PERCENT_DECIMALS)}%"


def rate(value: float | None) -> str:
    return MISSING if value is None else _number(value, RATE_DECIMALS)
