"""Standing pages (About, Legal) in each language (django-modeltranslation),
each with its own address: ``/about/`` and ``/es/acerca/``."""

import reversion
from modeltranslation.translator import TranslationOptions, register

from magazine.site.models import Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "slug", "summary", "body")


# Under reversion from here, once the per-language columns exist: each
# version holds every language's title, address, summary and text.
reversion.register(Page)
