"""Builds the demo magazine. Every step is keyed by slug, so running it twice adds nothing."""

import importlib
import random
import re
from collections.abc import Iterator
from datetime import timedelta
from functools import partial

import reversion
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.images.markup import render_body
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Category,
    Comment,
    Image,
    RelatedArticle,
)
from articles.tasks import make_renditions
from magazine.languages import home_url
from magazine.models import SiteSettings
from magazine.planner_statistics import refresh_planner_statistics
from magazine.site.demo import content, images
from magazine.site.models import Page
from newsletter.forms import CONSENT_TEXT
from newsletter.models import Edition, EditionArticle, Subscriber

BATCH_SIZE = 2000
IMAGE_COUNT = 24
FIVE_YEARS_IN_MINUTES = 5 * 365 * 24 * 60


def load(*, articles: int, log=print) -> None:
    with transaction.atomic():
        load_site()
        categories = load_categories()
        staff = load_staff()
        authors = load_authors(load_portraits(), staff)
        tags = load_tags()
        library = load_images()
    log(
        f"Sections: {len(categories)}, authors: {len(authors)}, images: {len(library)}."
    )
    log(
        "Staff accounts, without a password until you set one with manage.py "
        "changepassword: "
        + ", ".join(f"{username} ({role})" for username, _, role in content.STAFF)
        + "."
    )
    created = load_stories(categories, authors, tags, library)
    created += load_spanish_stories(categories, authors, tags, library)
    created += load_generated(
        articles - len(content.STORIES) - len(content.STORIES_ES),
        categories,
        authors,
        tags,
        library,
        log,
    )
    load_related_picks()
    load_comments()
    load_newsletter()
    log(f"Articles created: {created}; in the database: {Article.objects.count()}.")
    # Thousands of stories at once: the planner needs to hear of them now.
    refresh_planner_statistics()


def load_site() -> None:
    site_settings = SiteSettings.load()
    for field, value in content.SITE_SETTINGS.items():
        setattr(site_settings, field, value)
    for field, value in content.SITE_SETTINGS_ES.items():
        setattr(site_settings, field, value)
    site_settings.save()
    for page in content.PAGES:
        Page.objects.update_or_create(
            slug_en=page["slug"], defaults=page | content.PAGES_ES[page["slug"]]
        )


def load_categories() -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for path, name, description, in_navigation, position in content.CATEGORIES:
        parent_path, _, slug = path.rpartition("/")
        category = Category.objects.filter(path_en=path).first() or Category(
            slug_en=slug
        )
        category.parent = categories.get(parent_path)
        category.name_en, category.description_en = name, description
        name_es, category.slug_es, description_es = content.CATEGORIES_ES[path]
        category.name_es, category.description_es = name_es, description_es
        category.in_navigation, category.position = in_navigation, position
        category.save()
        categories[path] = category
    return categories


def load_staff() -> dict:
    """The newsroom's Editor and Contributor accounts, by the slug of the author
    each writes as: staff, in the groups the roles migration made, and without a
    usable password (nothing secret is written down here)."""
    roles = importlib.import_module("articles.migrations.0003_roles")
    groups = Group.objects.in_bulk(roles.ROLES, field_name="name")
    if len(groups) < len(roles.ROLES):  # a flushed database: make them again
        roles.grant_roles(apps)
        importlib.import_module(
            "newsletter.migrations.0003_editors_run_the_whole_desk"
        ).grant(apps)
        groups = Group.objects.in_bulk(roles.ROLES, field_name="name")
    names = {slug: name for slug, name, _ in content.AUTHORS}
    staff = {}
    for username, author_slug, role in content.STAFF:
        first_name, _, last_name = names[author_slug].partition(" ")
        user, _ = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@miamicurrent.example",
                "is_staff": True,
                "password": make_password(None),  # unusable
            },
        )
        user.groups.add(groups[role])
        staff[author_slug] = user
    return staff


def load_portraits() -> dict[str, Image]:
    """The authors' photos in the image library, by author slug."""
    names = {slug: name for slug, name, _ in content.AUTHORS}
    return {
        slug: library_picture(
            f"Portrait of {names[slug]}",
            lambda index=index: images.paint_portrait(index),
            alt_text=f"{names[slug]}, in an illustrated portrait",
            focal_point=images.PORTRAIT_FOCAL_POINT,
        )
        for index, slug in enumerate(content.PORTRAITS)
    }


