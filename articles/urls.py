from django.urls import path

from articles.views import comments, pages

urlpatterns = [
    path("author/<slug:slug>/", pages.AuthorDetail.as_view(), name="author"),
    # Comments (issue 6)
    path("comments/<int:article_id>/", comments.comment_form, name="comment_form"),
    path(
        "comments/<int:article_id>/reply-to/<int:parent_id>/",
        comments.comment_form,
        name="comment_reply",
    ),
    path(
        "comments/stop/<str:token>/",
        comments.stop_notifications,
        name="comment_stop",
    ),
]
