"""Changes to a live story kept aside until an editor publishes them.

A save of a published story from its form writes its reader-facing text,
its secondary sections, byline and related picks to the story's
``PendingChanges`` instead of the story (readers, feeds and every cache keep
the published story); the form's banner offers "Publish changes" (editors)
and "Discard changes".
"""

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import services
from articles.admin.roles import can_publish
from articles.models import Article, ArticleAuthor, PendingChanges, RelatedArticle
from articles.models.pending import PENDING_FIELDS

# The story's inlines whose rows wait with the pending changes: the list each
# fills (``pending.LISTS``) and the field naming a row's author or story.
PENDING_INLINES = {
    ArticleAuthor: ("author_ids", "author"),
    RelatedArticle: ("related_ids", "related"),
}

# Form fields that are no change of the story itself.
NOT_THE_STORY = {
    "desk_note",
    "material_update",
    "seen_version",
    "tags",
    "secondary_categories",
}


def pending_changes_of(story: Article | None) -> PendingChanges | None:
    """The story's pending changes, read once for its form and its inlines."""
    if story is None or story.pk is None:
        return None
    if not hasattr(story, "_pending_changes_read"):
        story._pending_changes_read = (
            PendingChanges.objects.select_related("saved_by")
            .filter(article=story)
            .first()
        )
    return story._pending_changes_read


def keep_changes_pending(request, story: Article, form, formsets, *, save) -> None:
    """A save of a live story: its reader-facing fields, secondary sections,
    byline and related picks (the inlines ``formsets``) go to the draft of
    changes, and the story keeps its published values and rows. Whatever else
    the form changed (publishing settings, the address, the status) is saved
    on the story at once with ``save`` (the admin's own ``save_model``); the
    draft is then made on that new version. Nothing of the form's
    many-to-many fields or inlines is written."""
    values = PendingChanges.values_of(story)
    tags = form.cleaned_data.pop("tags", [])
    published = Article.objects.get(pk=story.pk)
    lists = PendingChanges.lists_of(published)
    if "secondary_categories" in form.cleaned_data:
        lists["secondary_categories"] = [
            getattr(category, "pk", category)  # ids when a merge kept theirs
            for category in form.cleaned_data["secondary_categories"]
        ]
    for formset in formsets:
        if formset.model in PENDING_INLINES:
            name, key = PENDING_INLINES[formset.model]
            if name not in form.theirs_rows:  # a merge kept the published rows
                lists[name] = ids_in(formset, key)
        # Nothing saved: the history's message lists no row.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = (
            [],
            [],
            [],
        )
    for name, value in PendingChanges.values_of(published).items():
        setattr(story, Article._meta.get_field(name).attname, value)
    if settings_changed(form, published):
        save(request, story, form, True)
    pending = services.keep_pending_changes(
        story=story,
        user=request.user,
        values=values,
        tags=tags,
        lists=lists,
        material_update=bool(form.cleaned_data.get("material_update")),
    )
    if pending is not None:
        messages.info(
            request,
            _(
                "Your changes are kept as unpublished changes: readers see the "
                "published version until an editor presses “Publish changes”."
            ),
        )


def ids_in(formset, key: str) -> list[int]:
    """The rows a valid inline formset of the story's form would leave, as the
    ids of their ``key`` (author, related story) in their order: by position,
    then as listed; blank and deleted rows left out."""
    deleted = formset.deleted_forms if formset.can_delete else []
    kept = []
    for index, row in enumerate(formset.forms):
        if row in deleted or not row.cleaned_data.get(key):
            continue
        kept.append(
            (row.cleaned_data.get("position") or 0, index, row.cleaned_data[key].pk)
        )
    return [pk for _position, _index, pk in sorted(kept)]


