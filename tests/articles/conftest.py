"""Signed-in desk members for the article admin's tests (over admin_helpers):
a module's own fixture of the same name takes precedence."""

import pytest

from tests.articles.admin_helpers import staff
from tests.helpers import sign_in


@pytest.fixture
def contributor(client):
    """A Contributor ("casey"), signed in with the test's ``client``."""
    user = staff("casey", "Contributors")
    sign_in(client, user)
    return user


@pytest.fixture
def editor(client):
    """An Editor ("eddie"), signed in with the test's ``client``."""
    user = staff("eddie", "Editors")
    sign_in(client, user)
    return user


@pytest.fixture
def editor_client(client, editor):
    """The test's ``client``, signed in as the Editor."""
    return client
