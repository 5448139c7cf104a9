"""Revisions you can read: two versions of a story side by side as a word diff."""

import difflib
import re

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.errors import RevertError
from reversion.models import Version

from articles.models import PendingChanges

# The compare form's name for a story's pending changes (``PendingChanges``).
PENDING = "pending"

COMPARED_FIELDS = [
    ("headline", gettext_lazy("Headline")),
    ("standfirst", gettext_lazy("Standfirst")),
    ("body", gettext_lazy("Body text")),
]


def words(text: str) -> list[str]:
    return re.findall(r"\S+\s*", text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) pieces: kind is "same", "del" or "ins"."""
    old_words, new_words = words(old), words(new)
    pieces = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("same", "".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("del", "".join(old_words[a1:a2])))
        if b2 > b1:
            pieces.append(("ins", "".join(new_words[b1:b2])))
    return pieces


def readable(version: Version, name: str) -> str:
    value = version.field_dict.get(name) or ""
    return strip_tags(value.replace("</p>", "</p>\n")) if name == "body" else value


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
