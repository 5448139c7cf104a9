"""Editors read the staff log (the kernel's ``StaffEvent``): who signed in,
failed, changed a second factor or someone's permissions."""

import importlib

from django.db import migrations

# The roles migration's helpers: the same permission grants, written once.
roles = importlib.import_module("articles.migrations.0003_roles")

EDITORS_ALSO = ["magazine.view_staffevent"]


def create_and_grant(apps, schema_editor):
    roles.create_all_permissions(apps)
    grant(apps)


def grant(apps) -> None:
    """Give the Editors group these permissions (tests call it after a flush)."""
    roles.grant(apps, "Editors", EDITORS_ALSO)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for editors in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="magazine", codename="view_staffevent"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_commenter_address_confirmation"),
        ("magazine", "0004_staff_sign_in"),
    ]

    operations = [migrations.RunPython(create_and_grant, revoke)]
