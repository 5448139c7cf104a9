"""Background work for the editors' admin, run by the task worker (``db_worker``)."""

import functools

from django.core.files.base import ContentFile
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
        for rendition in stale:
            transaction.on_commit(functools.partial(rendition.file.delete, save=False))
    return len(made)


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
    shape = ratio.replace(":", "x") or "orig"
    return Rendition(
        image=image,
        source=image.rendition_source,
        ratio=ratio,
        format=image_format,
        width=out_width,
        height=out_height,
        file=ContentFile(data, name=f"{stem}-{shape}-{width}.{image_format}"),
    )
