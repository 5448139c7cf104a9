import json

from django import template
from django.utils.safestring import mark_safe

from magazine.links import absolute_url

register = template.Library()

# The characters that could end a <script> element or open a comment, as JSON escapes.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


@register.simple_tag
def json_ld(items: list[dict]):
    """``<script type="application/ld+json">`` blocks: data, not script, so CSP allows them."""
    return mark_safe(  # noqa: S308 - JSON with <, > and & escaped cannot leave the element
        "".join(
            '<script type="application/ld+json">'
            + json.dumps(item, ensure_ascii=False).translate(_SCRIPT_SAFE)
            + "</script>"
            for item in items
        )
    )


register.simple_tag(absolute_url, name="absolute_url")
