"""A story's stored status is what a row can hold: "Scheduled" is not one.

A scheduled story has always been stored as published with a future publish
time (``Article.save`` rewrote the choice); the desk's states, scheduled and
licence expired included, are derived (``Article.DeskState``). Any row that
still says "scheduled" (written around ``save()``) becomes what it meant.
"""

from django.db import migrations, models


def scheduled_is_published(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(status="scheduled").update(status="published")


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_comment_ip_address_label")]

    operations = [
        migrations.RunPython(scheduled_is_published, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("review", "In review"),
                    ("published", "Published"),
                    ("archived", "Archived"),
                ],
                default="draft",
                max_length=10,
            ),
        ),
    ]
