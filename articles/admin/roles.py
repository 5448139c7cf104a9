"""The newsroom's two roles as the admin asks about them."""


def can_publish(request) -> bool:
    """Editors (``publish_article``) run the desk; contributors write."""
    return request.user.has_perm("articles.publish_article")
