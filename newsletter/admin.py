import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csp import csp_override

from newsletter import services
from newsletter.emails import MARKERS, EditionEmail
from newsletter.models import Delivery, Edition, EditionArticle, Subscriber
from newsletter.models.deliveries import RETRYING

# The preview shows the e-mail as mail clients do: its styles are inline.
EMAIL_PREVIEW_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "https:", "http:", "data:"],
    "frame-ancestors": [CSP.SELF],
}


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "status", "created_at", "confirmed_at"]
    list_filter = ["status", "language"]
    search_fields = ["email", "name"]
    readonly_fields = [
        "consent_text",
        "consented_at",
        "confirmed_at",
        "unsubscribed_at",
        "signup_page",
        "created_at",
    ]
    actions = ["export_data", "unsubscribe"]

    def get_fields(self, request, obj=None):
        if obj is None:  # added by staff: an address and a name, then double opt-in
            return ["email", "name"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        """The status follows the reader's own clicks (confirm, unsubscribe) and
        the bounce reports, never a staff edit: nobody is put on the list
        without having confirmed."""
        if obj is None:
            return []
        # A new address would be on the list without ever having confirmed.
        return [*self.readonly_fields, "email", "status"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        subscribed = services.subscribe(
            email=obj.email,
            name=obj.name,
            signup_page="(added in the admin)",
            added_by_staff=True,
        )
        obj.pk = subscribed.pk
        obj.refresh_from_db()

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            f"A confirmation e-mail is on its way to {obj.email}: they receive the "
            "newsletter once they confirm.",
        )
        return HttpResponseRedirect(
            reverse("admin:newsletter_subscriber_change", args=[obj.pk])
        )

    @admin.action(description=_("Unsubscribe the selected readers"))
    def unsubscribe(self, request, queryset):
        count = services.unsubscribe(
            subscriber_pks=queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d reader will get no more mail.",
                "%(count)d readers will get no more mail.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Export the selected subscribers’ data (JSON)"))
    def export_data(self, request, queryset):
        data = [subscriber.export() for subscriber in queryset.order_by("pk")]
        response = HttpResponse(
            json.dumps(data, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="subscribers.json"'
        return response


class EditionArticleInline(admin.TabularInline):
    model = EditionArticle
    autocomplete_fields = ["article"]
    fields = ["position", "article"]
    extra = 3

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.is_editable) and super().has_change_permission(
            request, obj
        )

    has_add_permission = has_delete_permission = has_change_permission


# The fields an editor writes; status and times belong to the sending machinery.
EDITABLE = ("language", "subject", "preheader", "intro", "best_of_week", "send_at")


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "send_at", "progress", "delivery_error"]
    list_filter = ["status", "language"]
    search_fields = ["subject"]
    fields = [
        "subject",
        "preheader",
        "intro",
        "best_of_week",
        "send_at",
        "status",
        "progress",
        "delivery_error",
        "started_at",
        "finished_at",
    ]
    inlines = [EditionArticleInline]
    change_form_template = "admin/newsletter/edition/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status", "progress", "delivery_error", "started_at", "finished_at"]
        if obj is not None and not obj.is_editable:
            readonly += EDITABLE
        return readonly

    @admin.display(description=_("progress"))
    def progress(self, edition):
        if edition.pk is None or edition.status in {
            Edition.Status.DRAFT,
            Edition.Status.SCHEDULED,
        }:
            return "—"
        counts = edition.deliveries.progress()
        remaining = counts[Delivery.Status.PENDING] + counts[Delivery.Status.SENDING]
        line = (
            f"{counts[Delivery.Status.SENT]} sent · "
            f"{counts[Delivery.Status.FAILED]} failed · {remaining} remaining"
        )
        if counts[RETRYING]:
            line += " " + gettext("(%(count)d waiting to retry)") % {
                "count": counts[RETRYING]
            }
        return line

    @admin.display(description=_("last delivery error"))
    def delivery_error(self, edition):
        """What went wrong last, with when: a mailer that fails every message
        would otherwise leave the edition "sending" with no word of why."""
        if not edition.last_error:
            return "—"
        return gettext("%(when)s: %(error)s") % {
            "when": date_format(
                timezone.localtime(edition.last_error_at), "DATETIME_FORMAT"
            ),
            "error": edition.last_error,
        }

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview)
        send = self.admin_site.admin_view(self.send_view)
        return [
            path("<int:pk>/preview/", preview, name="newsletter_edition_preview"),
            path("<int:pk>/send/", send, name="newsletter_edition_send"),
            *super().get_urls(),
        ]

    def send_view(self, request, pk):
        """ "Send now" asks first: who gets it, which stories, which picks are left
        out because they are not live. Only the POST from this page sends."""
        edition = get_object_or_404(Edition, pk=pk)
        if not self.has_change_permission(request, edition):
            raise PermissionDenied
        change_url = reverse("admin:newsletter_edition_change", args=[edition.pk])
        if not edition.is_editable:
            self.message_user(request, services.ALREADY_SENDING, messages.ERROR)
            return HttpResponseRedirect(change_url)
        stories = edition.stories()
        if request.method == "POST" and stories:
            try:
                services.schedule(edition=edition, send_at=None)
            except ValueError as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("“%(edition)s” is being sent now.") % {"edition": edition},
                )
            return HttpResponseRedirect(change_url)
        return TemplateResponse(
            request,
            "admin/newsletter/edition/send.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"Send “{edition}” now?",
                "edition": edition,
                "stories": stories,
                "left_out": edition.picks_not_live(),
                "readers": Subscriber.objects.receiving().count(),
                "change_url": change_url,
            },
        )

    @staticmethod
    @csp_override(EMAIL_PREVIEW_CSP)
    def preview(request, pk):
        """The edition's HTML e-mail exactly as subscribers get it (markers filled)."""
        if not request.user.has_perm("newsletter.view_edition"):
            raise PermissionDenied
        edition = get_object_or_404(Edition, pk=pk)
        message = EditionEmail(edition).message(
            to=request.user.email or "editor@example.com",
            name=request.user.get_short_name(),
            links={key: "#" for key in MARKERS if key.endswith("_url")},
        )
        html, _ = message.alternatives[0]
        return HttpResponse(html)

    def save_model(self, request, obj, form, change):
        if change:
            # Only what the form changed: never a stale status or start time
            # over a send another request has begun meanwhile.
            if changed := [name for name in form.changed_data if name in EDITABLE]:
                obj.save(update_fields=changed)
        else:
            super().save_model(request, obj, form, change)
        if obj.status == Edition.Status.SCHEDULED and "send_at" in form.changed_data:
            if obj.send_at is None or obj.send_at <= timezone.now():
                # Never a send by accident: a cleared or past time unschedules.
                services.unschedule(edition=obj)
                self.message_user(
                    request,
                    f"“{obj}” is a draft again and nothing was sent: its send time "
                    "was cleared or has passed. Schedule it for a later time, or "
                    "send it now.",
                    messages.WARNING,
                )
            else:
                # The queued send at the old time will find the edition not yet due.
                services.schedule(edition=obj, send_at=obj.send_at)

    def response_change(self, request, obj):
        if "_unschedule" in request.POST:
            services.unschedule(edition=obj)
            self.message_user(
                request,
                gettext("“%(edition)s” is a draft again; nothing was sent.")
                % {"edition": obj},
            )
            return self._back_to(request, obj)
        if "_send_test" in request.POST:
            return self._send_test(request, obj)
        if "_schedule" in request.POST:
            return self._schedule(request, obj)
        if "_send_now" in request.POST:
            return HttpResponseRedirect(
                reverse("admin:newsletter_edition_send", args=[obj.pk])
            )
        return super().response_change(request, obj)

    def _send_test(self, request, edition):
        if not request.user.email:
            self.message_user(
                request,
                "Add an e-mail address to your account to receive test sends.",
                messages.ERROR,
            )
        else:
            services.send_test(edition=edition, to=request.user.email)
            self.message_user(
                request, f"A test copy is on its way to {request.user.email}."
            )
        return self._back_to(request, edition)

    def _schedule(self, request, edition):
        edition.refresh_from_db()  # save_model may have unscheduled it
        if not edition.is_editable:
            self.message_user(request, services.ALREADY_SENDING, messages.ERROR)
        elif edition.send_at is None or edition.send_at <= timezone.now():
            self.message_user(
                request,
                "Nothing was scheduled: set a send time in the future first, or "
                "use “Save and send now”.",
                messages.ERROR,
            )
        else:
            try:
                services.schedule(edition=edition, send_at=edition.send_at)
            except ValueError as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                when = f"{timezone.localtime(edition.send_at):%Y-%m-%d %H:%M}"
                self.message_user(
                    request,
                    gettext("“%(edition)s” will be sent at %(when)s.")
                    % {"edition": edition, "when": when},
                )
        return self._back_to(request, edition)

    @staticmethod
    def _back_to(request, edition):
        return HttpResponseRedirect(request.path)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["refresh_while_sending"] = (
            obj is not None and obj.status == Edition.Status.SENDING
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)
