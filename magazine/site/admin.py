from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from reversion.admin import VersionAdmin

from articles.admin.articles import ArticleAdmin
from articles.models import Article
from magazine.site.models import ImportRun, Page
from magazine.site.wordpress.admin import ImportedItemInline, ImportRunAdmin

admin.site.register(ImportRun, ImportRunAdmin)


class ArticleAdminWithImports(ArticleAdmin):
    """The articles app's admin, with where an imported story came from (the
    site layer adds it: the app knows nothing of imports)."""

    inlines = [*ArticleAdmin.inlines, ImportedItemInline]


admin.site.unregister(Article)
admin.site.register(Article, ArticleAdminWithImports)


@admin.register(Page)
class PageAdmin(VersionAdmin, TranslationAdmin):
    """History with who changed what, and restore of a version or of a
    deleted page (``VersionAdmin``); each language's title, address,
    summary and text as a field of its own (``TranslationAdmin``), the
    English ones required."""

    list_display = ["title", "slug", "status", "publish_at", "updated_at"]
    list_filter = ["status"]
    inlines = [ImportedItemInline]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]

    class Media:
        css = {"all": ["magazine/prose-editor-core.css", "articles/editor-aids.css"]}
