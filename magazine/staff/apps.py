from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """Django's admin app, whose default site is the staff sign-in's."""

    default_site = "magazine.staff.admin_site.StaffAdminSite"
