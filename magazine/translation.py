"""The site settings' words in each language (django-modeltranslation): the
tagline, the About blurb and the legal notice; the postal address is one."""

from modeltranslation.translator import TranslationOptions, register

from magazine.models import SiteSettings


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("tagline", "about_blurb", "legal_notice")
