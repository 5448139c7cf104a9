from django.db import migrations


def create_site_settings(apps, schema_editor):
    """The one settings row exists from the start, so no page request writes it."""
    SiteSettings = apps.get_model("magazine", "SiteSettings")
    SiteSettings.objects.get_or_create(pk=1, defaults={"about_blurb": ""})


class Migration(migrations.Migration):
    dependencies = [("magazine", "0001_initial")]

    operations = [
        migrations.RunPython(create_site_settings, migrations.RunPython.noop),
    ]
