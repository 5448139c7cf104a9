from django import template

from articles import search

register = template.Library()
register.filter("highlighted", search.highlighted)
