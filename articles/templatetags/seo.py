import json
from urllib.parse import urlencode

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


# The query parameters that make a different page; any other (utm_source,
# fbclid...) is left out of the address search engines are told to keep.
PAGE_PARAMETERS = ("q", "page")


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's one address: its path, a search's words, a page number past
    the first; never tracking parameters or ``?page=1``."""
    request = context["request"]
    return absolute_url(request.path + _query_string(request.GET))


@register.simple_tag(takes_context=True)
def page_href(context, number: int) -> str:
    """The link to page ``number`` of this list: the plain address for page 1."""
    request = context["request"]
    return request.path + _query_string({**request.GET.dict(), "page": str(number)})


def _query_string(parameters) -> str:
    kept = [
        (name, value)
        for name in PAGE_PARAMETERS
        if (value := parameters.get(name)) and not (name == "page" and value == "1")
    ]
    return f"?{urlencode(kept)}" if kept else ""


@register.filter
def page_suffix(page_obj) -> str:
    """`` — Page 2`` in the titles of a list's later pages, so each page is told apart."""
    if page_obj is not None and getattr(page_obj, "number", 1) > 1:
        return f" — Page {page_obj.number}"
    return ""
