from articles.admin import articles, authors, categories, comments, images  # noqa: F401
