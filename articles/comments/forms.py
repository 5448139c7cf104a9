from email.utils import parseaddr

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Blocked, Comment
from articles.models.comments import comments_open, reply_parent
from magazine.bots import BotDefenceForm, EmailAddressField
from magazine.plaintext import link_count

CONSENT_TEXT = _(
    "Store my name, e-mail address and comment, and for a few days my IP address, "
    "as the privacy notice explains."
)
CLOSED = _("Comments are closed on this story.")
BLOCKED = _(
    "We could not accept this comment. If you think that is a mistake, "
    "please write to the newsroom at %(address)s."
)
PARENT_GONE = _("The comment you replied to is no longer on the page.")


class CommentForm(BotDefenceForm):
    """“Leave a Reply”: plain text, checked for bots, links and the blocklist."""

    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=100)
    email = EmailAddressField(label=_("E-mail (never shown)"))
    website = forms.URLField(
        label=_("Website (optional)"), required=False, max_length=200
    )
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    notify_replies = forms.BooleanField(
        label=_("E-mail me when someone replies to my comment"), required=False
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={
            "required": _("Tick the box so we may store and show your comment.")
        },
    )

    def __init__(self, *args, article, ip_address: str | None = None, **kwargs):
        kwargs.setdefault("auto_id", "comment-%s")
        super().__init__(*args, **kwargs)
        self.article = article
        self.ip_address = ip_address
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["website"].widget.attrs["autocomplete"] = "url"

    def clean_name(self):
        """One line: a name also goes into e-mail subjects."""
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        limit = settings.COMMENTS_MAX_LINKS
        if link_count(body) > limit:
            raise forms.ValidationError(
                gettext(
                    "A comment may hold at most %(limit)d links. "
                    "Please remove some and send it again."
                )
                % {"limit": limit},
                code="links",
            )
        return body

    def clean(self):
        cleaned = super().clean()
        if not comments_open(self.article):
            raise forms.ValidationError(CLOSED, code="closed")
        cleaned["parent"] = self._reply_parent(cleaned.get("parent"))
        text = " ".join(cleaned.get(field, "") for field in ("name", "website", "body"))
        if Blocked.objects.first_match(
            text=text, email=cleaned.get("email", ""), ip=self.ip_address
        ):
            raise forms.ValidationError(
                BLOCKED % {"address": parseaddr(settings.DEFAULT_FROM_EMAIL)[1]},
                code="blocked",
            )
        return cleaned

    def _reply_parent(self, parent_pk: int | None) -> Comment | None:
        if parent_pk is None:
            return None
        parent = (
            Comment.objects.approved()
            .filter(article=self.article, pk=parent_pk)
            .select_related("parent")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(PARENT_GONE, code="parent")
        return reply_parent(parent)


def staff_details(user) -> dict:
    """Logged-in staff comment under their own name and address."""
    if not (user and user.is_authenticated and user.is_staff):
        return {}
    return {"name": user.get_full_name() or user.get_username(), "email": user.email}
