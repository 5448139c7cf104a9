from django.contrib import admin

from articles.models import Article, ArticleAuthor, RelatedArticle


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    fk_name = "article"
    extra = 1
    autocomplete_fields = ["related"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "publish_at", "category"]
    list_filter = ["status", "is_sponsored"]
    list_select_related = ["category"]
    date_hierarchy = "publish_at"
    search_fields = ["headline", "standfirst"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = [
        "category",
        "secondary_categories",
        "lead_image",
        "social_image",
    ]
    inlines = [ArticleAuthorInline, RelatedArticleInline]
