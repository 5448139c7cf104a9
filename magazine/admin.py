from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy, ngettext

from magazine.models import PeriodicJob, SiteSettings, StaffEvent
from magazine.staff import services

User = get_user_model()


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row, made by a data migration (or SiteSettings.load()): edited, never
    added, and no query on every admin page to ask whether it may be."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StaffEvent)
class StaffEventAdmin(admin.ModelAdmin):
    """The staff log: read by editors, written only by the sign-in itself."""

    list_display = ["at", "kind", "username", "actor", "ip_address", "detail"]
    list_filter = ["kind", ("at", admin.DateFieldListFilter)]
    search_fields = ["username", "detail"]
    list_select_related = ["actor"]
    date_hierarchy = None
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(
    description=gettext_lazy("Reset the second factors of the selected staff"),
    permissions=["reset_second_factors"],
)
def reset_second_factors(modeladmin, request, queryset):
    count = services.reset_second_factors(request=request, users=queryset)
    modeladmin.message_user(
        request,
        ngettext(
            "Reset %(count)d account: it sets up a new second factor at its next sign-in.",
            "Reset %(count)d accounts: each sets up a new second factor at its next sign-in.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Django's user admin, with the superuser's reset of lost second factors."""

    actions = [reset_second_factors]

    def has_reset_second_factors_permission(self, request):
        return request.user.is_superuser


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    """What the periodic runner did and will do: read, never written by hand."""

    list_display = [
        "name",
        "last_started_at",
        "last_finished_at",
        "last_succeeded",
        "next_run_at",
        "runs",
    ]
    readonly_fields = [
        "name",
        "next_run_at",
        "last_started_at",
        "last_finished_at",
        "last_succeeded",
        "last_result",
        "runs",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
