from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.comments import services
from articles.models import Blocked, Comment


class ModerationQueueFilter(admin.SimpleListFilter):
    """Opens on the comments waiting for a moderator; “All” is one click away."""

    title = "status"
    parameter_name = "status"
    queue = Comment.Status.PENDING

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, ("all", "All")]

    def value(self):
        return super().value() or self.queue

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: lookup}
                ),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(status=self.value())


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "commenter", "on_article", "status", "created_at"]
    list_display_links = ["excerpt"]
    list_filter = [
        ModerationQueueFilter,
        "created_at",
        "notify_replies",
        "address_confirmed",
        "article__comments",
    ]
    list_select_related = ["article__category"]
    list_per_page = 50
    search_fields = ["name", "email", "body", "article__headline", "=ip_address"]
    raw_id_fields = ["article", "parent"]
    # Whether the writer proved the address theirs: anyone can type one.
    readonly_fields = ["created_at", "ip_address", "depth", "address_confirmed"]
    date_hierarchy = "created_at"
    actions = ["approve", "mark_spam", "delete_selected"]

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description=_("commenter"), ordering="name")
    def commenter(self, comment):
        return format_html("{}<br>{}", comment.name, comment.email)

    @admin.display(description=_("article"), ordering="article__headline")
    def on_article(self, comment):
        return format_html(
            '<a href="{}">{}</a>', comment.get_absolute_url(), comment.article
        )

    @admin.action(description=_("Approve selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        count = services.approve(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d comment approved.", "%(count)d comments approved.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Mark selected comments as spam"), permissions=["change"]
    )
    def mark_spam(self, request, queryset):
        count = services.mark_spam(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d comment marked as spam.",
                "%(count)d comments marked as spam.",
                count,
            )
            % {"count": count},
        )

    def save_model(self, request, obj, form, change):
        newly_approved = (
            change
            and "status" in form.changed_data
            and obj.status == Comment.Status.APPROVED
        )
        super().save_model(request, obj, form, change)
        if newly_approved:
            services.announce_reply(obj)


@admin.register(Blocked)
class BlockedAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "note", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]
