from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def image(img, *, sizes="100vw", loading="lazy", css_class=""):
    """An ``<img>`` with its intrinsic size, so the page does not shift as it loads."""
    if img is None:
        return ""
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="{}"{}>',
        img.file.url,
        img.width,
        img.height,
        img.alt_text,
        loading,
        format_html(' class="{}"', css_class) if css_class else "",
    )
