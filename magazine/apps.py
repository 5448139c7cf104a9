from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class MagazineConfig(AppConfig):
    name = "magazine"
    verbose_name = "Site"

    def ready(self):
        from magazine import signals  # noqa: F401


class TagsConfig(TaggitAppConfig):
    """django-taggit, listed in the admin as "Tags" rather than "Taggit"."""

    verbose_name = "Tags"
