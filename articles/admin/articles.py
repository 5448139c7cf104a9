from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from articles import services
from articles.admin import seo
from articles.admin.autosaves import (
    AutosaveForm,
    autosave_config,
    autosave_view,
    presence_answer,
    presence_view,
)
from articles.admin.calendar import calendar_view, move_view
from articles.admin.filters import (
    AuthorFilter,
    CategoryTreeFilter,
    PublishMonthFilter,
    StateFilter,
    TagFilter,
)
from articles.admin.images import image_thumbnail
from articles.admin.pagination import EstimatedCountPaginator
from articles.admin.pending import (
    PENDING_INLINES,
    PendingRowsFormSet,
    discard_changes_view,
    keep_changes_pending,
    pending_changes_of,
    pending_rows,
    publish_changes_view,
)
from articles.admin.revisions import compare_view, revision_preview_view
from articles.admin.roles import can_publish
from articles.admin.tags import TagAutocompleteView
from articles.admin.translations import TranslationFilter
from articles.forms import merge
from articles.forms.articles import (
    CONTRIBUTOR_STATUSES,
    EDITORS_CALLS,
    TRANSLATION_CHECK,
    ArticleForm,
    DeskAction,
    desk_actions,
    shows_translation_check,
)
from articles.forms.tags import TagAutocomplete, TagNamesField
from articles.models import Article, ArticleAuthor, RelatedArticle, VersionTags
from articles.search import desk_search
from magazine.links import absolute_url


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    formset = PendingRowsFormSet
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name_plural = _("Byline (in order)")

    def get_queryset(self, request):
        # Each row prints as "author on story": read both with it, not per row.
        return super().get_queryset(request).select_related("author", "article")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The table's heading names the column; the input needs its own name.
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "position":
            field.widget.attrs["aria-label"] = _("Place in the byline")
        return field


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    fk_name = "article"
    formset = PendingRowsFormSet
    extra = 1
    autocomplete_fields = ["related"]
    verbose_name_plural = _(
        "Related stories picked by the desk (the rest are filled in)"
    )

    def get_queryset(self, request):
        # Each row prints as "related beside story": read both with it.
        return super().get_queryset(request).select_related("related", "article")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "position":
            field.widget.attrs["aria-label"] = _("Place among the related stories")
        return field


@dataclass(frozen=True)
class StoryBeforeRestore:
    """What a story was before a revision was restored over it, for the form's
    optimistic lock and for keeping editors' calls (see ``revision_view``)."""

    version: int
    editors_calls: dict
    # The restored version's tags (``VersionTags``); None when it did not record them.
    tags: list[str] | None = None


