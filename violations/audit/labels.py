"""How the change history names this app's records and values (units.history_display reads them)."""

from django.utils.text import Truncator

from units.history_display import register
from violations import rules
from violations.models import Indicator, Sanction

INDICATOR_TEXT_CHARS = 120  # enough to recognise the indicator; the framework page has the full text


def indicator_label(indicator: Indicator) -> str:
    return f"{indicator.code} — {Truncator(indicator.text_vi).chars(INDICATOR_TEXT_CHARS)}"


def register_labels() -> None:
    register(Indicator, label=indicator_label)
    # A sanction form is stored as a code whose label depends on the rules, not on a field's choices.
    register(Sanction, values={"form": rules.sanction_label})
