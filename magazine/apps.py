from django.apps import AppConfig


class MagazineConfig(AppConfig):
    name = "magazine"
    verbose_name = "Site"

    def ready(self):
        from magazine import signals  # noqa: F401
