from django import template

from live import reader

register = template.Library()


@register.filter
def summary_line(entry):
    return reader.summary_line(entry)
