"""Readers' comments are plain text: escaped, line breaks kept, links made clickable.

``urlize`` escapes every word it does not turn into a link; nh3 then enforces an
allow-list (``<p>``, ``<br>``, ``<a href>`` with http, https or mailto) and adds
``rel="nofollow ugc"`` to every link, so nothing a reader types becomes markup.
"""

import nh3
from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def comment_html(text: str) -> SafeString:
    linked = urlize(text, nofollow=False, autoescape=True)
    cleaned = nh3.clean(
        linebreaks(linked, autoescape=False),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow ugc",
    )
    return mark_safe(cleaned)  # noqa: S308 - built from escaped text, then allow-listed


def link_count(text: str) -> int:
    """Links as readers would see them: the same rule that makes them clickable."""
    return comment_html(text).count("<a ")
