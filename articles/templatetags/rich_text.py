from django import template
from django.utils.safestring import SafeString, mark_safe

from magazine.richtext import link_cards

register = template.Library()


@register.filter
def rich_text(body: str) -> SafeString:
    """Stored rich text (sanitised when saved) ready for the page: pasted YouTube
    and X links become plain link cards.

    A story's body needs no filter: ``Article.rendered_body`` holds this and its
    responsive pictures, made when the story is saved.
    """
    return mark_safe(link_cards(body or ""))  # noqa: S308 - sanitised on save
