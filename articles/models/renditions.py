from django.db import models
from django.utils.translation import gettext_lazy as _

# After the original's format (JPEG or PNG), the <img> fallback's next choices.
FALLBACK_ORDER = {"webp": 1, "avif": 2}


def sources(source: str, files) -> dict:
    """What ``Image.sources`` keeps: ``files`` are ``(ratio, format, name, width,
    height)`` rows of one file and focal point (``source``); each shape lists its
    formats, the <img> fallback (JPEG or PNG, else WebP) first, each with its
    files narrowest first."""
    shapes: dict[str, dict[str, list]] = {}
    for ratio, image_format, name, width, height in sorted(files, key=lambda f: f[3]):
        formats = shapes.setdefault(ratio, {})
        formats.setdefault(image_format, []).append([name, width, height])
    return {
        "source": source,
        "shapes": {
            ratio: sorted(formats.items(), key=lambda f: FALLBACK_ORDER.get(f[0], 0))
            for ratio, formats in shapes.items()
        },
    }


class Rendition(models.Model):
    """A resized (and perhaps cropped) copy of a library image, made once and reused.

    ``source`` names the original file and focal point it was cut from; when the
    editor replaces the file or moves the focal point, older renditions no longer
    match and are replaced by the next run of the rendition task.
    """

    class Format(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        WEBP = "webp", "WebP"
        AVIF = "avif", "AVIF"

    image = models.ForeignKey(
        "articles.Image", on_delete=models.CASCADE, related_name="renditions"
    )
    source = models.CharField(max_length=300)
    ratio = models.CharField(
        max_length=10, blank=True, help_text=_("Blank keeps the original shape.")
    )
    format = models.CharField(max_length=4, choices=Format.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(upload_to="renditions/%Y/%m/", max_length=300)

    class Meta:
        ordering = ["width"]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "source", "ratio", "format", "width"],
                name="rendition_once",
            )
        ]

    def __str__(self):
        return f"{self.image} at {self.width}px ({self.format})"
