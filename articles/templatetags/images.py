from django import template
from django.utils.html import format_html, format_html_join

from articles.models import Image

register = template.Library()

PREFERRED_SOURCES = ("avif", "webp")


@register.simple_tag
def image(
    img: Image | None,
    *,
    sizes: str = "100vw",
    loading: str = "lazy",
    css_class: str = "",
    ratio: str = "",
):
    """A responsive picture: AVIF and WebP sources, then the original format.

    Width and height are always set, so the page does not shift as it loads.
    Until the rendition task has run, the original file is served alone.
    Prefetch ``renditions`` on list pages to keep this to no queries.
    """
    if img is None:
        return ""
    by_format: dict[str, list] = {}
    for rendition in img.current_renditions(ratio):
        by_format.setdefault(rendition.format, []).append(rendition)
    fallback_format = next(
        (f for f in by_format if f not in PREFERRED_SOURCES),
        next(iter(by_format), None),
    )
    class_attribute = format_html(' class="{}"', css_class) if css_class else ""
    if fallback_format is None:
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async"{}>',
            img.file.url,
            img.width,
            img.height,
            img.alt_text,
            loading,
            class_attribute,
        )
    sources = format_html_join(
        "",
        '<source type="image/{}" srcset="{}" sizes="{}">',
        (
            (image_format, _srcset(by_format[image_format]), sizes)
            for image_format in PREFERRED_SOURCES
            if image_format in by_format and image_format != fallback_format
        ),
    )
    fallback = by_format[fallback_format]
    largest = fallback[-1]
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" '
        'alt="{}" loading="{}" decoding="async"{}></picture>',
        sources,
        largest.file.url,
        _srcset(fallback),
        sizes,
        largest.width,
        largest.height,
        img.alt_text,
        loading,
        class_attribute,
    )


def _srcset(renditions) -> str:
    ordered = sorted(renditions, key=lambda rendition: rendition.width)
    return ", ".join(f"{r.file.url} {r.width}w" for r in ordered)