def load_authors(portraits, staff) -> dict[str, Author]:
    authors = {}
    for slug, name, bio in content.AUTHORS:
        defaults = {"name": name, "bio_en": bio, "bio_es": content.AUTHOR_BIOS_ES[slug]}
        if slug in portraits:
            defaults["photo"] = portraits[slug]
        if slug in staff:
            defaults["user"] = staff[slug]
        authors[slug] = Author.objects.update_or_create(slug=slug, defaults=defaults)[0]
    return authors


def load_tags() -> dict[str, Tag]:
    """The English edition's tags and the Spanish stories' own."""
    return {
        name: Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]
        for name in [*content.TAGS, *content.TAGS_ES]
    }


def load_images() -> list[Image]:
    library = []
    for index in range(IMAGE_COUNT):
        title = images.title(index)
        library.append(
            library_picture(
                title,
                lambda index=index: images.paint(index),
                alt_text=f"Illustration: {images.scene(index)}",
                caption=images.scene(index),
                focal_point=content.FOCAL_POINTS[images.subject(index)],
            )
        )
    return library


def spanish_picture(library: list[Image], picture: Image) -> Image:
    """The library's Spanish copy of a demo picture: the same painting, its
    title, alt text and caption in Spanish, for the Spanish edition's stories
    (shows a Spanish desk's own picture; a shared one may carry a Spanish alt
    text of its own, ``Image.alt_text_es``)."""
    if picture not in library:
        return picture
    index = library.index(picture)
    scene = content.SCENE_CAPTIONS_ES[images.scene(index)]
    suffix = picture.title.removeprefix(images.scene(index))
    return library_picture(
        f"{scene}{suffix}",
        lambda: images.paint(index),
        alt_text=f"Ilustración: {scene}",
        caption=scene,
        focal_point=(picture.focal_x, picture.focal_y),
    )


def library_picture(title, paint, *, alt_text, caption="", focal_point) -> Image:
    """The library picture called ``title``, painted and added if it is missing.
    Its renditions are queued for the task worker, again if it has none yet."""
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(
            title=title,
            alt_text=alt_text,
            caption=caption,
            credit="Miami Current illustration",
            file=ContentFile(paint(), name=f"{slugify(title)}.jpg"),
        )
        image.focal_x, image.focal_y = focal_point
        image.save()  # queues its renditions
    elif not image.renditions.exists():
        transaction.on_commit(partial(make_renditions.enqueue, image.pk))
    return image


def body_html(rng: random.Random, section: str) -> str:
    paragraphs = rng.sample(content.PARAGRAPHS[section], k=5)
    subhead = rng.choice(content.SUBHEADS)
    quote = rng.choice(content.QUOTES)
    return (
        "".join(f"<p>{p}</p>" for p in paragraphs[:3])
        + f"<h2>{subhead}</h2><blockquote><p>{quote}</p></blockquote>"
        + "".join(f"<p>{p}</p>" for p in paragraphs[3:])
    )


def story_body(story: dict) -> str:
    """A hand-written story's own paragraphs, else ones composed for its section."""
    if paragraphs := story.get("paragraphs"):
        return "".join(f"<p>{p}</p>" for p in paragraphs)
    return body_html(random.Random(story["slug"]), _section(story["category"]))


def body_figure(library: list[Image], index: int, caption: str | None) -> str:
    """A library picture inside the text, as the editor's picker inserts it."""
    if not caption:
        return ""
    picture = library[(index + 1) % len(library)]
    return format_html(
        '<figure class="figure"><img src="{}" alt="{}"><figcaption>{}</figcaption>'
        "</figure>",
        picture.file.url,
        picture.alt_text,
        caption,
    )


def _section(category_path: str) -> str:
    return category_path.split("/")[0]


