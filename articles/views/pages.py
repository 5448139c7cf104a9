from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView

from articles.models import Article, Author, Category

PAGE_SIZE = 20


def paginate(request, queryset):
    """One page of a list; a page past the end or not a number is a 404."""
    paginator = Paginator(queryset, PAGE_SIZE)
    number = request.GET.get("page", "1")
    if not number.isdigit() or not 1 <= int(number) <= max(paginator.num_pages, 1):
        raise Http404("No such page.")
    return paginator.page(int(number))


def category_or_article(request, path):
    """Articles live under their category's path: ``/news/headlines/<slug>/``."""
    parent_path, _, slug = path.rpartition("/")
    if parent_path:
        article = (
            Article.objects.published()
            .for_detail()
            .filter(category__path=parent_path, slug=slug)
            .first()
        )
        if article is not None:
            return article_detail(request, article)
    category = get_object_or_404(Category, path=path)
    return category_detail(request, category)


def category_detail(request, category):
    articles = (
        Article.objects.published()
        .for_listing()
        .filter(category__in=category.with_descendants())
    )
    return render(
        request,
        "articles/category_detail.html",
        {
            "category": category,
            "breadcrumbs": category.ancestors(),
            "children": category.children.order_by("position", "name"),
            "page_obj": paginate(request, articles),
        },
    )


def article_detail(request, article):
    latest = Article.objects.published().for_listing().exclude(pk=article.pk)[:5]
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "breadcrumbs": article.category.ancestors_and_self(),
            "latest": latest,
        },
    )


class AuthorDetail(DetailView):
    model = Author
    template_name = "articles/author_detail.html"

    def get_context_data(self, **kwargs):
        articles = Article.objects.published().for_listing().filter(authors=self.object)
        return super().get_context_data(
            page_obj=paginate(self.request, articles), **kwargs
        )
