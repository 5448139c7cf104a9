from django.conf import settings


def absolute_url(path_or_url: str) -> str:
    """A link that works outside the site (feeds, e-mails): on SITE_URL unless already absolute."""
    return path_or_url if "://" in path_or_url else settings.SITE_URL + path_or_url
