from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Category
from articles.models.categories import category_tree
from magazine.models import SiteSettings


def navigation() -> list[Category]:
    return category_tree().navigation()


def site(request):
    """What the chrome every page shares reads: name, settings, navigation.

    Lazy, so a page that shows no chrome (an error page) reads nothing, and read
    once per render however many templates look them up.
    """
    return {
        "site_name": settings.SITE_NAME,
        "site_founded_year": settings.SITE_FOUNDED_YEAR,
        "site_settings": SimpleLazyObject(SiteSettings.load),
        "navigation": SimpleLazyObject(navigation),
    }
