from datetime import timedelta

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.forms import merge
from articles.models import Article, PendingChanges

CONTRIBUTOR_STATUSES = {Article.Status.DRAFT, Article.Status.IN_REVIEW}
# What the desk chooses from: the stored statuses, and "Scheduled", which is
# stored as published with a future publish time.
STATUS_CHOICES = [
    (state.value, state.label)
    for state in Article.DeskState
    if state not in {Article.DeskState.LICENCE_EXPIRED, Article.DeskState.TAKEN_DOWN}
]
SCHEDULED_IN_THE_PAST = _("A scheduled story needs a publish time in the future.")
EDITORS_CALLS = ("is_featured", "is_sponsored", "sponsor_name", "unpublish_at")

SAVED_MEANWHILE = _(
    "%(who)s saved this story at %(when)s while you were editing it. Your changes "
    "are kept below but were not saved yet: see what each of you changed under "
    "“Their changes and yours”, keep theirs or yours for each field, then save."
)
PENDING_SAVED_MEANWHILE = _(
    "%(who)s saved unpublished changes to this story at %(when)s while you were "
    "editing it. Your text is kept below but was not saved: “See what changed” "
    "shows theirs; saving again puts yours in their place."
)
# The story's lists as the merge names them: the form's fields, then its
# inlines'.
LIST_LABELS = {"tags": _("Tags"), "secondary_categories": _("Secondary sections")}
ROW_LABELS = {
    "author_ids": _("Byline"),
    "related_ids": _("Related stories picked by the desk"),
}
CHOOSE_THEIRS_OR_MINE = _("Choose “Keep theirs” or “Keep mine” for: %(fields)s.")
PUBLISHING_IS_FOR_EDITORS = (
    "Only editors can publish, schedule or archive a story. Save it as a draft "
    "or submit it for review."
)


class DeskAction(models.TextChoices):
    """The buttons on the article form: each says what happens to the story.

    Contributors save drafts and submit for review; the rest are editors'
    (``CONTRIBUTOR_ACTIONS``), refused on the server whatever the page showed.
    """

    SAVE_DRAFT = "draft", _("Save draft")
    SUBMIT_FOR_REVIEW = "review", _("Submit for review")
    PUBLISH_NOW = "publish", _("Publish now")
    SCHEDULE = "schedule", _("Schedule for the publish time")
    UNPUBLISH = "unpublish", _("Unpublish")
    SEND_BACK = "send-back", _("Send back to the writer")


CONTRIBUTOR_ACTIONS = {DeskAction.SAVE_DRAFT, DeskAction.SUBMIT_FOR_REVIEW}
UNKNOWN_ACTION = _("That is not something the desk can do to a story.")
NOTE_NEEDED_TO_SEND_BACK = _(
    "Say what the story needs in the note: the writer is sent it."
)


def desk_actions(*, can_publish: bool, story: Article | None) -> list[DeskAction]:
    """The buttons offered for ``story`` (None: a new one): a live or scheduled
    story can be unpublished; one not live yet can be published or scheduled."""
    if not can_publish:
        return [DeskAction.SAVE_DRAFT, DeskAction.SUBMIT_FOR_REVIEW]
    if story is not None and story.desk_state == Article.DeskState.PUBLISHED:
        return [DeskAction.UNPUBLISH]
    offered = list(DeskAction)
    if story is None or story.status != Article.Status.PUBLISHED:
        offered.remove(DeskAction.UNPUBLISH)
    if story is None or story.status != Article.Status.IN_REVIEW:
        offered.remove(DeskAction.SEND_BACK)
    return offered


class SeenVersionField(forms.IntegerField):
    """The version the editor opened: it travels with the form, and is never a
    change of the story (history would say "Changed seen_version")."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        return False


class SeenFieldsField(forms.CharField):
    """Digests of the merged fields as the editor opened them (``merge.fingerprint``):
    what tells "they changed it" from "I changed it" when a save is refused."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        return False


