from django.urls import path

from articles.views import pages

urlpatterns = [
    path("author/<slug:slug>/", pages.AuthorDetail.as_view(), name="author"),
]