def load_stories(categories, authors, tags, library) -> int:
    """The hand-written stories, once each (see :func:`write_story`)."""
    existing = set(
        Article.objects.filter(
            slug__in=[s["slug"] for s in content.STORIES]
        ).values_list("slug", flat=True)
    )
    pictures = {image.title: image for image in library}
    now = timezone.now()
    created = 0
    for index, story in enumerate(content.STORIES):
        if story["slug"] in existing:
            continue
        publish_at = now - timedelta(days=story.get("days_old", 0), hours=3 * index + 1)
        if hours := story.get("scheduled_in_hours"):
            publish_at = now + timedelta(hours=hours)
        # Saved in the name of the byline's staff account, if it has one.
        writer = next(
            (authors[slug].user for slug in story["authors"] if authors[slug].user_id),
            None,
        )
        fields = {
            "slug": story.get("previous_slug", story["slug"]),
            "headline": story["headline"],
            "standfirst": story["standfirst"],
            "body": story_body(story)
            + body_figure(library, index, story.get("body_picture"))
            + story.get("extra_body", ""),
            "category": categories[story["category"]],
            "secondary_categories": [
                categories[path] for path in story.get("also_in", [])
            ],
            "lead_image": library[index % len(library)],
            "dateline": story.get("dateline", ""),
            "contributors": story.get("contributors", ""),
            "source_name": story.get("source_name", ""),
            "source_url": story.get("source_url", ""),
            "licence_expires_at": (
                now + timedelta(days=story["licence_days"])
                if "licence_days" in story
                else None
            ),
            "is_sponsored": story.get("sponsored", False),
            "sponsor_name": story.get("sponsor_name", ""),
            "is_featured": story.get("featured", False),
            "status": Article.Status(story.get("status", Article.Status.PUBLISHED)),
            "publish_at": publish_at,
            "comments": Article.Comments(story.get("comments", Article.Comments.OPEN)),
            "seo_title": story.get("seo_title", ""),
            "meta_description": story.get("meta_description", ""),
            "social_image": pictures.get(story.get("social_image")),
            "created_by": writer,
        }
        with transaction.atomic():
            article = write_story(
                fields,
                [authors[slug] for slug in story["authors"]],
                [tags[name] for name in story["tags"]],
            )
            if update := story.get("update"):
                revised_at = publish_at + timedelta(hours=update["after_hours"])
                revise(
                    article,
                    writer,
                    "Added the update; readers see it as Updated.",
                    at=revised_at,
                    body=article.body + update["body"],
                    revised_at=revised_at,
                )
            if story.get("previous_slug"):
                # Through Article.save, as the admin does: the old address redirects.
                revise(article, writer, "Corrected the address.", slug=story["slug"])
        created += 1
    return created


def load_spanish_stories(categories, authors, tags, library) -> int:
    """The Spanish edition's stories, once each: some linked to the English
    story they translate and checked against its version as it is now, one
    checked against the version before its last revision (so it shows as out
    of date), the rest written for Spanish readers only. Stories loaded by an
    older demo get their Spanish tags and picture."""
    slugs = [s["slug"] for s in content.STORIES_ES]
    existing = Article.objects.prefetch_related("tags").in_bulk(
        slugs, field_name="slug"
    )
    originals = Article.objects.in_bulk(
        [s["translation_of"] for s in content.STORIES_ES if "translation_of" in s],
        field_name="slug",
    )
    pictures = {image.pk: image for image in library}
    now = timezone.now()
    created = 0
    for index, story in enumerate(content.STORIES_ES):
        original = originals.get(story.get("translation_of"))
        # Also for a story already there: a picture still without renditions
        # has them queued again.
        picture = spanish_picture(
            library,
            pictures[original.lead_image_id]
            if original is not None
            else library[(index + 7) % len(library)],
        )
        if (article := existing.get(story["slug"])) is not None:
            if article.lead_image_id in pictures:  # as an older demo left it
                give_spanish_words(
                    article, picture, [tags[name] for name in story["tags"]]
                )
            continue
        if original is not None:
            publish_at = min(original.publish_at + timedelta(hours=2), now)
            translated_version = original.version
            if story.get("out_of_date"):
                translated_version -= 1
        else:
            publish_at = now - timedelta(hours=4 * index + 2)
            translated_version = None
        writer = next(
            (authors[slug].user for slug in story["authors"] if authors[slug].user_id),
            None,
        )
        fields = {
            "slug": story["slug"],
            "language": "es",
            "translation_of": original,
            "translated_version": translated_version,
            "headline": story["headline"],
            "standfirst": story["standfirst"],
            "body": story_body(story),
            "category": categories[story["category"]],
            "secondary_categories": [
                categories[path] for path in story.get("also_in", [])
            ],
            "lead_image_id": picture.pk,
            "lead_image_caption": picture.caption,
            "dateline": story.get("dateline", ""),
            "is_featured": story.get("featured", False),
            "status": Article.Status.PUBLISHED,
            "publish_at": publish_at,
            "comments": Article.Comments(story.get("comments", Article.Comments.OPEN)),
            "created_by": writer,
        }
        with transaction.atomic():
            write_story(
                fields,
                [authors[slug] for slug in story["authors"]],
                [tags[name] for name in story["tags"]],
            )
        created += 1
    return created


