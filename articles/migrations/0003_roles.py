"""The newsroom's two roles as groups: Contributors and Editors.

Permissions are created after migrations normally; they are created here first
so the groups can be given them in a fresh database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTRIBUTORS = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_articleauthor",
    "articles.change_articleauthor",
    "articles.delete_articleauthor",
    "articles.view_articleauthor",
    "articles.add_relatedarticle",
    "articles.change_relatedarticle",
    "articles.delete_relatedarticle",
    "articles.view_relatedarticle",
    "articles.view_category",
    "articles.view_author",
    "articles.add_image",
    "articles.change_image",
    "articles.view_image",
    "taggit.add_tag",
    "taggit.view_tag",
]
EDITORS = [
    *CONTRIBUTORS,
    "articles.publish_article",
    "articles.delete_article",
    "articles.add_category",
    "articles.change_category",
    "articles.view_category",
    "articles.add_author",
    "articles.change_author",
    "articles.delete_author",
    "articles.delete_image",
    "articles.change_comment",
    "articles.delete_comment",
    "articles.view_comment",
    "taggit.change_tag",
    "taggit.delete_tag",
    "redirects.add_redirect",
    "redirects.change_redirect",
    "redirects.delete_redirect",
    "redirects.view_redirect",
]
ROLES = {"Contributors": CONTRIBUTORS, "Editors": EDITORS}


def create_roles(apps, schema_editor):
    create_all_permissions(apps)
    grant_roles(apps)


def create_all_permissions(apps) -> None:
    """Every installed model's permissions, now rather than after migrating."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant_roles(apps) -> None:
    """Create the groups with their permissions (tests call it after a flush)."""
    for name, codenames in ROLES.items():
        grant(apps, name, codenames)


def grant(apps, group_name: str, codenames) -> None:
    """Give the group (made if missing) these ``app_label.codename`` permissions."""
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=group_name)
    Permission = apps.get_model("auth", "Permission")
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_editorial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
