"""Revisions you can read: two versions of a story side by side as a word diff,
and any version as readers would have seen it."""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from reversion.errors import RevertError
from reversion.models import Version
from taggit.models import Tag

from articles.diffs import readable_lists, readable_text, word_diff
from articles.images.markup import render_body
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Category,
    PendingChanges,
    RelatedArticle,
    VersionTags,
)
from articles.models.categories import category_tree
from articles.models.listings import related_cards_given
from articles.views import pages
from articles.views.preview import private

# The compare form's name for a story's pending changes (``PendingChanges``).
PENDING = "pending"

COMPARED_FIELDS = [
    ("headline", gettext_lazy("Headline")),
    ("standfirst", gettext_lazy("Standfirst")),
    ("body", gettext_lazy("Body text")),
]


def readable(version: Version, name: str) -> str:
    return readable_text(name, version.field_dict.get(name) or "")


@dataclass(frozen=True)
class VersionCredits:
    """What a version of a story held beside its own fields: its byline, its
    related picks (story ids, in order), its secondary sections and its tags.
    ``None``: the version did not record it (tags, before versions kept them;
    secondary sections, in a revision saved before they existed)."""

    authors: list[Author]
    picks: list[int]
    sections: list[Category] | None
    tags: list[Tag] | None


def version_credits(story: Article, version: Version) -> VersionCredits:
    """The byline rows and related picks django-reversion keeps with each
    revision of a story (``follow``), its secondary sections (in the story's
    own data) and its tags (``VersionTags``). A bulk action's revision holds
    other stories too: only this story's rows count. Raises ``RevertError``
    when the revision cannot be read."""
    types = ContentType.objects.get_for_models(ArticleAuthor, RelatedArticle)
    rows = {ArticleAuthor: [], RelatedArticle: []}
    for row in version.revision.version_set.filter(content_type__in=types.values()):
        fields = row.field_dict
        if fields.get("article_id") == story.pk:
            rows[row._model].append(fields)

    def in_order(found):
        return sorted(found, key=lambda fields: (fields["position"], fields["id"]))

    author_ids = [fields["author_id"] for fields in in_order(rows[ArticleAuthor])]
    authors = Author.objects.only("pk", "name", "slug").in_bulk(author_ids)
    sections = version.field_dict.get("secondary_categories")
    if sections is not None:
        tree = category_tree().by_pk
        sections = [tree[pk] for pk in sections if pk in tree]
    kept = VersionTags.objects.filter(version=version).first()
    return VersionCredits(
        authors=[authors[pk] for pk in author_ids if pk in authors],
        picks=[fields["related_id"] for fields in in_order(rows[RelatedArticle])],
        sections=sections,
        tags=None
        if kept is None
        else [Tag(name=tag["name"], slug=tag["slug"]) for tag in kept.tags],
    )


def byline_text(authors) -> str:
    return ", ".join(author.name for author in authors)


def tags_text(tags) -> str:
    return ", ".join(tag.name for tag in tags)


# The story's lists, compared after its text and credits: names and headlines,
# one a line (the byline and tags are ``COMPARED_CREDITS``).
COMPARED_LISTS = [
    ("secondary_categories", gettext_lazy("Secondary sections")),
    ("related_ids", gettext_lazy("Related stories picked by the desk")),
]
# The rows a revision of a story holds beside it: the list each fills and
# the field naming the row's author or story.
FOLLOWED_ROWS = {
    RelatedArticle: ("related_ids", "related_id"),
}


def lists_of(version, story: Article) -> dict:
    """A version's lists (``COMPARED_LISTS``) as ids."""
    if isinstance(version, PendingVersion):
        return version.pending.lists()
    found = {
        "secondary_categories": list(
            version.field_dict.get("secondary_categories") or []
        ),
    }
    types = ContentType.objects.get_for_models(*FOLLOWED_ROWS)
    rows = {name: [] for name, _key in FOLLOWED_ROWS.values()}
    by_type = {types[model].pk: model for model in FOLLOWED_ROWS}
    for row in version.revision.version_set.filter(content_type__in=by_type):
        fields = row.field_dict
        if fields.get("article_id") != story.pk:
            continue
        name, key = FOLLOWED_ROWS[by_type[row.content_type_id]]
        rows[name].append((fields.get("position") or 0, fields["id"], fields[key]))
    for name, kept in rows.items():
        found[name] = [pk for _position, _id, pk in sorted(kept)]
    return found