def give_spanish_words(article: Article, picture: Image, tags: list[Tag]) -> None:
    """A Spanish story an older demo left with the English library picture and
    tags, given the Spanish copy of the picture and its Spanish tags."""
    article.tags.set(tags)
    Article.objects.filter(pk=article.pk).update(
        lead_image=picture, lead_image_caption=picture.caption
    )


def write_story(fields: dict, byline: list[Author], tags: list[Tag]) -> Article:
    """A new story with its byline, tags and sections, recorded as the first
    revision in its history (the admin's History lists it).

    It is recorded once it is complete, as the admin's bulk actions record
    theirs: reversion copies what a story holds when it is added, so a copy
    taken on its first save would lack the byline and sections.
    """
    secondary = fields.pop("secondary_categories")
    article = Article.objects.create(
        **fields, byline=", ".join(author.name for author in byline)
    )
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author=author, position=position)
        for position, author in enumerate(byline)
    )
    article.tags.set(tags)
    if secondary:
        article.secondary_categories.add(*secondary)
    # Each byline row's copy is named "author on story": read them in one go.
    prefetch_related_objects([article], "articleauthor_set__author")
    with reversion.create_revision():
        reversion.set_comment("First version, written for the demo.")
        reversion.set_user(fields["created_by"])
        reversion.set_date_created(min(article.publish_at, timezone.now()))
        reversion.add_to_revision(article)
    return article


def revise(article: Article, user, comment: str, *, at=None, **changes) -> None:
    """A later edit, saved as the admin saves one: in a revision of its own
    (dated ``at``, if it was made before now)."""
    with reversion.create_revision():
        reversion.set_comment(comment)
        reversion.set_user(user)
        if at is not None:
            reversion.set_date_created(at)
        for field, value in changes.items():
            setattr(article, field, value)
        article.save()


# "A Edgewater chef", "a 80-metre yacht": composed headlines say "An" there.
_A_BEFORE_A_VOWEL_SOUND = re.compile(r"\b([Aa]) (?=[AEIOU]|8|1[18]\b|1[18]-)")


def generated_articles(count: int) -> Iterator[tuple[int, dict]]:
    """The composed stories, the same every run: (number, fields)."""
    paths = list(content.HEADLINE_PATTERNS)
    for number in range(count):
        rng = random.Random(number)
        path = paths[number % len(paths)]
        fillers = {key: rng.choice(values) for key, values in content.FILLERS.items()}
        headline = rng.choice(content.HEADLINE_PATTERNS[path]).format(
            n=rng.randint(2, 40), m=rng.randint(30, 90), **fillers
        )
        headline = _A_BEFORE_A_VOWEL_SOUND.sub(r"\1n ", headline)
        yield number, {"path": path, "headline": headline, "rng": rng}


