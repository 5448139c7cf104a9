from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from articles.models import Category


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    """One section, its name, address and description in each language as
    fields of their own (the English ones required; a blank Spanish one
    shows the English)."""

    list_display = ["full_name", "path", "position", "in_navigation"]
    list_editable = ["position", "in_navigation"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "path"]
    autocomplete_fields = ["parent"]
