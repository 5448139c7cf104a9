from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site layer: root URLs, home and standing pages, sitemaps, the chrome
    every page shares and the demo magazine, composed from the apps below."""

    name = "magazine.site"
    label = "site"
    verbose_name = "Standing pages"

    def ready(self):
        from magazine import cache as page_cache
        from magazine.site.models import Page

        page_cache.shown_on_pages(Page)
        page_cache.changes_by_the_clock(Page.objects.next_change_at)