# Set for the length of one revision_view call: the restore happens before the
# form exists, so this is how the form and save_model learn what came before.
_before_restore: ContextVar[StoryBeforeRestore | None] = ContextVar(
    "before_restore", default=None
)


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    """The newsroom's article desk.

    Contributors write and submit for review; editors (``publish_article``)
    publish, schedule, unpublish and archive. The rule is enforced in the form,
    the queryset and the actions, not only by what the page shows.
    """

    form = ArticleForm
    change_list_template = "admin/articles/article/change_list.html"
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = ["thumbnail", "story", "state", "edition", "publish_at"]
    list_display_links = ["story"]
    list_filter = [
        StateFilter,
        CategoryTreeFilter,
        ("authors", AuthorFilter),
        ("tags", TagFilter),
        "is_sponsored",
        "publish_at",
        PublishMonthFilter,
        "language",
        TranslationFilter,
    ]
    list_select_related = ["category", "lead_image", "translation_of"]
    list_per_page = 50
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    search_fields = ["headline", "standfirst", "body", "authors__name"]
    search_help_text = _("Searches headlines, standfirsts, body text and authors.")
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = [
        "category",
        "secondary_categories",
        "lead_image",
        "social_image",
        "translation_of",
    ]
    readonly_fields = [
        "current_state",
        "preview_link",
        "search_and_social",
        "notes_so_far",
        "checklist",
        "share_links",
        "translations_shown",
    ]
    inlines = [ArticleAuthorInline, RelatedArticleInline]
    actions = ["publish_now", "unpublish", "archive", "translate", "mark_current"]
    fieldsets = [
        # seen_version is the optimistic lock's hidden field: the page must send it.
        (
            None,
            {
                "fields": [
                    "headline",
                    "slug",
                    "standfirst",
                    "body",
                    "seen_version",
                    "seen_fields",
                    "seen_changes",
                ]
            },
        ),
        (
            "Picture",
            {"fields": ["lead_image", "lead_image_caption"]},
        ),
        (
            "Filing",
            {
                "fields": [
                    "category",
                    "secondary_categories",
                    "tags",
                    "dateline",
                    "contributors",
                ]
            },
        ),
        (
            "Publishing",
            {
                "fields": [
                    "current_state",
                    "status",
                    "publish_at",
                    "unpublish_at",
                    "material_update",
                    "revised_at",
                    "is_featured",
                    "comments",
                    "checklist",
                    "preview_link",
                    "share_links",
                ]
            },
        ),
        (
            _("Desk notes"),
            {"fields": ["desk_note", "notes_so_far"]},
        ),
        (
            _("Edition"),
            {
                "fields": [
                    "language",
                    "translation_of",
                    "translations_shown",
                    *TRANSLATION_CHECK,
                ]
            },
        ),
        (
            "Syndication and sponsorship",
            {
                "classes": ["collapse"],
                "fields": [
                    "source_name",
                    "source_url",
                    "licence_expires_at",
                    "is_sponsored",
                    "sponsor_name",
                ],
            },
        ),
        (
            "Search and social",
            {
                "classes": ["collapse"],
                "fields": [
                    "search_and_social",
                    "seo_title",
                    "meta_description",
                    "social_image",
                ],
            },
        ),
    ]

    class Media:
        css = {
            "all": [
                "magazine/prose-editor-core.css",
                "articles/editor-link-cards.css",
                "articles/editor-aids.css",
                "articles/admin-article-list.css",
                "articles/autosave.css",
            ]
        }
        js = [
            "articles/seo-preview.js",
            "articles/autosave.js",
            "articles/autocomplete-names.js",
        ]

    def get_queryset(self, request):
        """Contributors see the stories they started or write; editors see all."""
        articles = super().get_queryset(request)
        if can_publish(request):
            return articles
        return articles.filter(
            models.Q(created_by=request.user) | models.Q(authors__user=request.user)
        ).distinct()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return db_field.formfield(
                form_class=TagNamesField,
                widget=TagAutocomplete(db_field, self.admin_site),
                help_text=_("Type to find a tag; Enter or a comma adds a new one."),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        """Who may only read a story (a contributor's published one) sees its
        text as readers do, not the HTML behind it."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not shows_translation_check(
            obj, can_publish=can_publish(request)
        ):
            fieldsets = [
                (
                    name,
                    options
                    | {
                        "fields": [
                            field
                            for field in options["fields"]
                            if field not in TRANSLATION_CHECK
                        ]
                    },
                )
                for name, options in fieldsets
            ]
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (
                name,
                options
                | {
                    "fields": [
                        "body_as_readers_see_it" if field == "body" else field
                        for field in options["fields"]
                        if field not in {"seen_version", "seen_fields", "seen_changes"}
                    ]
                },
            )
            for name, options in fieldsets
        ]

    @admin.display(description=_("Body"))
    def body_as_readers_see_it(self, article):
        return mark_safe(article.rendered_body)  # noqa: S308 - sanitised when saved

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A story a contributor may not open is theirs to be told about: it
        exists, it is someone else's (Django's own answer is that it does not
        exist, perhaps deleted)."""
        story = self._someone_elses_story(request, object_id)
        if story is not None:
            return TemplateResponse(
                request,
                "admin/articles/article/not_yours.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "title": _("You cannot open this story"),
                    "story": story,
                },
                status=403,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _someone_elses_story(self, request, object_id) -> Article | None:
        try:
            pk = self.opts.pk.to_python(unquote(object_id))
        except ValidationError:
            return None
        if self.get_queryset(request).filter(pk=pk).exists():
            return None
        return Article.objects.filter(pk=pk).only("pk", "headline").first()

    def get_search_results(self, request, queryset, search_term):
        """Full-text search over the body on PostgreSQL, where a LIKE would read
        every story; the admin's own LIKE search elsewhere."""
        found = desk_search(queryset, search_term)
        if found is None:
            return super().get_search_results(request, queryset, search_term)
        return found, False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        options = {
            "can_publish": can_publish(request),
            "version_before_restore": (
                before.version if (before := _before_restore.get()) else None
            ),
            "restored_tags": before.tags if before else None,
            "pending": pending_changes_of(obj),
        }

        class RoleForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, **options, **inner)

        return RoleForm

    def get_changeform_initial_data(self, request):
        """``?day=YYYY-MM-DD`` (the calendar's "New story this day") starts the
        story at 9:00 that day in the newsroom's time zone."""
        initial = super().get_changeform_initial_data(request)
        day = initial.pop("day", None)
        try:
            chosen = date.fromisoformat(day) if day else None
        except ValueError:
            chosen = None
        if chosen is not None:
            initial["publish_at"] = timezone.make_aware(
                datetime.combine(chosen, time(9))
            )
        return initial

    def view_on_site(self, article):
        """The reader's page once the story is live; the staff preview before."""
        if article.desk_state == Article.DeskState.PUBLISHED:
            return article.get_absolute_url()
        return article.preview_url()

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or can_publish(request) or obj.status in CONTRIBUTOR_STATUSES

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not can_publish(request):
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return can_publish(request)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restoring a revision overwrites the story before the form is checked, so
        the checks happen here, on the story as it is now:

        * the user may change it (a contributor must not restore a live story's
          old draft, or any revision of a story they cannot see);
        * the revision is one of *this story's* and holds no other story:
          django-reversion reverts a whole revision, and a bulk action's revision
          holds every story it touched;
        * featuring and sponsorship stay as an editor left them when a
          contributor restores (see save_model);
        * the optimistic lock compares against the version it had before.

        A restore that would also change whether or when the story is out says so.
        """
        story = self.get_object(request, unquote(object_id))
        if story is None or not self.has_change_permission(request, story):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_object(story).select_related("revision"),
            pk=version_id,
        )
        others = (
            version.revision.version_set.filter(content_type=version.content_type)
            .exclude(object_id=version.object_id)
            .count()
        )
        if others:
            messages.error(
                request,
                ngettext(
                    "That revision was saved together with %(count)d other story "
                    "(a bulk action): restoring it would change it too. Restore one "
                    "of this story's own revisions instead.",
                    "That revision was saved together with %(count)d other stories "
                    "(a bulk action): restoring it would change them too. Restore one "
                    "of this story's own revisions instead.",
                    others,
                )
                % {"count": others},
            )
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[story.pk])
            )
        if request.method == "GET":
            self.warn_of_publishing_change(request, story, version)
        kept_tags = VersionTags.objects.filter(version=version).first()
        if kept_tags is None and request.method == "GET":
            messages.warning(
                request,
                _(
                    "This version did not record its tags (older versions did not "
                    "keep them): the form keeps the story's tags as they are now."
                ),
            )
        before = StoryBeforeRestore(
            version=story.version,
            editors_calls={name: getattr(story, name) for name in EDITORS_CALLS},
            tags=None if kept_tags is None else [tag["name"] for tag in kept_tags.tags],
        )
        token = _before_restore.set(before)
        try:
            return super().revision_view(request, object_id, version_id, extra_context)
        finally:
            _before_restore.reset(token)

    def recover_view(self, request, version_id, extra_context=None):
        """A deleted story comes back with its old status: editors only."""
        if not can_publish(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        """Deleted stories, headlines and all: editors only."""
        if not can_publish(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    @staticmethod
    def warn_of_publishing_change(request, story: Article, version: Version) -> None:
        try:
            fields = version.field_dict
        except RevertError:
            return  # reversion's own view explains a revision it cannot read
        restored = Article(
            status=fields["status"],
            publish_at=fields["publish_at"],
            licence_expires_at=fields["licence_expires_at"],
            unpublish_at=fields.get("unpublish_at"),
        )
        if (restored.desk_state, restored.publish_at) != (
            story.desk_state,
            story.publish_at,
        ):
            when = date_format(
                timezone.localtime(restored.publish_at), "DATETIME_FORMAT"
            )
            messages.warning(
                request,
                _(
                    "Saving restores publishing too: the story was “%(then)s”, "
                    "publish time %(when)s; it is “%(now)s” now. Change them in the "
                    "form before saving to keep it as it is."
                )
                % {
                    "then": restored.desk_state.label,
                    "when": when,
                    "now": story.desk_state.label,
                },
            )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        before = _before_restore.get()
        if before is not None and not can_publish(request):
            # A restored revision brought back its own featuring and sponsorship;
            # those stay an editor's call.
            for name, value in before.editors_calls.items():
                setattr(obj, name, value)
        # The status as the form opened with it ("scheduled" is stored as published).
        status_before = form["status"].initial if change else None
        if status_before == Article.DeskState.SCHEDULED:
            status_before = Article.Status.PUBLISHED
        # A live story's changes are kept aside with its inlines' (save_related).
        if not form.keeps_changes_pending:
            super().save_model(request, obj, form, change)
            if form.pending is not None:
                # The form showed the draft's text; saved, it is the story's.
                services.discard_pending_changes(story=obj)
        services.record_desk_step(
            story=obj,
            user=request.user,
            status_before=status_before,
            note=form.cleaned_data.get("desk_note", ""),
            sent_back=form.data.get("desk_action") == DeskAction.SEND_BACK,
        )
        services.discard_autosaves(
            user=request.user,
            article=obj,
            draft_token=AutosaveForm.draft_token_from(request.POST),
        )

    def save_related(self, request, form, formsets, change):
        """A save of a live story keeps its many-to-many fields and inlines
        with the rest of its changes (``keep_changes_pending``): none is
        written to the story."""
        if form.keeps_changes_pending:
            keep_changes_pending(
                request,
                form.instance,
                form,
                formsets,
                save=super().save_model,
            )
            return
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        """An inline whose stored rows a merge kept ("Keep theirs", or only
        they changed it) is not saved; one whose posted rows it kept ("Keep
        mine") is saved as posted, the rows only they added deleted first."""
        name = PENDING_INLINES.get(formset.model, (None,))[0]
        if name in form.theirs_rows:
            formset.new_objects, formset.changed_objects = [], []
            formset.deleted_objects = []
            return
        if name in form.mine_rows:
            seen = {row.instance.pk for row in formset.initial_forms}
            for row in (
                formset.get_queryset()
                .model.objects.filter(article=form.instance)
                .exclude(pk__in=seen)
            ):
                row.delete()  # one by one: their signals keep the byline
        super().save_formset(request, form, formset, change)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """The byline and related picks open on the story's pending changes."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if (
            "data" not in kwargs
            and _before_restore.get() is None
            and issubclass(inline.formset, PendingRowsFormSet)
        ):
            kwargs["pending_ids"] = pending_rows(inline.model, pending_changes_of(obj))
        return kwargs

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        """The desk's buttons (Save draft, Publish now…) for this user and story,
        and the autosave's settings for the page's script; not while restoring a
        revision, whose form is the revision, not what was typed."""
        context["desk_actions"] = desk_actions(
            can_publish=can_publish(request), story=obj
        )
        form = context["adminform"].form
        context["pending_changes"] = getattr(form, "pending", None)
        if obj is not None and not form.is_bound:
            # The byline and related picks as opened, for a refused save's merge
            # (rows the inlines read already: no query).
            opened = {}
            for inline in context.get("inline_admin_formsets", []):
                formset = inline.formset
                if formset.model in PENDING_INLINES:
                    name, key = PENDING_INLINES[formset.model]
                    rows = sorted(
                        formset.get_queryset(), key=lambda row: (row.position, row.pk)
                    )
                    opened[name] = [getattr(row, f"{key}_id") for row in rows]
            form.initial["seen_fields"] = merge.with_lists(
                form.initial.get("seen_fields"), opened
            )
        context["may_publish_changes"] = can_publish(request)
        if _before_restore.get() is None:
            context["autosave_config"] = autosave_config(
                request,
                obj,
                reverse("admin:articles_article_autosave"),
                pending=context["pending_changes"],
            )
            if obj is not None:
                # opening the form is the first heartbeat
                others, _taken = services.record_presence(
                    user=request.user, article=obj
                )
                context["autosave_config"] |= {
                    "presenceUrl": reverse(
                        "admin:articles_article_presence", args=[obj.pk]
                    ),
                    "presence": presence_answer(others, None),
                }
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_urls(self):
        return [
            path(
                "calendar/",
                self.admin_site.admin_view(calendar_view(self)),
                name="articles_article_calendar",
            ),
            path(
                "title-check/",
                self.admin_site.admin_view(self.title_check_view),
                name="articles_article_title_check",
            ),
            path(
                "<path:object_id>/screen-sizes/",
                self.admin_site.admin_view(self.device_preview_view),
                name="articles_article_device_preview",
            ),
            path(
                "calendar/move/",
                self.admin_site.admin_view(move_view(self)),
                name="articles_article_calendar_move",
            ),
            path(
                "<path:object_id>/share/",
                self.admin_site.admin_view(require_POST(self.share_view)),
                name="articles_article_share",
            ),
            path(
                "<path:object_id>/share/<int:link_id>/revoke/",
                self.admin_site.admin_view(require_POST(self.revoke_share_view)),
                name="articles_article_share_revoke",
            ),
            path(
                "autosave/",
                self.admin_site.admin_view(autosave_view(self)),
                name="articles_article_autosave",
            ),
            path(
                "<int:object_id>/history/compare/",
                self.admin_site.admin_view(compare_view(self)),
                name="articles_article_compare",
            ),
            path(
                "<int:object_id>/history/<int:version_id>/preview/",
                self.admin_site.admin_view(revision_preview_view(self)),
                name="articles_article_revision_preview",
            ),
            path(
                "<int:object_id>/changes/publish/",
                self.admin_site.admin_view(require_POST(publish_changes_view(self))),
                name="articles_article_publish_changes",
            ),
            path(
                "<int:object_id>/changes/discard/",
                self.admin_site.admin_view(require_POST(discard_changes_view(self))),
                name="articles_article_discard_changes",
            ),
            path(
                "<int:object_id>/presence/",
                self.admin_site.admin_view(presence_view(self)),
                name="articles_article_presence",
            ),
            path(
                "tags/autocomplete/",
                self.admin_site.admin_view(
                    TagAutocompleteView.as_view(admin_site=self.admin_site)
                ),
                name="articles_article_tag_autocomplete",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="", empty_value="")
    def thumbnail(self, article):
        return image_thumbnail(article.lead_image, width=64) or None

    @admin.display(description=_("Headline"), ordering="headline")
    def story(self, article):
        """The headline with its section, byline and sponsorship under it: one
        column that reads on a laptop, where five were cut off."""
        details = [str(article.category), article.byline]
        if article.is_sponsored:
            details.append("Sponsored")
        return format_html(
            '{} <span class="article-list__details">{}</span>',
            article.headline,
            " · ".join(detail for detail in details if detail),
        )

    @admin.display(description=_("Status"), ordering="status")
    def state(self, article):
        return article.desk_state.label

    @admin.display(description=_("Status"))
    def current_state(self, article):
        """The status on the form, said in words: the buttons below change it."""
        return article.desk_state.label

    def title_check_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # A contributor learns of live stories and their own, never of another
        # writer's draft.
        among = None
        if not can_publish(request):
            among = Article.objects.filter(
                models.Q(pk__in=self.get_queryset(request).values("pk"))
                | models.Q(pk__in=Article.objects.published().values("pk"))
            )
        return seo.title_check(request, among=among)

    @admin.display(description=_("How it will look"))
    def search_and_social(self, article):
        return seo.preview(article)

    @admin.display(description=_("Preview"))
    def preview_link(self, article):
        if article.pk is None:
            return "Save the story first, then preview it here."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview as readers will see it</a>'
            ' · <a href="{}">{}</a>',
            article.preview_url(),
            reverse("admin:articles_article_device_preview", args=[article.pk]),
            _("on a phone, a tablet, a desktop"),
        )

    def device_preview_view(self, request, object_id):
        """The staff preview in a frame at phone, tablet and desktop widths."""
        story = self.get_object(request, unquote(object_id))
        if story is None or not self.has_view_permission(request, story):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "admin/articles/article/device_preview.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Preview by screen size"),
                "story": story,
            },
        )

    def story_to_share(self, request, object_id) -> Article:
        """The story, if this user may change it: sharing is for its people."""
        story = self.get_object(request, unquote(object_id))
        if story is None or not self.has_change_permission(request, story):
            raise PermissionDenied
        return story

    def share_view(self, request, object_id):
        """Makes a shareable preview link (a button on the form, POST only)."""
        story = self.story_to_share(request, object_id)
        services.share_preview(story=story, user=request.user)
        messages.success(
            request, _("A shareable preview link was made: copy it from the form.")
        )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[story.pk])
        )

    def revoke_share_view(self, request, object_id, link_id):
        story = self.story_to_share(request, object_id)
        link = get_object_or_404(story.preview_links.usable(), pk=link_id)
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        messages.success(request, _("The preview link no longer works."))
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[story.pk])
        )

    @admin.display(description=_("Shareable preview"))
    def share_links(self, article):
        """Links that show the story to someone without an account, each with
        its expiry and a button to withdraw it; the buttons post to their own
        addresses (``formaction``), not the story's form."""
        if article.pk is None:
            return _("Save the story first, then share a preview of it.")
        links = list(article.preview_links.usable())
        rows = format_html_join(
            "",
            '<li><input type="text" readonly value="{}" class="vTextField" '
            'aria-label="{}"> {} <button type="submit" formaction="{}" '
            "formnovalidate>{}</button></li>",
            (
                (
                    absolute_url(article.preview_url(link.token)),
                    _("Shareable preview link"),
                    _("Works until %(when)s.")
                    % {
                        "when": date_format(
                            timezone.localtime(link.expires_at), "DATETIME_FORMAT"
                        )
                    },
                    reverse(
                        "admin:articles_article_share_revoke",
                        args=[article.pk, link.pk],
                    ),
                    _("Withdraw"),
                )
                for link in links
            ),
        )
        return format_html(
            '<ul class="share-links">{}</ul><button type="submit" formaction="{}" '
            "formnovalidate>{}</button>",
            rows,
            reverse("admin:articles_article_share", args=[article.pk]),
            _("Make a shareable preview link"),
        )

    @admin.display(description=_("Before publishing"))
    def checklist(self, article):
        if article.pk is None:
            return _("Save the story first: the checklist is made from what is saved.")
        missing = article.missing_before_publishing()
        if not missing:
            return _("Nothing missing.")
        return format_html(
            '<ul class="prepublish-checklist">{}</ul>',
            format_html_join("", "<li>{}</li>", ((item,) for item in missing)),
        )

    @admin.display(description=_("Notes so far"))
    def notes_so_far(self, article):
        """Every note on the story, newest first, for all who work on it."""
        if article.pk is None:
            return _("No notes yet.")
        notes = list(article.notes.select_related("author"))
        if not notes:
            return _("No notes yet.")
        return format_html(
            '<ol class="story-notes">{}</ol>',
            format_html_join(
                "",
                "<li><strong>{}</strong> · {} · {}<br>{}</li>",
                (
                    (
                        note.get_kind_display(),
                        (note.author.get_full_name() or note.author.get_username())
                        if note.author
                        else "",
                        date_format(
                            timezone.localtime(note.created_at), "DATETIME_FORMAT"
                        ),
                        linebreaksbr(note.text),
                    )
                    for note in notes
                ),
            ),
        )

    def _set_status(self, request, queryset, verb: str, **changes):
        """The whole selection in a fixed number of queries
        (``services.set_status``); editors only."""
        if not can_publish(request):
            raise PermissionDenied
        changed = services.set_status(
            stories=queryset, user=request.user, verb=verb, **changes
        )
        done = {
            "Published": ngettext(
                "Published %(count)d story.",
                "Published %(count)d stories.",
                len(changed),
            ),
            "Unpublished": ngettext(
                "Unpublished %(count)d story.",
                "Unpublished %(count)d stories.",
                len(changed),
            ),
            "Archived": ngettext(
                "Archived %(count)d story.", "Archived %(count)d stories.", len(changed)
            ),
        }[verb]
        self.message_user(request, done % {"count": len(changed)}, messages.SUCCESS)

    @admin.display(description=_("edition"))
    def edition(self, article):
        if article.translation_of_id is None:
            return article.get_language_display()
        if article.is_out_of_date:
            return format_html(
                '{} · <strong class="out-of-date">{}</strong>',
                article.get_language_display(),
                _("translation out of date"),
            )
        return format_html("{} · {}", article.get_language_display(), _("translation"))

    @admin.display(description=_("translations"))
    def translations_shown(self, article):
        """The story's counterparts, linked, with the out-of-date marker."""
        if article.pk is None:
            return "—"
        counterparts = [article.translation_of] if article.translation_of_id else []
        counterparts += list(article.translations.all())
        if not counterparts:
            return _("No translation yet: use “Translate” in the list.")
        parts = [
            format_html(
                '<a href="{}">{}</a> ({})',
                reverse("admin:articles_article_change", args=[story.pk]),
                story.headline,
                story.get_language_display(),
            )
            for story in counterparts
        ]
        if article.is_out_of_date:
            parts.append(
                format_html(
                    '<strong class="out-of-date">{}</strong>',
                    _(
                        "Out of date: the original changed since this translation "
                        "was marked current."
                    ),
                )
            )
        return format_html_join(" · ", "{}", ((part,) for part in parts))

    @admin.action(description=_("Translate the selected story"), permissions=["add"])
    def translate(self, request, queryset):
        """Opens a linked draft in the other language (the existing one if any)."""
        if queryset.count() != 1:
            self.message_user(
                request, _("Select one story to translate."), messages.WARNING
            )
            return None
        original = queryset.select_related("translation_of").get()
        source = original.translation_of or original
        language = next(
            code for code, _name in settings.LANGUAGES if code != source.language
        )
        draft = services.translate_story(
            original=source, language=language, user=request.user
        )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[draft.pk])
        )

    @admin.action(
        description=_("Mark the selected translations current"),
        permissions=["publish"],
    )
    def mark_current(self, request, queryset):
        marked = services.mark_translations_current(stories=queryset)
        self.message_user(
            request,
            _("%(count)d translations marked current.") % {"count": marked},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Publish selected stories now"), permissions=["publish"]
    )
    def publish_now(self, request, queryset):
        self._set_status(
            request,
            queryset.exclude(
                status=Article.Status.PUBLISHED, publish_at__lte=timezone.now()
            ),
            "Published",
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now(),
        )

    @admin.action(description=_("Unpublish selected stories"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, "Unpublished", status=Article.Status.DRAFT)

    @admin.action(description=_("Archive selected stories"), permissions=["publish"])
    def archive(self, request, queryset):
        self._set_status(request, queryset, "Archived", status=Article.Status.ARCHIVED)
