"""Staff members with passwords, and the admin's login form as a browser posts it."""

from django.contrib.auth.models import User

from tests.articles.admin_helpers import ensure_roles, staff

PASSWORD = "a-long-test-password-for-the-desk"
LOGIN = "/admin/login/"


def member(username: str, role: str = "Editors", *, email: str | None = None) -> User:
    ensure_roles()
    user = staff(username, role)
    user.set_password(PASSWORD)
    if email is not None:
        user.email = email
    user.save()
    return user


def post_login(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )
