"""django-taggit's app, listed in the admin as "Tags" rather than "Taggit".

In a module of its own: a second AppConfig in magazine/apps.py would stop
Django from picking MagazineConfig (and its signals) automatically.
"""

from taggit.apps import TaggitAppConfig


class TagsConfig(TaggitAppConfig):
    verbose_name = "Tags"
