"""Building the article admin's POST data the way the browser sends it."""

import importlib
from datetime import timedelta

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.forms import merge
from articles.models import Article
from tests.helpers import authenticator, totp_code


def ensure_roles() -> None:
    """The groups the data migration made; a transactional test's flush removes them."""
    importlib.import_module("articles.migrations.0003_roles").grant_roles(django_apps)
    importlib.import_module(
        "newsletter.migrations.0003_editors_run_the_whole_desk"
    ).grant(django_apps)
    importlib.import_module(
        "articles.migrations.0017_editors_read_the_staff_log"
    ).grant(django_apps)


def staff(username: str, role: str) -> User:
    ensure_roles()
    user = User.objects.create_user(username, f"{username}@miamicurrent.example", "pw")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    authenticator(user)  # a confirmed second factor, as the rule asks of Editors
    return user


# The browser tests' staff sign in with this password and their second factor.
DESK_PASSWORD = "a-long-test-password-for-the-desk"


def desk_editor(username: str = "editor") -> User:
    """An Editor who signs in through the form (password and authenticator)."""
    user = staff(username, "Editors")
    user.set_password(DESK_PASSWORD)
    user.save()
    return user


def log_in(page, live_server, username: str = "editor") -> None:
    """The admin's sign-in form in a real browser: password, then the code."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DESK_PASSWORD)
    page.click("input[type=submit]")
    # Editors sign in with a second factor: the code their app shows.
    page.fill("#id_code", totp_code(authenticator(User.objects.get(username=username))))
    page.click("input[type=submit]")


def split(moment) -> dict:
    local = timezone.localtime(moment)
    return {"0": local.strftime("%Y-%m-%d"), "1": local.strftime("%H:%M:%S")}


def article_form_data(article: Article | None = None, **overrides) -> dict:
    """The change form as the browser would send it, with ``overrides`` applied."""
    fields = {
        "headline": "Seawall vote passes",
        "slug": "seawall-vote-passes",
        "standfirst": "Six to one.",
        "body": "<p>The vote came late.</p>",
        "status": Article.Status.DRAFT,
        "publish_at": timezone.now() - timedelta(minutes=1),
        "comments": Article.Comments.OPEN,
        "tags": "",
        "language": "en",
    }
    if article is not None:
        fields |= {
            "headline": article.headline,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "body": article.body,
            "status": article.status,
            "publish_at": article.publish_at,
            "category": article.category_id,
            "comments": article.comments,
            "seen_version": article.version,
            "seen_fields": merge.fingerprint(article),
            "language": article.language,
        }
    fields |= overrides
    data = {}
    for name, value in fields.items():
        if hasattr(value, "tzinfo"):
            data |= {f"{name}_{part}": text for part, text in split(value).items()}
        elif value is not None:
            data[name] = value
    for prefix in ("articleauthor_set", "picks"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data
