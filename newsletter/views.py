from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from magazine.bots import client_ip, over_limit, public_form_view
from newsletter import services
from newsletter.forms import SignupForm

SIGNUPS_PER_IP_PER_HOUR = 10


@public_form_view
@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and over_limit(
        "signup-ip", client_ip(request), limit=SIGNUPS_PER_IP_PER_HOUR, window=3600
    ):
        form.is_valid()
        form.add_error(
            None, "Too many signups from your network. Please try again in an hour."
        )
        form.renew_stamp()
        return render(request, "newsletter/signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
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


def confirm(request, token):
    subscriber = services.confirm(token)
    status = 200 if subscriber else 400
    return render(
        request, "newsletter/confirmed.html", {"subscriber": subscriber}, status=status
    )
