from django.contrib import admin
from django.utils.html import format_html

from articles.forms.images import ImageForm
from articles.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "title", "width", "height", "credit", "uploaded_at"]
    list_display_links = ["thumbnail", "title"]
    search_fields = ["title", "alt_text", "caption", "credit"]
    readonly_fields = ["preview", "width", "height", "rendition_count"]
    fieldsets = [
        (None, {"fields": ["file", "preview", ("width", "height")]}),
        ("Words", {"fields": ["title", "alt_text", "caption", "credit"]}),
        (
            "Focal point",
            {
                "fields": [("focal_x", "focal_y"), "rendition_count"],
                "description": "The part of the picture that must survive any crop.",
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    @admin.display(description="")
    def thumbnail(self, image):
        return image_thumbnail(image)

    @admin.display(description="Preview")
    def preview(self, image):
        return image_thumbnail(image, width=320) if image.pk else "–"

    @admin.display(description="Renditions made")
    def rendition_count(self, image):
        return len(image.current_renditions()) if image.pk else 0


def image_thumbnail(image: Image | None, width: int = 80) -> str:
    """A small picture for admin lists: the smallest rendition, else the original."""
    if image is None:
        return ""
    smallest = next(iter(image.current_renditions()), None)
    url = smallest.file.url if smallest else image.file.url
    height = round(image.height * width / image.width) if image.width else width
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" loading="lazy">',
        url,
        width,
        height,
    )
