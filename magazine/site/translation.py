"""Standing pages (About, Legal) in each language (django-modeltranslation),
each with its own address: ``/about/`` and ``/es/acerca/``."""

from modeltranslation.translator import TranslationOptions, register

from magazine.site.models import Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "slug", "summary", "body")