def list_diffs(older, newer, story: Article) -> list:
    """(label, pieces) for each list both versions know, as names."""
    before = lists_of(older, story)
    after = lists_of(newer, story)
    diffs = []
    for name, label in COMPARED_LISTS:
        old_text, new_text = readable_lists(name, before[name], after[name])
        if old_text is not None and new_text is not None:
            diffs.append((label, word_diff(old_text, new_text)))
    return diffs


# The compare view's rows beyond the story's own text: (label, the credits'
# text, or None where the version did not record them).
COMPARED_CREDITS = [
    (gettext_lazy("Byline"), lambda credits: byline_text(credits.authors)),
    (
        gettext_lazy("Tags"),
        lambda credits: None if credits.tags is None else tags_text(credits.tags),
    ),
]


class PendingVersion:
    """A story's pending changes where the compare view takes a version."""

    is_pending = True
    pk = PENDING

    def __init__(self, pending: PendingChanges):
        self.field_dict = pending.values()
        self.pending = pending

    def credits(self, story: Article) -> VersionCredits:
        """The byline, picks, secondary sections and tags the changes hold
        (authors or sections deleted since are left out)."""
        lists = self.pending.lists()
        authors = Author.objects.only("pk", "name", "slug").in_bulk(lists["author_ids"])
        tree = category_tree().by_pk
        return VersionCredits(
            authors=[authors[pk] for pk in lists["author_ids"] if pk in authors],
            picks=list(lists["related_ids"]),
            sections=[tree[pk] for pk in lists["secondary_categories"] if pk in tree],
            tags=self.pending.shown_tags(),
        )

    def __str__(self):
        return _("Pending changes — %(who)s, %(when)s, not published") % {
            "who": self.pending.saved_by_name,
            "when": f"{self.pending.saved_at:%Y-%m-%d %H:%M}",
        }


def version_pk(value: str) -> int | str:
    return PENDING if value == PENDING else int(value)


def version_label(version: Version | PendingVersion) -> str:
    if isinstance(version, PendingVersion):
        return str(version)
    revision = version.revision
    who = revision.user.get_username() if revision.user else _("someone")
    return f"{revision.date_created:%Y-%m-%d %H:%M} — {who}"


class CompareForm(forms.Form):
    older = forms.TypedChoiceField(label=gettext_lazy("From"), coerce=version_pk)
    newer = forms.TypedChoiceField(label=gettext_lazy("To"), coerce=version_pk)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(version.pk, version_label(version)) for version in versions]
        self.fields["older"].choices = choices
        self.fields["newer"].choices = choices


def compare_view(model_admin):
    """Any two of the story's versions (default: the two newest), staff who may
    see the story only; its pending changes, if any, are the newest "version"
    (not yet published)."""

    def view(request, object_id):
        story = model_admin.get_queryset(request).filter(pk=object_id).first()
        if story is None or not model_admin.has_view_or_change_permission(
            request, story
        ):
            raise PermissionDenied
        versions = list(
            Version.objects.get_for_object(story).select_related("revision__user")
        )
        pending = (
            PendingChanges.objects.select_related("saved_by")
            .filter(article=story)
            .first()
        )
        if pending is not None:
            versions.insert(0, PendingVersion(pending))
        by_pk = {version.pk: version for version in versions}
        defaults = {
            "older": versions[1].pk if len(versions) > 1 else None,
            "newer": versions[0].pk if versions else None,
        }
        chosen = request.GET.copy()
        if (
            chosen.get("newer") == PENDING
            and "older" not in chosen
            and defaults["older"]
        ):
            chosen["older"] = defaults["older"]  # the banner's "See what changed"
        form = CompareForm(chosen or defaults, versions=versions)
        diffs, credit_diffs, problem, older, newer = [], [], None, None, None
        if versions and form.is_valid():
            older = by_pk[form.cleaned_data["older"]]
            newer = by_pk[form.cleaned_data["newer"]]
            try:
                diffs = [
                    (label, word_diff(readable(older, name), readable(newer, name)))
                    for name, label in COMPARED_FIELDS
                ]
                credit_diffs = credits_diffs(story, older, newer)
                diffs += list_diffs(older, newer, story)
            except RevertError:
                problem = _(
                    "One of these versions was saved by an older release "
                    "and cannot be read."
                )
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": story,
            "title": _("Compare versions of “%(story)s”") % {"story": story},
            "form": form,
            "diffs": diffs,
            "credit_diffs": credit_diffs,
            "problem": problem,
            "older": older,
            "newer": newer,
        }
        return TemplateResponse(
            request, "admin/articles/article/compare_versions.html", context
        )

    return view


