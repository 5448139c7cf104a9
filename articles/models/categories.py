from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from articles.redirects import record_moves
from magazine.cache import per_generation
from magazine.links import page_url

# First path segments the site's own URLs use; a top-level category may not take them.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "author",
        "comments",
        "feed",
        "media",
        "newsletter",
        "preview",
        "search",
        "static",
        "tag",
        "healthz",
    }
)


NAME_SEPARATOR = " › "


@dataclass(frozen=True)
class Crumb:
    """A breadcrumb step: what a template needs of a category, without loading it."""

    name: str
    path: str

    def get_absolute_url(self) -> str:
        return page_url(self.path)


def article_url(category_path: str, slug: str) -> str:
    """A story's address: its primary section's path, then its slug."""
    return page_url(f"{category_path}/{slug}")


class CategoryQuerySet(models.QuerySet):
    def tree(self) -> "CategoryTree":
        """Every category, indexed: see :func:`category_tree`."""
        return category_tree()


def category_tree() -> "CategoryTree":
    """Every category, indexed, read once per process until the site changes.

    Sections are few and every reader page needs some of them (navigation,
    the category page, a section's stories): a literal list of ids also
    spares PostgreSQL planning a join to categories in each list query.
    Reader pages call this, not ``Category.objects.tree()``: django-
    modeltranslation's manager makes a new queryset class on each use (0.1 ms
    each, several a page).
    """
    return per_generation(
        "category-tree",
        lambda: CategoryTree(Category.objects.order_by("position", "name_en")),
    )


def language_codes() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def active_language() -> str:
    """The active language if the site has it, else the default (English)."""
    code = (translation.get_language() or "").split("-")[0]
    return code if code in language_codes() else settings.LANGUAGE_CODE


class CategoryTree:
    """Categories by path (in each language) and by parent, in display order
    (position, then English name): one tree, an address per language."""

    def __init__(self, categories):
        self.by_path: dict[str, Category] = {}
        self.by_language_path: dict[str, dict[str, Category]] = {
            code: {} for code in language_codes()
        }
        self.by_pk: dict[int, Category] = {}
        self._children: dict[int | None, list[Category]] = {}
        for category in categories:
            self.by_path[category.path_en] = category
            for code, paths in self.by_language_path.items():
                paths[category.path_in(code)] = category
            self.by_pk[category.pk] = category
            self._children.setdefault(category.parent_id, []).append(category)

    def get(self, path: str, language: str | None = None) -> "Category | None":
        """The section at ``path`` in ``language`` (default: the active one)."""
        return self.by_language_path[language or active_language()].get(path)

    def children(self, category: "Category") -> list["Category"]:
        return self._children.get(category.pk, [])

    def navigation(self) -> list["Category"]:
        return [c for c in self._children.get(None, []) if c.in_navigation]

    def section_ids(self, category: "Category") -> list[int]:
        """``category`` and every category below it."""
        prefix = f"{category.path_en}/"
        return [category.pk] + [
            c.pk for path, c in self.by_path.items() if path.startswith(prefix)
        ]


