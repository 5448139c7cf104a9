import json
from urllib.parse import urlencode

from django import template
from django.utils.encoding import escape_uri_path
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


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's one address, as the view understood the request: its path,
    a search's words, a list's page number past the first. Never tracking
    parameters, ``?page=1``, ``?page=01`` or a ``?q=`` a page does not read."""
    page_obj = context.get("page_obj")
    return absolute_url(_address(context, getattr(page_obj, "number", 1)))


@register.simple_tag(takes_context=True)
def page_href(context, number: int) -> str:
    """The link to page ``number`` of this list: the plain address for page 1."""
    return _address(context, number)


def _address(context, number: int) -> str:
    request = context.get("request")
    parameters = []
    if query := context.get("query"):  # set by the search page only
        parameters.append(("q", query))
    if number > 1:
        parameters.append(("page", number))
    path = escape_uri_path(request.path) if request is not None else "/"
    return path + (f"?{urlencode(parameters)}" if parameters else "")


@register.filter
def page_suffix(page_obj) -> str:
    """`` — Page 2`` in the titles of a list's later pages, so each page is told apart."""
    if page_obj is not None and getattr(page_obj, "number", 1) > 1:
        return f" — Page {page_obj.number}"
    return ""
