from django.contrib import admin

from magazine.models import Page, SiteSettings


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]

    class Media:
        css = {"all": ["magazine/prose-editor-core.css"]}


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row, made by a data migration (or SiteSettings.load()): edited, never
    added, and no query on every admin page to ask whether it may be."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