class Category(models.Model):
    """A section of the magazine, nested to any depth.

    The tree is kept as a materialised path (``news/headlines``) written on
    save: it is the URL, it gives ancestors and descendants in one indexed
    query each, and it needs no tree library for a tree of a few hundred rows.
    """

    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    path = models.CharField(max_length=500, unique=True, editable=False)
    full_name = models.CharField(max_length=500, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, help_text=_("Lower comes first."))
    in_navigation = models.BooleanField(
        default=False,
        help_text=_("List this top-level category in the main navigation."),
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"], name="category_slug_unique_among_siblings"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(parent=None),
                name="category_root_slug_unique",
            ),
        ]

    def __str__(self):
        return self.full_name or self.name

    def save(self, *args, **kwargs):
        before = self.tree_fields()
        old_path = self.path_en
        self.set_tree_fields()
        moved = bool(old_path) and before != self.tree_fields()
        with transaction.atomic():
            old_addresses = self._subtree_addresses(old_path) if moved else {}
            super().save(*args, **kwargs)
            if moved:
                self._update_descendants(old_path)
                self._redirect_moved_urls(old_addresses)

    def get_absolute_url(self):
        return page_url(self.path)

    def path_in(self, language: str) -> str:
        """The section's address in ``language`` (the English one when no
        Spanish slug was given anywhere up its branch)."""
        return getattr(self, f"path_{language}", None) or self.path_en

    def tree_fields(self) -> tuple:
        return tuple(
            getattr(self, f"{name}_{code}", None)
            for name in ("path", "full_name")
            for code in language_codes()
        )

    def clean(self):
        if NAME_SEPARATOR.strip() in self.name:
            raise ValidationError(
                {"name": "“›” separates breadcrumbs; choose another sign."}
            )
        if self.parent_id is None and self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is used by the site itself."}
            )
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError(
                    {"parent": "A category cannot sit inside itself."}
                )
            ancestor = ancestor.parent

    def set_tree_fields(self) -> None:
        """Path and breadcrumb name in each language, from this section's slug
        and name in it (the English ones where it has none) and its parent's."""
        for code in language_codes():
            slug = getattr(self, f"slug_{code}", None) or self.slug_en or self.slug
            name = getattr(self, f"name_{code}", None) or self.name_en or self.name
            if self.parent_id:
                parent = self.parent
                path = f"{parent.path_in(code)}/{slug}"
                full = getattr(parent, f"full_name_{code}", None) or parent.full_name_en
                full_name = f"{full}{NAME_SEPARATOR}{name}"
            else:
                path, full_name = slug, name
            setattr(self, f"path_{code}", path)
            setattr(self, f"full_name_{code}", full_name)
        # The base columns hold the English values (redirects, the admin's lists).
        with translation.override(settings.LANGUAGE_CODE):
            self.path, self.full_name = self.path_en, self.full_name_en
            if not self.slug_en:
                self.slug_en = self.slug
        self.depth = self.path_en.count("/")

    def _update_descendants(self, old_path: str) -> None:
        """Carry a rename or move down the subtree (categories are few; one pass)."""
        by_pk = {self.pk: self}
        descendants = list(
            Category.objects.filter(path_en__startswith=f"{old_path}/").order_by(
                "depth"
            )
        )
        for category in descendants:
            category.parent = by_pk[category.parent_id]
            category.set_tree_fields()
            by_pk[category.pk] = category
        Category.objects.bulk_update(
            descendants,
            [
                "path",
                "full_name",
                "depth",
                *(
                    f"{name}_{code}"
                    for name in ("path", "full_name")
                    for code in language_codes()
                ),
            ],
        )

    def _subtree_addresses(self, root_path: str) -> dict[tuple, str]:
        """Every address under the section at ``root_path`` (English path) as
        the database has it now: each section in each language, each published
        story in its own edition's."""
        # Stories sit above sections: reached through their relation, not imported.
        Article = self._meta.get_field("articles").related_model
        codes = language_codes()
        columns = [f"path_{code}" for code in codes]
        subtree = Category.objects.filter(
            models.Q(path_en=root_path) | models.Q(path_en__startswith=f"{root_path}/")
        )
        addresses = {}
        for pk, *paths in subtree.values_list("pk", *columns):
            for code, path in zip(codes, paths, strict=True):
                with translation.override(code):
                    addresses["section", pk, code] = page_url(path or paths[0])
        stories = Article.objects.filter(
            category__in=subtree, status=Article.Status.PUBLISHED
        ).values_list("pk", "language", "slug", *(f"category__{c}" for c in columns))
        for pk, language, slug, *paths in stories.iterator():
            path = dict(zip(codes, paths, strict=True)).get(language) or paths[0]
            with translation.override(language):
                addresses["story", pk, language] = article_url(path, slug)
        return addresses

    def _redirect_moved_urls(self, old_addresses: dict[tuple, str]) -> None:
        """Old URLs of this subtree and its published stories answer 301 to the
        new ones, in every language: a Spanish reader's bookmark too."""
        new_addresses = self._subtree_addresses(self.path_en)
        record_moves(
            {
                old: new_addresses[key]
                for key, old in old_addresses.items()
                if key in new_addresses
            }
        )

    def ancestor_paths(self) -> list[str]:
        parts = self.path.split("/")
        return ["/".join(parts[:i]) for i in range(1, len(parts))]

    def ancestors(self):
        return Category.objects.filter(path__in=self.ancestor_paths()).order_by("depth")

    def lineage(self) -> list["Crumb | Category"]:
        """Root first down to this category, read from ``path`` and ``full_name``: no query."""
        paths = [*self.ancestor_paths(), self.path]
        names = self.full_name.split(NAME_SEPARATOR)
        if len(names) != len(paths):
            return self.ancestors_and_self()
        return [Crumb(name, path) for name, path in zip(names, paths, strict=True)]

    def ancestors_and_self(self) -> list["Category"]:
        return [*self.ancestors(), self]

    def descendants(self):
        return Category.objects.filter(path__startswith=f"{self.path}/")

    def with_descendants(self):
        return Category.objects.filter(
            models.Q(pk=self.pk) | models.Q(path_en__startswith=f"{self.path_en}/")
        )
