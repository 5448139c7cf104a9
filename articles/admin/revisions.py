"""Revisions you can read: two versions of a story side by side as a word diff."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.errors import RevertError
from reversion.models import Version

from articles.diffs import readable_text, word_diff

COMPARED_FIELDS = [
    ("headline", gettext_lazy("Headline")),
    ("standfirst", gettext_lazy("Standfirst")),
    ("body", gettext_lazy("Body text")),
]


def readable(version: Version, name: str) -> str:
    return readable_text(name, version.field_dict.get(name) or "")


def version_label(version: Version) -> str:
    revision = version.revision
    who = revision.user.get_username() if revision.user else _("someone")
    return f"{revision.date_created:%Y-%m-%d %H:%M} — {who}"


class CompareForm(forms.Form):
    older = forms.TypedChoiceField(label=gettext_lazy("From"), coerce=int)
    newer = forms.TypedChoiceField(label=gettext_lazy("To"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(version.pk, version_label(version)) for version in versions]
        self.fields["older"].choices = choices
        self.fields["newer"].choices = choices


def compare_view(model_admin):
    """Any two of the story's versions (default: the two newest), staff who may
    see the story only."""

    def view(request, object_id):
        story = model_admin.get_queryset(request).filter(pk=object_id).first()
        if story is None or not model_admin.has_view_or_change_permission(
            request, story
        ):
            raise PermissionDenied
        versions = list(
            Version.objects.get_for_object(story).select_related("revision__user")
        )
        by_pk = {version.pk: version for version in versions}
        defaults = {
            "older": versions[1].pk if len(versions) > 1 else None,
            "newer": versions[0].pk if versions else None,
        }
        form = CompareForm(request.GET if request.GET else defaults, versions=versions)
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
