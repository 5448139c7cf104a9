from django.db import migrations, models

from articles.models.renditions import sources


def record_existing_renditions(apps, schema_editor):
    """Pictures rendered before ``sources`` existed list their renditions too."""
    Image = apps.get_model("articles", "Image")
    Rendition = apps.get_model("articles", "Rendition")
    for image in Image.objects.all().iterator():
        source = f"{image.file.name}@{image.focal_x:.3f},{image.focal_y:.3f}"
        files = Rendition.objects.filter(image=image, source=source).values_list(
            "ratio", "format", "file", "width", "height"
        )
        if files:
            image.sources = sources(source, files)
            image.save(update_fields=["sources"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_rendered_body"),
    ]

    operations = [
        migrations.AddField(
            model_name="image",
            name="sources",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                help_text="The current renditions' files and sizes by shape and format, written by the rendition task.",
            ),
        ),
        migrations.RunPython(record_existing_renditions, migrations.RunPython.noop),
    ]
