"""New migrations keep the previous release working during a rolling deploy."""

import pytest
from django.db import migrations, models

from magazine.migration_safety import problems, unsafe_migrations

pytestmark = pytest.mark.django_db  # the session set-up (roles, site row) needs it

# The last migration of each app before the rule (README "Deploy"); those before
# it were run with every app server stopped.
SHIPPED = {"articles": 17, "magazine": 5, "site": 1, "newsletter": 6}


def test_no_new_migration_drops_renames_or_adds_a_required_column():
    assert unsafe_migrations(SHIPPED) == []


def test_the_rule_refuses_what_the_previous_release_cannot_live_with():
    required = migrations.AddField("edition", "code", models.CharField(max_length=9))
    with_db_default = migrations.AddField(
        "edition", "code", models.CharField(max_length=9, db_default="")
    )
    nullable = migrations.AddField("edition", "sent", models.DateTimeField(null=True))

    assert problems(migrations.RemoveField("edition", "subject"))
    assert problems(migrations.RenameField("edition", "subject", "title"))
    assert problems(migrations.DeleteModel("Edition"))
    assert problems(required)
    assert problems(with_db_default) is None
    assert problems(nullable) is None
