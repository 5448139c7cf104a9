from pathlib import PurePath

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from articles.admin.roles import can_publish
from articles.forms.images import ImageForm
from articles.images.markup import uncropped_url
from articles.images.renditions import CARD_RATIO, parse_ratio
from articles.models import Image

FOCAL_PICKER_WIDTH = 480
# What the upload scripts say, in the editor's language.
UPLOAD_MESSAGES = {
    "uploaded": _("Uploaded: %(title)s"),
    "failed": _("Not uploaded: %(errors)s"),
    "progress": _("Uploading %(done)s of %(total)s…"),
    "done": _("%(count)s uploaded, %(failed)s waiting for corrections."),
    "open": _("Open"),
    "network": _("The connection failed; nothing was lost. Try again."),
    "altRequired": _("Each picture needs its alt text."),
}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "title", "width", "height", "credit", "uploaded_at"]
    list_display_links = ["thumbnail", "title"]
    search_fields = ["title", "alt_text", "alt_text_es", "caption", "credit"]
    readonly_fields = [
        "width",
        "height",
        "uploaded_by",
        "focal_point_picker",
        "rendition_count",
    ]
    fieldsets = [
        (None, {"fields": ["file", ("width", "height"), "uploaded_by"]}),
        (
            _("Words"),
            {"fields": ["title", "alt_text", "alt_text_es", "caption", "credit"]},
        ),
        (
            _("Focal point"),
            {
                "fields": [
                    "focal_point_picker",
                    ("focal_x", "focal_y"),
                    "rendition_count",
                ],
                "description": _("The part of the picture that must survive any crop."),
            },
        ),
    ]

    class Media:
        css = {"all": ["articles/focal-point.css"]}
        js = ["articles/focal-point.js"]

    def get_urls(self):
        return [
            path(
                "picker/",
                self.admin_site.admin_view(self.picker_view),
                name="articles_image_picker",
            ),
            path(
                "upload/",
                self.admin_site.admin_view(
                    require_http_methods(["GET", "POST"])(self.upload_view)
                ),
                name="articles_image_upload",
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
                Q(title__icontains=query)
                | Q(caption__icontains=query)
                | Q(credit__icontains=query)
                | Q(alt_text__icontains=query)
                | Q(alt_text_es__icontains=query)
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
                # Shown at once: the picker is a short grid, not a long list.
                "choices": [
                    (image, image_thumbnail(image, 160, loading="eager"))
                    for image in page
                ],
                "query": query,
                "callback": request.GET.get("CKEditorFuncNum", ""),
                "is_popup": True,
            },
        )

    def upload_view(self, request):
        """Pictures dropped or pasted into the editor, or several chosen at once on
        the library's upload page: each is checked like any upload and asked for
        its alt text. GET shows the page; POST takes one picture and answers JSON
        (articles/library-upload.js, articles/editor-aids.js)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "GET":
            return TemplateResponse(
                request,
                "admin/articles/image/upload.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "title": _("Upload pictures"),
                    "upload_url": request.path,
                    "upload_messages": UPLOAD_MESSAGES,
                },
            )
        data = request.POST.copy()
        if not data.get("title") and (upload := request.FILES.get("file")):
            data["title"] = title_from_file_name(upload.name)
        for name in ("focal_x", "focal_y"):  # set later, on the picture's own page
            data.setdefault(name, Image._meta.get_field(name).default)
        form = ImageForm(data, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        image = form.save(commit=False)
        image.uploaded_by = request.user
        image.save()
        self.log_addition(request, image, [{"added": {}}])
        return JsonResponse(
            {
                "id": image.pk,
                "url": image.file.url,
                "title": image.title,
                "alt": image.alt_text,
                "caption": image.caption,
                "credit": image.credit,
                "change_url": reverse("admin:articles_image_change", args=[image.pk]),
            },
            status=201,
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def has_change_permission(self, request, obj=None):
        """Contributors change only pictures they uploaded that readers do not
        see yet; any other is the desk's, so editors only. The admin refuses a
        POST (403) when this says no, whatever the form sent."""
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request):
            return True
        return obj.uploaded_by_id == request.user.pk and not obj.is_shown_to_readers()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="")
    def thumbnail(self, image):
        return image_thumbnail(image)

    @admin.display(description=_("Where to crop"))
    def focal_point_picker(self, image):
        """The whole picture with its focal point and its card cut drawn on it;
        clicking sets the two numbers below (articles/focal-point.js)."""
        if not image.pk or not image.width:
            return "Save the picture first, then click it here to set its focal point."
        shown_width = min(image.width, FOCAL_PICKER_WIDTH)
        return format_html(
            '<div class="focal-point" data-focal-point data-width="{}" data-height="{}"'
            ' data-card-ratio="{}"><img src="{}" width="{}" height="{}" alt="{}"'
            ' aria-describedby="focal-point-help">'
            '<span class="focal-point__cut" hidden></span>'
            '<span class="focal-point__marker" hidden></span></div>'
            '<p class="help" id="focal-point-help">Click the subject that must stay in'
            " every crop, or type its position in the two boxes below. The frame shows"
            " the cut the story cards use.</p>",
            image.width,
            image.height,
            parse_ratio(CARD_RATIO),
            uncropped_url(image, at_least=2 * shown_width),
            shown_width,
            round(image.height * shown_width / image.width),
            image.alt_text,
        )

    @admin.display(description=_("Renditions made"))
    def rendition_count(self, image):
        return len(image.current_renditions()) if image.pk else 0


def title_from_file_name(name: str) -> str:
    """ "IMG_2041-boat-show.jpg" → "IMG 2041 boat show": a title to find it by."""
    stem = PurePath(name).stem.replace("_", " ").replace("-", " ")
    return capfirst(" ".join(stem.split()))[:200] or str(_("Picture"))


def image_thumbnail(image: Image | None, width: int = 80, loading: str = "lazy") -> str:
    """A small picture for admin lists: the smallest rendition, else the original."""
    if image is None:
        return ""
    url = uncropped_url(image)
    height = round(image.height * width / image.width) if image.width else width
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" loading="{}">',
        url,
        width,
        height,
        loading,
    )
