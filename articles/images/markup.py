"""HTML for library pictures: the ``{% image %}`` tag's, and the pictures in a body.

One builder, so a lead image and a picture inside the text get the same
``srcset``/``sizes``, width and height from the stored renditions, and the
original file until the rendition task has made them.
"""

import functools
import html
from urllib.parse import unquote

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from articles.models.images import Image
from magazine.memos import process_memo
from magazine.richtext import image_sources, link_cards, replace_images

PREFERRED_SOURCES = ("avif", "webp")
# The reading column (--measure: 42rem in site.css), full width below it.
BODY_IMAGE_SIZES = "(min-width: 42rem) 42rem, 100vw"


def picture_html(
    img: Image,
    *,
    sizes: str,
    loading: str = "lazy",
    css_class: str = "",
    ratio: str = "",
    alt: str | None = None,
) -> SafeString:
    """A responsive picture: AVIF and WebP sources, then the original format.

    Width and height are always set, so the page does not shift as it loads.
    Until the rendition task has run, the original file is served alone. Reads
    nothing but the image row (``Image.picture_sources``).
    """
    attributes = format_html(' class="{}"', css_class) if css_class else ""
    if alt is None:
        alt, written_in = img.alt_text_in()
        if written_in != (get_language() or settings.LANGUAGE_CODE):
            # A Spanish page showing the English alt text says so to screen readers.
            attributes = format_html('{} lang="{}"', attributes, written_in)
    formats = img.picture_sources(ratio)
    if formats is None:
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async"{}>',
            file_url(img.file),
            img.width,
            img.height,
            alt,
            loading,
            attributes,
        )
    return format_html(
        '{} alt="{}" loading="{}" decoding="async"{}></picture>',
        _picture_opening(img.sources["source"], ratio, sizes, formats),
        alt,
        loading,
        attributes,
    )


_picture_openings: dict[tuple, SafeString] = {}
process_memo(_picture_openings.clear)
PICTURE_OPENINGS_KEPT = 4096


def _picture_opening(source: str, ratio: str, sizes: str, formats: list) -> SafeString:
    """``<picture>``, its sources and the ``<img>`` up to its alt text.

    The same for every page that shows these files at these sizes, so made
    once per process (a page of cards shows a few dozen). Keyed by the files
    themselves: renditions remade under new rules are never drawn from memory.
    Built every time, they made a section page take 1.21 to 1.25 times as
    long (100,000 stories, in-process CPU; home 1.06-1.12).
    """
    key = (
        source,
        ratio,
        sizes,
        tuple(name for _, files in formats for name, *_ in files),
        settings.MEDIA_URL,
    )
    if (opening := _picture_openings.get(key)) is not None:
        return opening
    (_, fallback), *modern = formats
    by_format = dict(modern)
    sources = format_html_join(
        "",
        '<source type="image/{}" srcset="{}" sizes="{}">',
        (
            (image_format, _srcset(by_format[image_format]), sizes)
            for image_format in PREFERRED_SOURCES
            if image_format in by_format
        ),
    )
    largest_name, largest_width, largest_height = fallback[-1]
    opening = format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}"',
        sources,
        media_url(largest_name),
        _srcset(fallback),
        sizes,
        largest_width,
        largest_height,
    )
    if len(_picture_openings) >= PICTURE_OPENINGS_KEPT:
        _picture_openings.clear()
    _picture_openings[key] = opening
    return opening


def _srcset(files: list) -> str:
    """``files``: ``(name, width, height)`` rows, narrowest first."""
    return ", ".join(f"{media_url(name)} {width}w" for name, width, _ in files)


def file_url(file) -> str:
    """A stored file's public address (what ``file.url`` gives, only cheaper)."""
    return _stored_file_url(file.storage, settings.MEDIA_URL, file.name)


def media_url(name: str) -> str:
    """A rendition's public address, by the name ``Image.sources`` keeps."""
    return _stored_file_url(default_storage, settings.MEDIA_URL, name)


@functools.lru_cache(maxsize=16_384)
def _stored_file_url(storage, media_url: str, name: str) -> str:
    # A picture lists a dozen renditions, a page dozens of pictures; media
    # addresses depend on the name only (public files: no signed query strings).
    return storage.url(name)


process_memo(_stored_file_url.cache_clear)


def storage_name(src: str) -> str | None:
    """The media storage name behind a body picture's address, or None."""
    source = unquote(html.unescape(src))
    media_url = settings.MEDIA_URL
    if "://" not in media_url and "://" in source:
        source = "/" + source.split("://", 1)[1].split("/", 1)[-1]
    return source.removeprefix(media_url) if source.startswith(media_url) else None


def render_body(body: str) -> str:
    """The body as readers get it, made when the story is saved.

    Pasted YouTube and X links become link cards; each library picture gets
    ``srcset``/``sizes``, width and height (the editor's alt text kept). Two
    queries when the body holds pictures, none otherwise.
    """
    body = link_cards(body or "")
    by_name = library_pictures({storage_name(src) for src in image_sources(body)})
    if not by_name:
        return body

    def responsive(attributes: dict) -> str | None:
        img = by_name.get(storage_name(attributes.get("src", "")))
        if img is None:
            return None
        return picture_html(
            img, sizes=BODY_IMAGE_SIZES, alt=attributes.get("alt", img.alt_text)
        )

    return replace_images(body, responsive)


def library_pictures(names: set[str]) -> dict[str, Image]:
    """Library images by the storage name of their original or any rendition
    (stories saved before body pictures were responsive point at a rendition)."""
    names.discard(None)
    if not names:
        return {}
    images = (
        Image.objects.filter(Q(file__in=names) | Q(renditions__file__in=names))
        .distinct()
        .prefetch_related("renditions")
    )
    by_name = {}
    for img in images:
        by_name[img.file.name] = img
        by_name |= {rendition.file.name: img for rendition in img.renditions.all()}
    return by_name


def uncropped_url(image: Image, at_least: int = 0) -> str:
    """The narrowest uncut rendition at least ``at_least`` wide, else the widest;
    the original until the rendition task has run."""
    if not (formats := image.picture_sources()):
        return image.file.url
    (_, files), *_ = formats  # the <img> fallback's files, narrowest first
    name = next((name for name, width, _ in files if width >= at_least), files[-1][0])
    return media_url(name)
