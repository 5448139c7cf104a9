from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from magazine.bots import Quota, client_network, first_quota_spent, public_form_view
from newsletter import services
from newsletter.forms import LanguageForm, SignupForm
from newsletter.models import Subscriber
from newsletter.signing import (
    subscriber_id_from_confirmation,
    subscriber_id_from_my_data,
    subscriber_id_from_unsubscribe,
)

SIGNUPS_PER_IP_PER_HOUR = 10
TOO_MANY_SIGNUPS = gettext_lazy(
    "Too many signups from your network. Please try again in an hour."
)


@public_form_view
@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        spent = first_quota_spent(
            form.stamp_quota(),
            Quota(
                "signup-ip",
                client_network(request),
                SIGNUPS_PER_IP_PER_HOUR,
                3600,
                TOO_MANY_SIGNUPS,
            ),
        )
        if spent is not None:
            form.refuse(spent.message)
            return render(request, "newsletter/signup.html", {"form": form}, status=429)
        signup_page = form.cleaned_data["next"]
        if not url_has_allowed_host_and_scheme(
            signup_page, allowed_hosts={request.get_host()}
        ):
            signup_page = ""
        services.subscribe(
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            signup_page=signup_page,
        )
        return render(request, "newsletter/check_inbox.html")
    status = 200
    if request.method == "POST":
        form.renew_stamp()
        status = 400
    return render(request, "newsletter/signup.html", {"form": form}, status=status)


@csrf_exempt  # the signed token is the authority; the link opens in any browser
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link shows one button; only the reader's click (a POST) confirms.

    Mail security scanners open every link in a message, so a GET that
    confirmed would subscribe addresses nobody had checked.
    """
    if request.method == "GET":
        found = subscriber_id_from_confirmation(token)
        already = found is not None and (
            Subscriber.objects.receiving().filter(pk=found[0], email=found[1]).exists()
        )
        return render(
            request,
            "newsletter/confirm.html",
            {"found": found is not None, "already": already},
            status=200 if found else 400,
        )
    subscriber = services.confirm(token)
    status = 200 if subscriber else 400
    return render(
        request, "newsletter/confirmed.html", {"subscriber": subscriber}, status=status
    )


@csrf_exempt  # the signed token is the authority; RFC 8058 POSTs carry no cookie
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One button on the page, or the mailbox provider's RFC 8058 one-click POST.

    A GET changes nothing (link scanners fetch every link); a POST is idempotent
    and succeeds for a link whose subscriber is already gone.
    """
    subscriber_pk = subscriber_id_from_unsubscribe(token)
    if subscriber_pk is None:
        return render(request, "newsletter/bad_link.html", status=400)
    if request.method == "POST":
        services.unsubscribe(subscriber_pks=[subscriber_pk])
    subscriber = Subscriber.objects.filter(pk=subscriber_pk).first()
    receiving = subscriber is not None and subscriber.is_on_the_list
    return render(
        request,
        "newsletter/unsubscribe.html",
        {"subscriber": subscriber, "receiving": receiving},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def my_data(request, token):
    """The reader's preferences page: the language of their mail, and their own
    data, shown, downloadable as JSON, or erased."""
    subscriber_pk = subscriber_id_from_my_data(token)
    if subscriber_pk is None:
        return render(request, "newsletter/bad_link.html", status=400)
    subscriber = Subscriber.objects.filter(pk=subscriber_pk).first()
    language_form = LanguageForm(
        request.POST if "language" in request.POST else None,
        initial={"language": subscriber.language if subscriber else None},
    )
    if request.method == "POST" and subscriber is not None:
        if language_form.is_bound:
            if not language_form.is_valid():
                return render(
                    request,
                    "newsletter/my_data.html",
                    {"subscriber": subscriber, "language_form": language_form},
                    status=400,
                )
            return language_changed(request, token, subscriber, language_form)
        services.forget(subscriber_pk=subscriber_pk)
        subscriber = None
    if subscriber is not None and request.GET.get("format") == "json":
        response = JsonResponse(subscriber.export(), json_dumps_params={"indent": 2})
        response["Content-Disposition"] = (
            'attachment; filename="newsletter-subscription.json"'
        )
        return response
    return render(
        request,
        "newsletter/my_data.html",
        {"subscriber": subscriber, "language_form": language_form},
    )


def language_changed(request, token, subscriber, form):
    """Saves the reader's new language and says so in it, on this page's
    address in that language (the address carries the language)."""
    language = form.cleaned_data["language"]
    services.change_language(subscriber_pk=subscriber.pk, language=language)
    with translation.override(language):
        messages.success(
            request,
            gettext("Saved: your e-mails will be in %(language)s.")
            % {"language": translation.get_language_info(language)["name_local"]},
        )
        return redirect(reverse("newsletter:my_data", kwargs={"token": token}))


TEST_COPY_LINKS = {
    "unsubscribe": gettext_lazy(
        "takes the reader off the list in one click, with no login"
    ),
    "my-data": gettext_lazy(
        "shows the reader what we keep about them, to download or delete"
    ),
}


@require_GET
def test_copy_link(request, link):
    """Where a test copy's personal links lead: the editor is told what the link
    does for a subscriber, instead of landing on the signup form."""
    if link not in TEST_COPY_LINKS:
        raise Http404("No such link.")
    return render(
        request,
        "newsletter/test_copy_link.html",
        {"does": TEST_COPY_LINKS[link]},
    )
