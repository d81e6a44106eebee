from django import template

from violations import rules

register = template.Library()


@register.filter
def sanction_label(code: str) -> str:
    return rules.sanction_label(code)
