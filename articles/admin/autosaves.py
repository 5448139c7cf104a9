"""The story form's autosave: what the editor types, kept every few seconds.

The page posts here (``static/articles/autosave.js``); the form's own save is
untouched, and the change form offers a newer autosave back when reopened.
"""

import uuid
from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from articles import services
from articles.models import Article, Autosave, PendingChanges


class AutosaveForm(forms.Form):
    article = forms.IntegerField(required=False, min_value=1)
    draft_token = forms.UUIDField(required=False)
    headline = forms.CharField(
        required=False,
        strip=False,
        max_length=Autosave._meta.get_field("headline").max_length,
    )
    standfirst = forms.CharField(required=False, strip=False)
    body = forms.CharField(required=False, strip=False)

    @staticmethod
    def draft_token_from(data) -> uuid.UUID | None:
        """The draft token the add form sent along (see autosave.js), if well formed."""
        try:
            return uuid.UUID(data.get("autosave_draft_token", ""))
        except ValueError:
            return None

    def clean(self):
        data = super().clean()
        if (data.get("article") is None) == (data.get("draft_token") is None):
            raise forms.ValidationError(
                gettext_lazy("Send the story's id or a new story's draft token.")
            )
        return data


def autosave_view(model_admin):
    """POST only, CSRF-checked and staff-only through ``admin_view``; the story
    must be one this user may change (the admin's own queryset and permission),
    a new story's draft one this user may add."""

    @require_POST
    def view(request):
        form = AutosaveForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        data = form.cleaned_data
        article = None
        if data["article"] is not None:
            article = (
                model_admin.get_queryset(request).filter(pk=data["article"]).first()
            )
            if article is None or not model_admin.has_change_permission(
                request, article
            ):
                raise PermissionDenied
        elif not model_admin.has_add_permission(request):
            raise PermissionDenied
        autosave = services.autosave_story(
            user=request.user,
            article=article,
            draft_token=data["draft_token"],
            headline=data["headline"],
            standfirst=data["standfirst"],
            body=data["body"],
        )
        return JsonResponse(
            {
                "savedAt": autosave.saved_at.isoformat(),
                "message": _("Autosaved at %(time)s")
                % {"time": timezone.localtime(autosave.saved_at).strftime("%H:%M:%S")},
            }
        )

    return view


def form_saved_at(article: Article, pending: PendingChanges | None) -> datetime:
    """When what the story's form opens with was saved: the story's last save,
    or its pending changes' when the form shows those and they are newer."""
    if pending is None:
        return article.modified_at
    return max(article.modified_at, pending.saved_at)


def autosave_config(
    request,
    article: Article | None,
    autosave_url: str,
    *,
    pending: PendingChanges | None = None,
) -> dict:
    """What the change form's script needs: where to post, which story or draft,
    and the server's autosave when it is newer than what the form shows (the
    story's last save, or its ``pending`` changes, which the form shows)."""
    saved_at = None
    if article is not None:
        saved_at = form_saved_at(article, pending)
        newer = Autosave.objects.filter(
            article=article, user=request.user, saved_at__gt=saved_at
        ).first()
        key = f"article:{article.pk}"
    else:
        newer = (
            Autosave.objects.filter(article=None, user=request.user)
            .order_by("-saved_at")
            .first()
        )
        key = "new"
    return {
        "url": autosave_url,
        "article": article.pk if article else None,
        "draftToken": None if article else str(uuid.uuid4()),
        "lastSavedAt": saved_at.isoformat() if saved_at else None,
        "storageKey": f"magazine-autosave:{request.user.pk}:{key}",
        "timeZone": settings.TIME_ZONE,
        "server": {
            "headline": newer.headline,
            "standfirst": newer.standfirst,
            "body": newer.body,
            "savedAt": newer.saved_at.isoformat(),
            "draftToken": str(newer.draft_token) if newer.draft_token else None,
            "savedAtLabel": timezone.localtime(newer.saved_at).strftime(
                "%Y-%m-%d %H:%M"
            ),
        }
        if newer
        else None,
    }


def presence_answer(others, taken_over_by) -> dict:
    """Who else has the story open, as the page shows it (newsroom time)."""

    def name(user):
        return user.get_full_name() or user.get_username()

    return {
        "editors": [
            _("%(name)s is editing since %(time)s")
            % {
                "name": name(presence.user),
                "time": timezone.localtime(presence.started_at).strftime("%H:%M"),
            }
            for presence in others
        ],
        "takenOverBy": (
            _(
                "%(name)s took over this story. Your unsaved changes are kept in "
                "your autosave; reopen the story to see theirs."
            )
            % {"name": name(taken_over_by)}
            if taken_over_by
            else None
        ),
    }


def presence_view(model_admin):
    """The open form's heartbeat (POST, CSRF-checked, staff who may change the
    story); ``take_over=1`` takes the story over from whoever else has it open."""

    @require_POST
    def view(request, object_id):
        article = model_admin.get_queryset(request).filter(pk=object_id).first()
        if article is None or not model_admin.has_change_permission(request, article):
            raise PermissionDenied
        others, taken_over_by = services.record_presence(
            user=request.user,
            article=article,
            take_over=request.POST.get("take_over") == "1",
        )
        return JsonResponse(presence_answer(others, taken_over_by))

    return view
