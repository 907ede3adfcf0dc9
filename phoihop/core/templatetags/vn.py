"""Template filters for Vietnamese display: numbers, percentages, official date lines."""

from django import template

from phoihop.core import text

register = template.Library()


@register.filter
def vn_number(value, decimals=0):
    try:
        return text.vn_number(value, int(decimals))
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter
def vn_date_long(value):
    return text.vn_date_long(value) if value else ""
