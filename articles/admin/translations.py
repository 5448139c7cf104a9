"""The desk's side of the two editions: the translation filter and the
out-of-date rule the list, the form and the filter share."""

from django.contrib import admin
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from articles.models import Article


def out_of_date_condition() -> Q:
    """A translation whose original was saved since it was last marked current."""
    return Q(translation_of__isnull=False) & (
        Q(translated_version__isnull=True)
        | Q(translation_of__version__gt=F("translated_version"))
    )


class TranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            ("none", _("Has no translation")),
            ("out-of-date", _("Translation out of date")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            translated = Article.objects.filter(translation_of=OuterRef("pk"))
            return queryset.filter(translation_of__isnull=True).exclude(
                Exists(translated)
            )
        if self.value() == "out-of-date":
            return queryset.filter(out_of_date_condition())
        return queryset
