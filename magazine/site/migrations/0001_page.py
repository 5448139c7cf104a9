"""The standing pages move from the kernel's app to the site layer.

The table stays where it is (``magazine_page``): only Django's idea of which
app owns it changes, here and in ``magazine`` 0003. Its content type follows,
so the Editors group keeps its page permissions and the admin log its entries.
"""

from django.db import migrations, models


def move_content_type(apps, schema_editor, *, old="magazine", new="site"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model="page").exists():
        ContentType.objects.using(db).filter(app_label=old, model="page").update(
            app_label=new
        )


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="site", new="magazine")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("magazine", "0002_site_settings_row"),
        # Granted the Editors the page permissions under their old app.
        ("newsletter", "0003_editors_run_the_whole_desk"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Page",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=200)),
                        ("slug", models.SlugField(unique=True)),
                        (
                            "summary",
                            models.CharField(
                                blank=True,
                                help_text="The meta description and the link preview.",
                                max_length=300,
                            ),
                        ),
                        ("body", models.TextField()),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={"db_table": "magazine_page", "ordering": ["title"]},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