def load_generated(count, categories, authors, tags, library, log) -> int:
    if count <= 0:
        return 0
    existing = set(
        Article.objects.filter(slug__contains="-n").values_list("slug", flat=True)
    )
    now = timezone.now()
    step = max(30, FIVE_YEARS_IN_MINUTES // count)
    author_list = [a for slug, a in authors.items() if slug != "jill-lawless"]
    tags_by_section = {
        section: [tags[name] for name in names]
        for section, names in content.SECTION_TAGS.items()
    }
    content_type = ContentType.objects.get_for_model(Article)
    batch: list[tuple[Article, random.Random]] = []
    created = 0

    def flush():
        nonlocal created
        with transaction.atomic():
            writers = []
            for article, rng in batch:
                writers.append(rng.choice(author_list))
                article.byline = writers[-1].name  # bulk_create sends no signal
            Article.objects.bulk_create([article for article, _ in batch])
            saved = {
                a.slug: a.pk
                for a in Article.objects.filter(slug__in=[a.slug for a, _ in batch])
            }
            bylines, tagged = [], []
            for (article, rng), writer in zip(batch, writers, strict=True):
                article.pk = saved[article.slug]
                bylines.append(ArticleAuthor(article_id=article.pk, author=writer))
                fitting = tags_by_section[_section(article.category.path)]
                tagged += [
                    TaggedItem(content_type=content_type, object_id=article.pk, tag=tag)
                    for tag in rng.sample(
                        fitting, k=rng.randint(1, min(3, len(fitting)))
                    )
                ]
            ArticleAuthor.objects.bulk_create(bylines)
            TaggedItem.objects.bulk_create(tagged)
        created += len(batch)
        batch.clear()
        if created % (BATCH_SIZE * 10) == 0:
            log(f"  {created} composed stories…")

    for number, story in generated_articles(count):
        slug = f"{slugify(story['headline'])[:180]}-n{number}"
        if slug in existing:
            continue
        rng = story["rng"]
        standfirst = rng.choice(content.PARAGRAPHS[_section(story["path"])])
        body = body_html(rng, _section(story["path"]))
        article = Article(
            slug=slug,
            headline=story["headline"],
            standfirst=standfirst,
            body=body,
            rendered_body=render_body(body),  # bulk_create skips save()
            category=categories[story["path"]],
            lead_image=library[number % len(library)],
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(days=1, minutes=step * number),
        )
        batch.append((article, rng))
        if len(batch) >= BATCH_SIZE:
            flush()
    if batch:
        flush()
    return created


def load_related_picks() -> None:
    """The desk's hand-picked related stories, once; the rest are filled in."""
    slugs = {slug for story, picks in content.RELATED_PICKS for slug in [story, *picks]}
    by_slug = Article.objects.in_bulk(slugs, field_name="slug")
    for story, picks in content.RELATED_PICKS:
        if story not in by_slug or by_slug[story].picks.exists():
            continue
        RelatedArticle.objects.bulk_create(
            RelatedArticle(article=by_slug[story], related=by_slug[pick], position=n)
            for n, pick in enumerate(picks)
            if pick in by_slug
        )


def load_comments() -> None:
    """A threaded discussion under the first stories, once."""
    approved = Comment.Status.APPROVED
    for slug, (comments, replies) in content.DISCUSSIONS.items():
        article = Article.objects.filter(slug=slug).first()
        if article is None or article.comment_set.exists():
            continue
        thread = [
            Comment.objects.create(
                article=article,
                name=name,
                email=email,
                body=body,
                status=approved,
                language=article.language,
            )
            for name, email, body in comments
        ]
        for parent_index, name, email, body in replies:
            Comment.objects.create(
                article=article,
                parent=thread[parent_index],
                name=name,
                email=email,
                body=body,
                status=approved,
                language=article.language,
            )
    # The story whose every comment is moderated has one waiting, for the admin's queue.
    slug, name, email, body = content.WAITING_COMMENT
    article = Article.objects.filter(slug=slug).first()
    if article is not None and not article.comment_set.exists():
        Comment.objects.create(
            article=article,
            name=name,
            email=email,
            body=body,
            status=Comment.Status.PENDING,
        )


def load_newsletter() -> None:
    """Readers of both editions, each with the consent wording of the page they
    signed up on, and a draft edition for the Spanish ones, once."""
    now = timezone.now()
    for reader in content.SUBSCRIBERS:
        language = reader["language"]
        with translation.override(language):
            Subscriber.objects.get_or_create(
                email=reader["email"],
                defaults={
                    "name": reader["name"],
                    "language": language,
                    "status": Subscriber.Status.ACTIVE,
                    "signup_page": home_url(language),
                    "consent_text": str(CONSENT_TEXT),
                    "consented_at": now - timedelta(days=30),
                    "confirmed_at": now - timedelta(days=30),
                },
            )
    edition = content.EDITION_ES
    fields = {name: value for name, value in edition.items() if name != "stories"}
    if Edition.objects.filter(**fields).exists():
        return
    with transaction.atomic():
        draft = Edition.objects.create(**fields)
        stories = Article.objects.in_bulk(edition["stories"], field_name="slug")
        EditionArticle.objects.bulk_create(
            EditionArticle(edition=draft, article=stories[slug], position=position)
            for position, slug in enumerate(edition["stories"])
            if slug in stories
        )
