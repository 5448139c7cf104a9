"""Editors also run what came after the roles: the newsletter, the comment
blocklist, the About and Legal pages and the site settings.

The roles migration (articles 0003) predates these models, so the Editors group
lacked them: an editor got 403 on the subscriber list the README promises them.
"""

import importlib

from django.db import migrations

# The roles migration's helpers: the same permission grants, written once.
roles = importlib.import_module("articles.migrations.0003_roles")

EDITORS_ALSO = [
    *(
        f"newsletter.{action}_{model}"
        for model in ("edition", "editionarticle", "subscriber")
        for action in ("add", "change", "delete", "view")
    ),
    "newsletter.view_delivery",
    *(f"articles.{action}_blocked" for action in ("add", "change", "delete", "view")),
    "magazine.change_sitesettings",
    "magazine.view_sitesettings",
]


def create_and_grant(apps, schema_editor):
    roles.create_all_permissions(apps)
    grant(apps)


def grant(apps) -> None:
    """Give the Editors group these permissions (tests call it after a flush)."""
    roles.grant(apps, "Editors", [*EDITORS_ALSO, *page_permissions(apps)])


def page_permissions(apps) -> list[str]:
    """The standing pages' permissions, under the app that holds ``Page`` in
    ``apps``: the kernel's when this migration ran, the site layer's since
    (site 0001 moved it)."""
    try:
        label = apps.get_model("site", "Page")._meta.app_label
    except LookupError:
        label = "magazine"
    return [f"{label}.{action}_page" for action in ("add", "change", "delete", "view")]


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for dotted in [*EDITORS_ALSO, *page_permissions(apps)]:
        app_label, codename = dotted.split(".")
        for editors in Group.objects.filter(name="Editors"):
            editors.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_comment_ip_address_label"),
        ("magazine", "0002_site_settings_row"),
        ("newsletter", "0002_edition_delivery_editionarticle"),
    ]

    operations = [migrations.RunPython(create_and_grant, revoke)]
