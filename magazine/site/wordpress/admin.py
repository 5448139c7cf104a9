"""The admin's "Import from WordPress" (superusers only) and the import
metadata shown beside what an import made."""

import functools

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from magazine.site.models import ImportedItem
from magazine.site.wordpress.importer import remove_import
from magazine.site.wordpress.tasks import run_import


class SuperusersOnly:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_view_permission
    has_delete_permission = has_view_permission

    def has_change_permission(self, request, obj=None):
        return False


class ImportRunAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ["__str__", "origin", "state", "items_done", "created_at"]
    actions = ["remove_imported"]
    change_form_template = "admin/site/importrun/change_form.html"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["export", "uploads", "dry_run"]
        return [
            "export",
            "origin",
            "dry_run",
            "state",
            "progress",
            "created_by",
            "created_at",
            "finished_at",
            "report_text",
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    @admin.display(description=_("progress"))
    def progress(self, run):
        return format_html(
            '<progress value="{}" max="{}">{} / {}</progress> {} / {}',
            run.items_done,
            run.items_total or 1,
            run.items_done,
            run.items_total,
            run.items_done,
            run.items_total,
        )

    @admin.display(description=_("report"))
    def report_text(self, run):
        return format_html("<pre>{}</pre>", run.report)

    def save_model(self, request, obj, form, change):
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        transaction.on_commit(functools.partial(run_import.enqueue, obj.pk))
        messages.info(
            request,
            _("The import runs in the background; its page shows the progress."),
        )

    @admin.action(description=_("Remove everything these imports created"))
    def remove_imported(self, request, queryset):
        for origin in set(queryset.exclude(origin="").values_list("origin", flat=True)):
            removed = remove_import(origin)
            messages.success(
                request,
                _("Removed from %(origin)s: %(what)s")
                % {
                    "origin": origin,
                    "what": ", ".join(f"{n} {k}" for k, n in removed.items()) or "0",
                },
            )


class ImportedItemInline(GenericTabularInline):
    """Where a story or page came from: its WordPress id, old address and the
    custom fields nothing here holds."""

    model = ImportedItem
    fields = ["origin", "kind", "wp_id", "old_url", "custom_fields", "imported_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name = _("WordPress import")
    verbose_name_plural = _("WordPress import")

    def has_add_permission(self, request, obj=None):
        return False
