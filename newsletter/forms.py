from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from magazine.bots import BotDefenceForm, EmailAddressField

CONSENT_TEXT = _(
    "Send me the newsletter. I can unsubscribe at any time with the link in every e-mail."
)


class SignupForm(BotDefenceForm):
    email = EmailAddressField(label=_("E-mail address"))
    name = forms.CharField(label=_("Name (optional)"), max_length=100, required=False)
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={
            "required": _("Tick the box to have the newsletter sent to you.")
        },
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class FooterSignupForm(SignupForm):
    """The short form in every page's footer: an address and consent, no name."""

    name = None


class LanguageForm(forms.Form):
    """The language of a reader's mail, on the preferences page their e-mails link."""

    language = forms.ChoiceField(
        label=_("Language of your e-mails"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_(
            "Confirmations, notices and the newsletter come in it: each edition is "
            "written for one language's readers."
        ),
    )
