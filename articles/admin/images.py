from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from articles.forms.images import ImageForm
from articles.images.markup import media_url
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

    def get_urls(self):
        return [
            path(
                "picker/",
                self.admin_site.admin_view(self.picker_view),
                name="articles_image_picker",
            ),
            *super().get_urls(),
        ]

    def picker_view(self, request):
        """The rich-text editor's "Browse…" window: pick a library picture."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        images = self.get_queryset(request)
        if query := request.GET.get("q", "").strip():
            images = images.filter(
                Q(title__icontains=query) | Q(caption__icontains=query)
            )
        page = Paginator(images, 40).get_page(request.GET.get("page"))
        return TemplateResponse(
            request,
            "admin/articles/image/picker.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Pick a picture",
                "page_obj": page,
                # The body keeps the original's address, which never changes; readers
                # get a srcset from the renditions (articles.images.markup).
                "choices": [(image, image_thumbnail(image, 160)) for image in page],
                "query": query,
                "callback": request.GET.get("CKEditorFuncNum", ""),
                "is_popup": True,
            },
        )

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
    url = image.file.url
    if formats := image.picture_sources():
        (_, files), *_ = formats  # the <img> fallback's files, narrowest first
        url = media_url(files[0][0])
    height = round(image.height * width / image.width) if image.width else width
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" loading="lazy">',
        url,
        width,
        height,
    )
