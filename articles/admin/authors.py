from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from articles.models import Author


@admin.register(Author)
class AuthorAdmin(TranslationAdmin):
    """The bio in each language as a field of its own (the Spanish one may
    stay blank: Spanish pages then show the English bio)."""

    list_display = ["name", "slug", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    autocomplete_fields = ["photo", "user"]
