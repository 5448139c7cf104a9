"""Background work for the editors' admin, run by the task worker (``db_worker``)."""

import functools
import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy
from PIL import Image as PILImage

from articles.images import renditions, uploads
from articles.models import Article, Image, Rendition
from magazine.links import absolute_url


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


def editors():
    """Who runs the desk and has an address to be told at."""
    return (
        get_user_model()
        .objects.with_perm("articles.publish_article")
        .filter(is_active=True, is_staff=True)
        .exclude(email="")
    )


def desk_link(story: Article) -> str:
    return absolute_url(reverse("admin:articles_article_change", args=[story.pk]))


@task
def notify_editors_of_review(article_id: int) -> int:
    """Tell the editors a story waits for review; returns messages sent."""
    story = Article.objects.filter(
        pk=article_id, status=Article.Status.IN_REVIEW
    ).first()
    addresses = list(editors().values_list("email", flat=True))
    if story is None or not addresses:
        return 0
    context = {
        "story": story,
        "note": story.notes.first(),
        "change_url": desk_link(story),
        "site_name": settings.SITE_NAME,
    }
    EmailMessage(
        subject=gettext("A story waits for review: %(headline)s")
        % {"headline": story.headline},
        body=render_to_string("articles/email/review.txt", context),
        to=addresses,
    ).send()
    return 1


WRITER_SUBJECTS = {
    "sent-back": gettext_lazy("Sent back to you: %(headline)s"),
    "published": gettext_lazy("Published: %(headline)s"),
    "scheduled": gettext_lazy("Scheduled: %(headline)s"),
}


@task
def notify_writers(article_id: int, event: str, actor_id: int | None = None) -> int:
    """Tell a story's writers (who started it, and its byline's staff accounts)
    it was sent back or published; never the one who did it. Returns messages sent."""
    story = Article.objects.filter(pk=article_id).first()
    if story is None or event not in ("sent-back", "published"):
        return 0
    writers = (
        get_user_model()
        .objects.filter(
            Q(pk=story.created_by_id) | Q(author__articles=story),
            is_active=True,
        )
        .exclude(email="")
        .exclude(pk=actor_id)
        .distinct()
    )
    addresses = sorted(writers.values_list("email", flat=True))
    if not addresses:
        return 0
    scheduled = story.desk_state == Article.DeskState.SCHEDULED
    note = (
        story.notes.select_related("author").first() if event == "sent-back" else None
    )
    context = {
        "story": story,
        "event": event,
        "scheduled": scheduled,
        "publish_at": date_format(
            timezone.localtime(story.publish_at), "DATETIME_FORMAT"
        ),
        "note": note,
        "note_by": (note.author.get_full_name() or note.author.get_username())
        if note and note.author
        else gettext("The desk"),
        "story_url": absolute_url(story.get_absolute_url()),
        "change_url": desk_link(story),
        "site_name": settings.SITE_NAME,
    }
    subject = WRITER_SUBJECTS[
        "scheduled" if scheduled and event == "published" else event
    ]
    EmailMessage(
        subject=str(subject) % {"headline": story.headline},
        body=render_to_string("articles/email/writer.txt", context),
        to=addresses,
    ).send()
    return 1
