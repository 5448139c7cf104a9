from django.contrib import admin

from magazine.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row, made by a data migration (or SiteSettings.load()): edited, never
    added, and no query on every admin page to ask whether it may be."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
