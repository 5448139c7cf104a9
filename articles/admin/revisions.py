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

from articles.diffs import readable_lists, readable_text, word_diff
from articles.images.markup import render_body
from articles.models import Article, ArticleAuthor, PendingChanges, RelatedArticle
from articles.views import pages
from articles.views.preview import private

# The compare form's name for a story's pending changes (``PendingChanges``).
PENDING = "pending"

COMPARED_FIELDS = [
    ("headline", gettext_lazy("Headline")),
    ("standfirst", gettext_lazy("Standfirst")),
    ("body", gettext_lazy("Body text")),
]


# The story's lists, compared after its text: names and headlines, one a line.
# Revisions do not keep tags: a version's are known only for the newest one
# (the story's tags now), so tags are compared between it and pending changes.
COMPARED_LISTS = [
    ("tags", gettext_lazy("Tags")),
    ("secondary_categories", gettext_lazy("Secondary sections")),
    ("author_ids", gettext_lazy("Byline")),
    ("related_ids", gettext_lazy("Related stories picked by the desk")),
]
# The rows a revision of a story holds beside it: the list each fills and
# the field naming the row's author or story.
FOLLOWED_ROWS = {
    ArticleAuthor: ("author_ids", "author_id"),
    RelatedArticle: ("related_ids", "related_id"),
}


def lists_of(version, story: Article, newest) -> dict:
    """A version's lists (``COMPARED_LISTS``) as ids (tags as names); its
    tags None unless it is the ``newest`` revision."""
    if isinstance(version, PendingVersion):
        return {**version.pending.lists(), "tags": list(version.pending.tags)}
    found = {
        "tags": list(story.tags.names()) if version is newest else None,
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


def list_diffs(older, newer, story: Article, newest) -> list:
    """(label, pieces) for each list both versions know, as names."""
    before = lists_of(older, story, newest)
    after = lists_of(newer, story, newest)
    diffs = []
    for name, label in COMPARED_LISTS:
        old_text, new_text = readable_lists(name, before[name], after[name])
        if old_text is not None and new_text is not None:
            diffs.append((label, word_diff(old_text, new_text)))
    return diffs


def readable(version: Version, name: str) -> str:
    return readable_text(name, version.field_dict.get(name) or "")


class PendingVersion:
    """A story's pending changes where the compare view takes a version."""

    is_pending = True
    pk = PENDING

    def __init__(self, pending: PendingChanges):
        self.field_dict = pending.values()
        self.pending = pending

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
        diffs, problem, older, newer = [], None, None, None
        if versions and form.is_valid():
            older = by_pk[form.cleaned_data["older"]]
            newer = by_pk[form.cleaned_data["newer"]]
            try:
                diffs = [
                    (label, word_diff(readable(older, name), readable(newer, name)))
                    for name, label in COMPARED_FIELDS
                ]
                newest = next(
                    (v for v in versions if not isinstance(v, PendingVersion)), None
                )
                diffs += list_diffs(older, newer, story, newest)
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
            "problem": problem,
            "older": older,
            "newer": newer,
        }
        return TemplateResponse(
            request, "admin/articles/article/compare_versions.html", context
        )

    return view


@dataclass(frozen=True)
class RevisionShown:
    """The version a preview shows, for the reader page's banner."""

    number: int
    version_id: int
    saved_at: datetime
    saved_by: str


def story_as_saved(story: Article, version: Version) -> Article:
    """``story`` with the version's own fields (text, pictures, section, times);
    its byline and tags are today's. Nothing is saved."""
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
        )
        return private(
            pages.article_detail(request, story, preview=True, revision=shown)
        )

    return view
