from django.contrib import admin

from articles.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["title", "width", "height", "credit", "uploaded_at"]
    search_fields = ["title", "alt_text", "caption", "credit"]
