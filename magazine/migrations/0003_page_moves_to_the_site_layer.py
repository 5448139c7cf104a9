"""``Page`` now belongs to the site layer (``site`` 0001 takes its table over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("magazine", "0002_site_settings_row"),
        ("site", "0001_page"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Page")],
            database_operations=[],
        ),
    ]
