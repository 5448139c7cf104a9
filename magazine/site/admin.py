from django.contrib import admin

from magazine.site.models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]

    class Media:
        css = {"all": ["magazine/prose-editor-core.css", "articles/editor-aids.css"]}
