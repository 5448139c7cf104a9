"""Sections and author bios in each language (django-modeltranslation).

A section is one row with a column per language for what readers read
(name, description) and for its address (slug, and the path and breadcrumb
name made from them on save): one tree, an address per language. Reading
``category.name`` gives the active language's, or the English one when the
Spanish is blank, so per-process memos (the category tree) stay shared by
both editions. Stories are not translated field by field: a translation is
a story of its own (``Article.translation_of``).
"""

from modeltranslation.translator import TranslationOptions, register

from articles.models import Author, Category


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "slug", "description", "path", "full_name")


@register(Author)
class AuthorTranslation(TranslationOptions):
    fields = ("bio",)
