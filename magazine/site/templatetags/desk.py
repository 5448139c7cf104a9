"""``{% desk_summary as rows %}`` for the admin index (the desk page)."""

from django import template

from magazine.site import desk

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_summary(context) -> list[desk.DeskCount]:
    return desk.desk_summary(context["request"].user)
