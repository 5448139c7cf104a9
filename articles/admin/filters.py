from django.contrib import admin

from articles.models import Category


class CategoryTreeFilter(admin.SimpleListFilter):
    """Filter by section, including everything filed under its subsections."""

    title = "category"
    parameter_name = "section"

    def lookups(self, request, model_admin):
        return [
            (category.path, "— " * category.depth + category.name)
            for category in Category.objects.only("path", "name", "depth")
        ]

    def queryset(self, request, queryset):
        path = self.value()
        if not path:
            return queryset
        category = Category.objects.filter(path=path).first()
        if category is None:
            return queryset.none()
        return queryset.filter(category__in=category.with_descendants())
