from django import template

from articles.models import Comment

register = template.Library()


@register.inclusion_tag("articles/comments/section.html", takes_context=True)
def comment_section(context, article):
    """The thread and the reply form under an article; its own bounded queries."""
    comments = article.comment_set.filter(status=Comment.Status.APPROVED).order_by(
        "created_at"
    )
    return {"request": context.get("request"), "article": article, "comments": comments}