class SeenChangesField(forms.CharField):
    """When the story's pending changes the form opened with were saved: a
    save over changes someone saved since is refused, as for the story."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        return False


# The "translation is current" box and the original's version it was checked at.
TRANSLATION_CHECK = ("translation_current", "original_version_seen")


def shows_translation_check(story: Article, *, can_publish: bool) -> bool:
    """The "translation is current" box: on an out-of-date translation's own
    form, for those who may mark it so (the list action's editors)."""
    return (
        can_publish
        and story.pk is not None
        and story.translation_of_id is not None
        and story.is_out_of_date
    )


class ArticleForm(forms.ModelForm):
    """The article form: optimistic locking, and publishing only for those allowed.

    ``seen_version`` travels with the form; if the story was saved by someone
    else in between, the save is refused and this editor's text is kept. The
    check locks the story's row, and the admin validates and saves in one
    transaction, so of two saves racing past each other exactly one lands: the
    other waits for the lock, then sees the new version and is refused.
    """

    seen_version = SeenVersionField(required=False)
    seen_fields = SeenFieldsField(required=False)
    seen_changes = SeenChangesField(required=False)
    # The desk's buttons change the status (``apply_desk_action``); the field
    # carries the status the form opened with, so a plain save keeps it. Its
    # choices still bound what each role may send.
    status = forms.ChoiceField(
        choices=STATUS_CHOICES,
        initial=Article.Status.DRAFT,
        widget=forms.HiddenInput,
    )
    desk_note = forms.CharField(
        required=False,
        label=_("Note for the desk"),
        help_text=_(
            "Kept with the story and shown to everyone who works on it; sent "
            "with a submission for review or a story sent back."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    material_update = forms.BooleanField(
        required=False,
        label=_("Material change"),
        help_text=_(
            "Tick when this save changes the story materially: readers see "
            "“Updated” with this time. Typo fixes need no tick."
        ),
    )

    translation_current = forms.BooleanField(
        required=False,
        label=_("This translation is current"),
        help_text=_(
            "Tick once you have checked it against the original as it is now: "
            "the out-of-date marker goes when you save."
        ),
    )
    # The original's version when the form opened: what the editor checked.
    original_version_seen = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "lead_image",
            "lead_image_caption",
            "category",
            "secondary_categories",
            "tags",
            "dateline",
            "contributors",
            "status",
            "publish_at",
            "unpublish_at",
            "revised_at",
            "is_featured",
            "comments",
            "source_name",
            "source_url",
            "licence_expires_at",
            "is_sponsored",
            "sponsor_name",
            "seo_title",
            "meta_description",
            "social_image",
            "language",
            "translation_of",
        ]

    def __init__(
        self,
        *args,
        can_publish: bool = True,
        version_before_restore: int | None = None,
        restored_tags: list[str] | None = None,
        pending: PendingChanges | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.can_publish = can_publish
        self.version_before_restore = version_before_restore
        # Set when a save is refused: the stored version the merge compares
        # with, and what it found (shown by the change form's template).
        self.merge_version: int | None = None
        self.merge: merge.Merge | None = None
        self.pending = pending
        # The inlines' lists (``merge.INLINE_ROWS``) a merge keeps as stored:
        # their posted rows are not saved (``ArticleAdmin.save_formset``).
        self.theirs_rows: set[str] = set()
        # And those where the editor chose mine over theirs: rows only they
        # added, which the posted inline does not hold, go.
        self.mine_rows: set[str] = set()
        # The lists the form holds as it opens on the stored story, for the
        # merge's fingerprint (the inlines' are added by the admin).
        opened_lists = {
            name: self.initial[name]
            for name in ("tags", "secondary_categories")
            if name in self.initial
        }
        # Whether the story was live as the form was filled in: a save of a live
        # story keeps its text aside (``PendingChanges``) for "Publish changes".
        # A form opened while the story was scheduled (it went live since)
        # saves as it was meant to, straight onto the story.
        self.keeps_changes_pending = bool(
            self.instance.pk
            and version_before_restore is None
            and self.instance.desk_state == Article.DeskState.PUBLISHED
            and self.data.get("status") != Article.DeskState.SCHEDULED
        )
        if restored_tags is not None and not self.is_bound:
            # A restored version's tags (django-reversion restores the rest).
            self.initial["tags"] = restored_tags
        if pending is not None and not self.is_bound and version_before_restore is None:
            # The editor carries on from the changes readers do not see yet
            # (not while restoring a version: the form shows that version).
            self.initial.update(pending.form_initial())
            self.initial["seen_changes"] = pending.saved_at.isoformat()
        if "publish_at" in self.fields:
            self.fields["publish_at"].help_text = format_lazy(
                _("A future time schedules the story. Times are the newsroom's: {}."),
                settings.TIME_ZONE,
            )
        if not self.is_bound and self.instance.pk:
            self.initial["seen_version"] = self.stored_version()["version"]
            self.initial["seen_fields"] = merge.fingerprint(
                self.instance, lists=opened_lists
            )
        if self.instance.pk and self.instance.desk_state == Article.DeskState.SCHEDULED:
            # Stored as published with a future time; the desk calls it scheduled.
            self.initial["status"] = Article.DeskState.SCHEDULED
        if not can_publish:
            # What the home page leads with, and what is paid for, are editors' calls.
            for name in EDITORS_CALLS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "Set by an editor."
        if shows_translation_check(self.instance, can_publish=can_publish):
            self.initial.setdefault(
                "original_version_seen", self.instance.translation_of.version
            )
        else:
            for name in TRANSLATION_CHECK:
                del self.fields[name]
        if not can_publish and "status" in self.fields:
            self.fields["status"].choices = [
                choice
                for choice in self.fields["status"].choices
                if choice[0] in CONTRIBUTOR_STATUSES
            ]
            self.fields["status"].error_messages["invalid_choice"] = (
                PUBLISHING_IS_FOR_EDITORS
            )

    def clean(self):
        cleaned = super().clean()
        if "status" in self.errors:
            # The status travels hidden: its refusal is said at the top.
            self.add_error(None, list(self.errors["status"]))
        self.apply_desk_action(cleaned)
        if cleaned.get("translation_current"):
            self.mark_translation_current(cleaned.get("original_version_seen"))
        publish_at = cleaned.get("publish_at")
        if cleaned.get("status") == Article.DeskState.SCHEDULED:
            cleaned["status"] = Article.Status.PUBLISHED
            went_live_while_open = (
                self.instance.status == Article.Status.PUBLISHED
                and publish_at is not None
                and abs(publish_at - self.instance.publish_at) < timedelta(seconds=1)
            )
            if (
                "publish_at" in cleaned
                and (publish_at is None or publish_at <= timezone.now())
                and not went_live_while_open
            ):
                # Opened while scheduled and saved after going live at the time
                # it was scheduled for is simply published; anything else in
                # the past is a mistake.
                self.add_error("publish_at", SCHEDULED_IN_THE_PAST)
        if self.instance.pk is None:
            return cleaned
        self.check_stored_version(cleaned)
        if self.keeps_changes_pending:
            self.check_pending_changes_seen(cleaned.get("seen_changes") or "")
        return cleaned

    def check_stored_version(self, cleaned: dict) -> None:
        """Someone saved the story since the form opened: refused, with their
        changes and this editor's side by side to keep one or the other per
        field; once chosen (``merge_version``), the choices go into ``cleaned``."""
        current = self.stored_version(lock=True)
        if current is None:
            return
        merging = self.data.get("merge_version") == str(current["version"])
        if current["version"] == cleaned.get("seen_version") and not merging:
            return
        if self.version_before_restore is not None:
            # A restore's form holds the revision, not what anyone typed.
            raise forms.ValidationError(self.saved_meanwhile(current), code="stale")
        found = self.merge_with_stored(cleaned)
        if merging and not found.unchosen:
            theirs = dict(found.theirs_taken)
            for conflict in found.conflicts:
                if conflict.choice == merge.THEIRS:
                    theirs[conflict.name] = conflict.theirs
                elif conflict.name in merge.INLINE_ROWS:
                    self.mine_rows.add(conflict.name)
            for name, value in theirs.items():
                if name in merge.INLINE_ROWS:
                    self.theirs_rows.add(name)
                else:
                    cleaned[name] = value
            # The story's inline formsets read it (``PendingRowsFormSet``): a
            # row sent for them (one they deleted, say) is no error.
            self.instance.rows_kept_as_stored = frozenset(self.theirs_rows)
            return
        self.merge_version, self.merge = current["version"], found
        # What only they changed is taken into the form as it is shown again
        # (the inlines' rows, sent apart from the form, are kept when saved).
        self.data = self.data.copy()
        for name, value in found.theirs_taken.items():
            if name in merge.INLINE_ROWS:
                continue
            if name in merge.LISTS:
                self.data.setlist(
                    name, [str(item) for item in merge.list_items(name, value)]
                )
            else:
                self.data[name] = merge.comparable(value)
        if merging:
            raise forms.ValidationError(
                CHOOSE_THEIRS_OR_MINE
                % {"fields": ", ".join(c.label for c in found.unchosen)},
                code="merge_choice",
            )
        raise forms.ValidationError(self.saved_meanwhile(current), code="stale")

    def saved_meanwhile(self, current: dict) -> str:
        return SAVED_MEANWHILE % {
            "who": self.last_editor() or _("Someone else"),
            "when": timezone.localtime(current["modified_at"]).strftime("%H:%M:%S"),
        }

    def merge_with_stored(self, cleaned: dict) -> merge.Merge:
        """The stored story (locked by ``stored_version``) against what this
        editor sent, over the merged fields they may change."""
        stored = Article.objects.select_related(
            "category", "lead_image", "social_image"
        ).get(pk=self.instance.pk)
        mine = dict(cleaned)
        labels = {
            name: LIST_LABELS.get(name, self.fields[name].label)
            for name in (*merge.MERGED_FIELDS, *LIST_LABELS)
            if name in self.fields and not self.fields[name].disabled
        }
        for name, label in ROW_LABELS.items():
            rows = merge.posted_rows(self.data, name)
            if rows is not None:
                mine[name], labels[name] = rows, label
        return merge.merge(
            stored=stored,
            mine=mine,
            opened=merge.parse_fingerprint(cleaned.get("seen_fields")),
            labels=labels,
            choices=self.data,
            stored_lists={
                **PendingChanges.lists_of(stored),
                "tags": list(stored.tags.names()),
            },
        )

    def check_pending_changes_seen(self, seen: str) -> None:
        """Pending changes saved by someone else since the form opened would be
        overwritten by this save: refused, and this editor's text kept. The
        row stays locked until the save's transaction ends."""
        current = (
            PendingChanges.objects.select_for_update(of=("self",))
            .select_related("saved_by")
            .filter(article=self.instance.pk)
            .first()
        )
        if current is not None and current.saved_at.isoformat() != seen:
            # Shown again, the form has seen them: a second save is the
            # editor's choice to put this text in their place.
            self.data = self.data.copy()
            self.data["seen_changes"] = current.saved_at.isoformat()
            raise forms.ValidationError(
                PENDING_SAVED_MEANWHILE
                % {
                    "who": current.saved_by_name,
                    "when": timezone.localtime(current.saved_at).strftime("%H:%M:%S"),
                },
                code="stale",
            )

    def mark_translation_current(self, seen: int | None) -> None:
        """The translation was checked against the original as the form showed
        it: should the original have been saved since, it stays out of date."""
        current = self.instance.translation_of.version
        self.instance.translated_version = (
            current if seen is None else min(seen, current)
        )

    def apply_desk_action(self, cleaned: dict) -> None:
        """A pressed desk button (``desk_action``) decides the status over the
        status menu. "Publish now" on a story not yet out sets its time to now;
        "Schedule" goes through the scheduling checks below."""
        pressed = self.data.get("desk_action")
        if not pressed:
            return
        if pressed not in DeskAction.values:
            raise forms.ValidationError(UNKNOWN_ACTION, code="unknown_action")
        action = DeskAction(pressed)
        if not self.can_publish and action not in CONTRIBUTOR_ACTIONS:
            raise forms.ValidationError(PUBLISHING_IS_FOR_EDITORS, code="editors_only")
        match action:
            case DeskAction.SAVE_DRAFT | DeskAction.UNPUBLISH:
                cleaned["status"] = Article.Status.DRAFT
            case DeskAction.SEND_BACK:
                if not cleaned.get("desk_note", "").strip():
                    self.add_error("desk_note", NOTE_NEEDED_TO_SEND_BACK)
                cleaned["status"] = Article.Status.DRAFT
            case DeskAction.SUBMIT_FOR_REVIEW:
                cleaned["status"] = Article.Status.IN_REVIEW
            case DeskAction.PUBLISH_NOW:
                cleaned["status"] = Article.Status.PUBLISHED
                if self.instance.desk_state != Article.DeskState.PUBLISHED:
                    cleaned["publish_at"] = timezone.now()
            case DeskAction.SCHEDULE:
                cleaned["status"] = Article.DeskState.SCHEDULED

    def stored_version(self, *, lock: bool = False) -> dict | None:
        """The story's version in the table; while a revision is being restored
        (the table already holds the old copy), the version it had before.

        ``lock`` holds the row until the transaction ends (the admin's save).
        """
        stories = Article.objects.filter(pk=self.instance.pk)
        if lock:
            stories = stories.select_for_update(of=("self",))
        current = stories.values("version", "modified_at").first()
        if current and self.version_before_restore is not None:
            current["version"] = self.version_before_restore
        return current

    def last_editor(self) -> str:
        """Who saved the story last, from its revision history."""
        from reversion.models import Version

        version = (
            Version.objects.get_for_object(self.instance)
            .select_related("revision__user")
            .first()
        )
        user = version.revision.user if version else None
        return (user.get_full_name() or user.get_username()) if user else ""

    def save(self, commit=True):
        if self.cleaned_data.get("material_update") and not self.keeps_changes_pending:
            self.instance.revised_at = timezone.now()
        return super().save(commit)
