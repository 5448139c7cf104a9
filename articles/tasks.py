"""Background work for the editors' admin, run by the task worker (``db_worker``)."""

import functools
import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from PIL import Image as PILImage

from articles.images import renditions, uploads
from articles.models import Image, Rendition


@task()
def make_renditions(image_id: int) -> int:
    """Make the image's missing renditions and drop stale ones; returns how many were made.

    Running it twice makes nothing new. Until it has run, templates use the original;
    then ``Image.sources`` tells them which files there are. The new files are in
    place and listed before any old one goes, so no page points at a missing file;
    a run overtaken by a newer file or focal point leaves things to the newer run.
    """
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return 0
    source = image.rendition_source
    with image.file.open("rb"):
        if not uploads.animation_within_limits(image.file.read()):
            return 0  # stored before the limits, or changed behind our back
        image.file.seek(0)
    with image.file.open("rb"), PILImage.open(image.file) as picture:
        animated = getattr(picture, "is_animated", False)  # served as uploaded
        wanted = set() if animated else renditions.wanted(picture.size, picture.format)
        existing = set(
            image.renditions.filter(source=source).values_list(
                "ratio", "format", "width"
            )
        )
        made = [
            cut(image, picture, ratio, image_format, width)
            for ratio, image_format, width in sorted(wanted - existing)
        ]
    store_once(made)
    with transaction.atomic():
        image = Image.objects.select_for_update().filter(pk=image_id).first()
        if image is None or image.rendition_source != source:
            return 0
        # A second worker on the same image may have been quicker: keep its rows.
        Rendition.objects.bulk_create(made, ignore_conflicts=True)
        stale = [
            rendition
            for rendition in image.renditions.all()
            if rendition.source != source
            or (rendition.ratio, rendition.format, rendition.width) not in wanted
        ]
        Rendition.objects.filter(pk__in=[rendition.pk for rendition in stale]).delete()
        if made or stale or (wanted and image.picture_sources() is None):
            # A save: the stories showing it get its new srcset, and cached
            # pages go (articles.signals).
            image.record_renditions()
        stale_names = {rendition.file.name for rendition in stale}
        # Renditions share files with equal bytes: drop only the files no row names.
        stale_names -= set(
            Rendition.objects.filter(file__in=stale_names).values_list(
                "file", flat=True
            )
        )
        for name in stale_names:
            transaction.on_commit(functools.partial(default_storage.delete, name))
    return len(made)


def store_once(made: list[Rendition]) -> None:
    """Writes each distinct file once and points the renditions at it.

    A rendition is named by a digest of its bytes, so equal cuts (a 3:2
    original's ``3x2`` and ``orig`` renditions) share one file, and a file
    already stored is not written again.
    """
    stored: dict[str, str] = {}
    for rendition in made:
        data = rendition.file.read()
        name = rendition.file.name
        if name not in stored:
            stored[name] = (
                name
                if default_storage.exists(name)
                else default_storage.save(name, ContentFile(data))
            )
        rendition.file = stored[name]


def cut(
    image: Image, picture: PILImage.Image, ratio: str, image_format: str, width: int
) -> Rendition:
    """One rendition of a loaded picture, its file written when the row is saved."""
    data, (out_width, out_height) = renditions.render(
        picture,
        width=width,
        ratio=ratio,
        focal=(image.focal_x, image.focal_y),
        image_format=image_format,
    )
    stem = image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    digest = hashlib.sha256(data).hexdigest()[:16]
    return Rendition(
        image=image,
        source=image.rendition_source,
        ratio=ratio,
        format=image_format,
        width=out_width,
        height=out_height,
        file=ContentFile(
            data, name=f"renditions/{stem}-{width}-{digest}.{image_format}"
        ),
    )
