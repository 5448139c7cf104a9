"""Bot defences shared by every public form (comments, newsletter signup).

No outside service sees a reader's data: a honeypot field, a signed form
timestamp, per-key rate limits (:mod:`magazine.limits`), and a same-origin check.

Forms on cached pages cannot carry a per-reader CSRF token (the cached copy
would hand one reader's token to everybody, or a stale one). So those views
use ``public_form_view``: no token, but cross-site POSTs are refused by the
``Origin`` and ``Sec-Fetch-Site`` headers every current browser sends, and the
signed timestamp proves the form was fetched from this site recently. The
worst a forged POST could do is what any visitor can do in person, and the
rate limits bound that.
"""

import functools
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponseForbidden
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from magazine import limits, proxies
from magazine.cache import BROWSER_MAX_AGE

FORM_MIN_SECONDS = 2
# How long after a page reached them a reader may still send a form from it.
WRITING_TIME = 2 * 60 * 60
_stamp_signer = signing.TimestampSigner(salt="magazine.bots.form-stamp")

TOO_FAST = gettext_lazy(
    "That was quicker than a person can type. Please wait a moment and send it again."
)
TOO_OLD = gettext_lazy("This form has been open too long. Please send it again.")
UNCHECKED = gettext_lazy(
    "We could not check where this form came from. Please send it again."
)
HONEYPOT = gettext_lazy("Please leave the field marked “leave empty” empty.")
STAMP_USED_UP = gettext_lazy(
    "Many readers have sent this form from the same copy of the page. "
    "Please send it again."
)


def form_stamp() -> str:
    return _stamp_signer.sign(str(time.time()))


def form_max_age() -> int:
    """How long a form stamp is good for, in seconds.

    Stamps are put into pages that are cached, so one must outlive the page
    that carried it: ``PAGE_CACHE_SECONDS`` in the page cache, then
    ``BROWSER_MAX_AGE`` in a browser or CDN, plus the reader's ``WRITING_TIME``
    (by default 600 + 60 + 7,200 s: 2 h 11 min). No longer, so a stamp
    scraped from a page does not serve a bot all day.
    """
    return settings.PAGE_CACHE_SECONDS + BROWSER_MAX_AGE + WRITING_TIME


class EmailAddressField(forms.EmailField):
    """An address field for readers: the site's spelling, an example, autofill."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Enter a valid e-mail address, such as name@example.com."
        )
    }
    widget = forms.EmailInput(attrs={"autocomplete": "email"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)


class BotDefenceForm(forms.Form):
    """A form with a honeypot and a signed issue time; subclass and add fields."""

    leave_empty = forms.CharField(
        required=False,
        label=gettext_lazy("Leave empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    issued = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # the site's labels stand without a colon
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["issued"] = form_stamp()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("leave_empty"):
            raise forms.ValidationError(HONEYPOT, code="honeypot")
        try:
            issued_at = float(
                _stamp_signer.unsign(
                    cleaned.get("issued") or "", max_age=form_max_age()
                )
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(TOO_OLD, code="stale") from None
        except (signing.BadSignature, ValueError):
            raise forms.ValidationError(UNCHECKED, code="stamp") from None
        if time.time() - issued_at < FORM_MIN_SECONDS:
            raise forms.ValidationError(TOO_FAST, code="too_fast")
        self.issued_at = issued_at
        return cleaned

    def stamp_quota(self) -> "Quota":
        """The submissions this form's stamp may still carry (a valid form only).

        Every reader of a cached page shares its stamp, so a stamp cannot be
        single-use; but one scraped from a page feeds at most
        ``FORM_STAMP_USES`` submissions in its whole life. A reader refused for
        it is given a fresh stamp with their text, and their retry goes through.
        """
        return Quota(
            "form-stamp",
            self.cleaned_data["issued"],
            settings.FORM_STAMP_USES,
            form_max_age(),
            STAMP_USED_UP,
            start=self.issued_at,
        )

    def renew_stamp(self) -> None:
        """A re-shown form gets a fresh stamp, so the reader's retry is not refused."""
        self.data = self.data.copy()
        self.data["issued"] = form_stamp()

    def refuse(self, message: str) -> None:
        """Turn the whole form down (a rate limit): the message on top, the text kept."""
        self.is_valid()
        self.add_error(None, message)
        self.renew_stamp()


def client_ip(request: HttpRequest) -> str:
    """The reader's address: ``REMOTE_ADDR``, or what the trusted proxies report
    (``TRUSTED_PROXIES``, ``TRUSTED_PROXY_NETWORKS``; see :mod:`magazine.proxies`)."""
    return proxies.client_address(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        proxies=settings.TRUSTED_PROXIES,
        networks=tuple(settings.TRUSTED_PROXY_NETWORKS),
    )


def client_network(request: HttpRequest) -> str:
    """The key rate limits count the reader's network by (an IPv6 client's /64)."""
    return proxies.limit_key(client_ip(request))


def over_limit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt for ``key`` and say whether it is past ``limit`` per ``window`` s.

    Keys are compared without case (e-mail addresses). The counts live in the
    limiter's store (:mod:`magazine.limits`), which no page entry can evict.
    """
    return limits.hit(scope, key.lower(), window=window) > limit


@dataclass(frozen=True)
class Quota:
    """At most ``limit`` accepted submissions by ``key`` per ``window`` seconds;
    ``message`` tells the reader who goes past it."""

    scope: str
    key: str
    limit: int
    window: int
    message: str
    start: float | None = None  # a key with one window of its own (limits.hit)


def first_quota_spent(*quotas: Quota) -> Quota | None:
    """Counts one valid submission against each quota in turn; returns the first
    it goes past, or None.

    Call it only once the form is valid, so a reader's typo costs nothing, and
    name the quota many readers share (their network's) last: the quotas after
    a spent one are not charged, so a submission refused for its e-mail address
    does not use up its neighbours' allowance.
    """
    for quota in quotas:
        count = limits.hit(
            quota.scope, quota.key.lower(), window=quota.window, start=quota.start
        )
        if count > quota.limit:
            return quota
    return None


def is_cross_site(request: HttpRequest) -> bool:
    if request.headers.get("Sec-Fetch-Site") in {"cross-site", "same-site"}:
        return True
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        return origin == "null"
    allowed = {urlsplit(settings.SITE_URL).netloc, request.get_host()}
    return urlsplit(origin).netloc not in allowed


def public_form_view(view):
    """For views whose form is shown on cached pages: no CSRF token, same-origin only."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and is_cross_site(request):
            return HttpResponseForbidden(
                "This form can only be sent from our own pages.",
                content_type="text/plain",
            )
        return view(request, *args, **kwargs)

    return wrapped
