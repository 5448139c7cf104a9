from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

unit_interval = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Image(models.Model):
    """A picture in the library: uploaded once with its words, reused by many stories."""

    file = models.ImageField(
        upload_to="images/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    title = models.CharField(max_length=200, help_text="For finding it in the library.")
    alt_text = models.CharField(
        max_length=300,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(max_length=200, blank=True)
    focal_x = models.FloatField(
        default=0.5,
        validators=unit_interval,
        help_text="0 is the left edge, 1 the right.",
    )
    focal_y = models.FloatField(
        default=0.5,
        validators=unit_interval,
        help_text="0 is the top edge, 1 the bottom.",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title
