from django import template

from articles.images.markup import picture_html
from articles.models import Image

register = template.Library()


@register.simple_tag
def image(
    img: Image | None,
    *,
    sizes: str = "100vw",
    loading: str = "lazy",
    css_class: str = "",
    ratio: str = "",
):
    """A responsive picture (see ``picture_html``); nothing for no image.
    No query: the image row lists its renditions."""
    if img is None:
        return ""
    return picture_html(
        img, sizes=sizes, loading=loading, css_class=css_class, ratio=ratio
    )