def credits_of(story: Article, version: Version | PendingVersion) -> VersionCredits:
    if isinstance(version, PendingVersion):
        return version.credits(story)
    return version_credits(story, version)


def credits_diffs(story: Article, older, newer) -> list[tuple]:
    """(label, word diff, note) rows for the byline and the tags: a diff when
    both versions recorded them, else a note saying which did not."""
    older_credits, newer_credits = credits_of(story, older), credits_of(story, newer)
    rows = []
    for label, text in COMPARED_CREDITS:
        old, new = text(older_credits), text(newer_credits)
        if old is not None and new is not None:
            rows.append((label, word_diff(old, new), None))
            continue
        missing = (
            _("Neither version recorded them (older versions did not keep tags).")
            if old is None and new is None
            else _(
                "The “From” version did not record them (older versions did not "
                "keep tags)."
            )
            if old is None
            else _(
                "The “To” version did not record them (older versions did not keep "
                "tags)."
            )
        )
        rows.append((label, None, missing))
    return rows


@dataclass(frozen=True)
class RevisionShown:
    """The version a preview shows, for the reader page's banner, with what it
    held beside its own fields (the page shows these, not today's)."""

    number: int
    version_id: int
    saved_at: datetime
    saved_by: str
    authors: list
    tags: list
    related: list
    sections: list[Category] | None
    tags_recorded: bool

    @property
    def also_filed_under(self) -> str | None:
        """The version's secondary sections, named; None when not recorded."""
        if self.sections is None:
            return None
        return ", ".join(section.name for section in self.sections)


def story_as_saved(story: Article, version: Version) -> Article:
    """``story`` with the version's own fields (text, pictures, section, times);
    its byline, tags and related stories are ``version_credits``. Nothing is
    saved."""
    stored = {field.attname for field in Article._meta.concrete_fields}
    for attname, value in version.field_dict.items():
        if attname in stored and attname != Article._meta.pk.attname:
            setattr(story, attname, value)
    story.rendered_body = render_body(story.body)
    return story


def revision_preview_view(model_admin):
    """A chosen version through the reader's article page, marked as a preview
    of version N: staff who may see the story only, never cached or indexed."""

    @never_cache
    def view(request, object_id, version_id):
        visible = model_admin.get_queryset(request).values("pk")
        story = (
            Article.objects.for_detail().filter(pk__in=visible, pk=object_id).first()
        )
        if story is None or not model_admin.has_view_or_change_permission(
            request, story
        ):
            raise PermissionDenied
        versions = Version.objects.get_for_object(story)
        version = get_object_or_404(
            versions.select_related("revision__user"), pk=version_id
        )
        try:
            story = story_as_saved(story, version)
            credits = version_credits(story, version)
        except RevertError:
            messages.error(
                request,
                _("That version was saved by an older release and cannot be shown."),
            )
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[story.pk])
            )
        user = version.revision.user
        shown = RevisionShown(
            number=versions.filter(pk__lte=version.pk).count(),
            version_id=version.pk,
            saved_at=version.revision.date_created,
            saved_by=(user.get_full_name() or user.get_username())
            if user
            else _("someone"),
            authors=credits.authors,
            tags=credits.tags or [],
            related=related_cards_given(
                story,
                pages.RELATED_COUNT,
                picks=credits.picks,
                tag_slugs=[tag.slug for tag in credits.tags or []],
            ),
            sections=credits.sections,
            tags_recorded=credits.tags is not None,
        )
        return private(
            pages.article_detail(request, story, preview=True, revision=shown)
        )

    return view
