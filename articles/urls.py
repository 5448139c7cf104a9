from django.urls import path

from articles.views import pages, preview

urlpatterns = [
    path("author/<slug:slug>/", pages.AuthorDetail.as_view(), name="author"),
    path("preview/<int:pk>/", preview.article_preview, name="article_preview"),
]