class PendingRowsFormSet(BaseInlineFormSet):
    """An inline of the story's form (byline, related picks) that, opened on
    pending changes (``pending_ids``: their ids in order), shows them: a
    published row they keep at its pending place, one they drop ticked for
    deletion, one they add as a new row. Sent, it is what the editor left:
    saved over the rows of a story that is not live, kept as pending changes
    of a live one (``ids_in``)."""

    def __init__(self, *args, pending_ids: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending_ids = None if self.is_bound else pending_ids
        if self.pending_ids is not None:
            _name, self.key = PENDING_INLINES[self.model]
            shown = {getattr(row, f"{self.key}_id") for row in self.get_queryset()}
            self.initial_extra = [
                {self.key: pk, "position": position}
                for position, pk in enumerate(self.pending_ids)
                if pk not in shown
            ]
            self.extra += len(self.initial_extra)

    def is_valid(self):
        """Rows a refused save's merge keeps as stored are not saved
        (``ArticleForm.theirs_rows``): what was sent for them is no error."""
        name, _key = PENDING_INLINES[self.model]
        if name in getattr(self.instance, "rows_kept_as_stored", ()):
            return True
        return super().is_valid()

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.pending_ids is not None and i < self.initial_form_count():
            value = getattr(form.instance, f"{self.key}_id")
            if value in self.pending_ids:
                form.initial["position"] = self.pending_ids.index(value)
            elif "DELETE" in form.fields:
                form.fields["DELETE"].initial = True
        return form


def pending_rows(formset_model, pending: PendingChanges | None) -> list[int] | None:
    """The ids an inline of ``formset_model`` shows from ``pending`` (those
    deleted since left out); None for no pending changes, or an inline whose
    rows apply at once."""
    if pending is None or formset_model not in PENDING_INLINES:
        return None
    name, _key = PENDING_INLINES[formset_model]
    if name == "author_ids":
        return [author.pk for author in pending.shown_authors()]
    return [story.pk for story in pending.shown_related()]


def settings_changed(form, published: Article) -> set[str]:
    """The form's changes to the story beyond its reader-facing text (the status
    as the desk's buttons leave it). A time
    is shown to the second: one that only loses its microseconds is kept."""
    changed = set(form.changed_data) - set(PENDING_FIELDS) - NOT_THE_STORY
    if form.cleaned_data.get("status") != published.status:
        changed.add("status")  # a desk button (Unpublish) decides it
    for name in list(changed):
        value, stored = form.cleaned_data.get(name), getattr(published, name, None)
        if (
            isinstance(value, datetime)
            and isinstance(stored, datetime)
            and abs(value - stored) < timedelta(seconds=1)
        ):
            changed.discard(name)
    return changed


def _story(model_admin, request, object_id) -> Article:
    story = model_admin.get_object(request, str(object_id))
    if story is None or not model_admin.has_change_permission(request, story):
        raise PermissionDenied
    return story


def _back_to(story: Article) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        reverse("admin:articles_article_change", args=[story.pk])
    )


def publish_changes_view(model_admin):
    """The banner's "Publish changes" (POST only): editors only, whatever the
    page showed; refused when the story was saved after the changes were made."""

    def view(request, object_id):
        story = _story(model_admin, request, object_id)
        if not can_publish(request):
            raise PermissionDenied
        try:
            services.publish_pending_changes(story=story, user=request.user)
        except PendingChanges.DoesNotExist:
            messages.error(
                request, _("This story has no unpublished changes to publish.")
            )
        except services.StalePendingChanges as stale:
            messages.error(
                request,
                _(
                    "Not published: the story was saved at %(when)s, after these "
                    "changes were made on it, and publishing them would undo that "
                    "save. Check the form against the published story, save it "
                    "again to keep the changes on the story as it is now, then "
                    "publish them."
                )
                % {
                    "when": timezone.localtime(stale.story.modified_at).strftime(
                        "%H:%M"
                    )
                },
            )
        else:
            messages.success(
                request, _("The changes are published: readers see them now.")
            )
        return _back_to(story)

    return view


def discard_changes_view(model_admin):
    """The banner's "Discard changes" (POST only), for whoever may edit the story."""

    def view(request, object_id):
        story = _story(model_admin, request, object_id)
        if services.discard_pending_changes(story=story):
            messages.success(
                request,
                _(
                    "The unpublished changes were discarded: the form shows the "
                    "published story."
                ),
            )
        return _back_to(story)

    return view
