from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from articles.comments import services
from articles.comments.forms import CommentForm, staff_details
from articles.comments.signing import (
    comment_from_confirmation_token,
    proves_address,
    remember_address,
    remember_pending,
)
from articles.models import Article, Comment
from articles.models.comments import comments_open
from magazine.bots import Quota, client_ip, first_quota_spent, public_form_view
from magazine.proxies import limit_key

TOO_MANY_FROM_NETWORK = gettext_lazy(
    "Too many comments from your network. Please try again in an hour."
)
TOO_MANY_FROM_ADDRESS = gettext_lazy(
    "Too many comments from this e-mail address. Please try again in an hour."
)


@public_form_view
@require_http_methods(["GET", "POST"])
def comment_form(request, article_id, parent_id=None):
    """Posts a comment (the form under every article sends here), or shows the form
    on its own page: for a reply without JavaScript, or again with its errors."""
    article = get_object_or_404(
        Article.objects.published().select_related("category"), pk=article_id
    )
    if not comments_open(article):
        return render_form_page(request, article, None, status=403)
    if request.method == "GET":
        parent = parent_id and get_object_or_404(
            Comment.objects.approved().filter(article=article), pk=parent_id
        )
        initial = {**staff_details(request.user), "parent": parent and parent.pk}
        return render_form_page(
            request,
            article,
            CommentForm(article=article, initial=initial),
            parent=parent or None,
        )

    ip_address = client_ip(request)
    form = CommentForm(request.POST, article=article, ip_address=ip_address)
    if not form.is_valid():
        form.renew_stamp()
        return render_form_page(request, article, form, status=400)
    data = form.cleaned_data
    spent = first_quota_spent(
        form.stamp_quota(),
        Quota(
            "comment-email",
            data["email"],
            settings.COMMENTS_PER_EMAIL_PER_HOUR,
            3600,
            TOO_MANY_FROM_ADDRESS,
        ),
        Quota(
            "comment-ip",
            limit_key(ip_address),
            settings.COMMENTS_PER_IP_PER_HOUR,
            3600,
            TOO_MANY_FROM_NETWORK,
        ),
    )
    if spent is not None:
        return refuse(request, article, form, spent.message)

    comment = services.post_comment(
        article=article,
        parent=data["parent"],
        name=data["name"],
        email=data["email"],
        website=data["website"],
        body=data["body"],
        notify_replies=data["notify_replies"],
        ip_address=ip_address,
        trusted=request.user.is_staff,
        address_proven=proves_address(request, data["email"]),
    )
    response = redirect(comment.get_absolute_url())
    if comment.status == Comment.Status.PENDING:
        remember_pending(request, response, comment)
    return response


def refuse(request, article, form, message):
    form.refuse(message)
    return render_form_page(request, article, form, status=429)


def render_form_page(request, article, form, *, status=200, parent=None):
    """The form on its own page; ``parent`` when the caller has already loaded it."""
    parent_pk = form and (form["parent"].value() or None)
    if parent is None and parent_pk and str(parent_pk).isdigit():
        parent = (
            Comment.objects.approved().filter(article=article, pk=parent_pk).first()
        )
    return render(
        request,
        "articles/comments/form_page.html",
        {"article": article, "form": form, "parent": parent},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def stop_notifications(request, token):
    """The link in reply e-mail: a page with one button, so link scanners change nothing."""
    if request.method == "POST":
        comment = services.stop_notifications(token)
        status = 200 if comment else 400
    else:
        comment, status = None, 200
    return render(
        request,
        "articles/comments/stop.html",
        {"stopped": request.method == "POST", "comment": comment, "token": token},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def confirm_address(request, token):
    """The link in the confirmation e-mail: a page with one button, so the link
    scanners that open every link in a message confirm nothing."""
    if request.method == "POST":
        comment = services.confirm_address(token)
        found = comment is not None
    else:
        found = comment_from_confirmation_token(token) is not None
        comment = None
    response = render(
        request,
        "articles/comments/confirm.html",
        {
            "confirmed": request.method == "POST" and found,
            "found": found,
            "comment": comment,
        },
        status=200 if found else 400,
    )
    if comment is not None:
        remember_address(response, comment.email)
    return response
