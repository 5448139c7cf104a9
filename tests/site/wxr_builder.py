"""Writes WordPress export files for the import tests and the benchmark."""

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr


def cdata(text: str) -> str:
    """Text as WordPress writes it: in CDATA, a ``]]>`` split across two sections."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def meta(key: str, value: str) -> str:
    return (
        f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
    )


def comment(
    wp_id,
    body,
    *,
    approved="1",
    parent=0,
    author="Reader",
    email="r@example.com",
    date="2024-03-02 10:00:00",
    ip="203.0.113.5",
    kind="",
) -> str:
    return (
        f"<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>"
        f"<wp:comment_author>{cdata(author)}</wp:comment_author>"
        f"<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>"
        f"<wp:comment_author_url>https://example.org/</wp:comment_author_url>"
        f"<wp:comment_author_IP>{ip}</wp:comment_author_IP>"
        f"<wp:comment_date>{date}</wp:comment_date>"
        f"<wp:comment_date_gmt>{date}</wp:comment_date_gmt>"
        f"<wp:comment_content>{cdata(body)}</wp:comment_content>"
        f"<wp:comment_approved>{cdata(approved)}</wp:comment_approved>"
        f"<wp:comment_type>{cdata(kind)}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


def item(
    wp_id,
    title,
    *,
    post_type="post",
    status="publish",
    name=None,
    body="",
    excerpt="",
    creator="jdoe",
    categories=(),
    tags=(),
    metas=(),
    comments=(),
    date="2024-03-01 12:00:00",
    sticky=False,
    password="",
    link=None,
    attachment_url="",
) -> str:
    name = name if name is not None else f"post-{wp_id}"
    link = link or f"https://old.example.com/2024/03/{name}/"
    terms = "".join(
        f'<category domain="category" nicename={quoteattr(slug)}>{cdata(n)}</category>'
        for slug, n in categories
    ) + "".join(
        f'<category domain="post_tag" nicename={quoteattr(slug)}>{cdata(n)}</category>'
        for slug, n in tags
    )
    return (
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<dc:creator>{cdata(creator)}</dc:creator>"
        f"<content:encoded>{cdata(body)}</content:encoded>"
        f"<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>"
        f"<wp:post_id>{wp_id}</wp:post_id><wp:post_date>{date}</wp:post_date>"
        f"<wp:post_date_gmt>{date}</wp:post_date_gmt>"
        f"<wp:comment_status>open</wp:comment_status>"
        f"<wp:post_name>{cdata(name)}</wp:post_name><wp:status>{status}</wp:status>"
        f"<wp:post_parent>0</wp:post_parent><wp:post_type>{post_type}</wp:post_type>"
        f"<wp:post_password>{cdata(password)}</wp:post_password>"
        f"<wp:is_sticky>{1 if sticky else 0}</wp:is_sticky>"
        + (
            f"<wp:attachment_url>{escape(attachment_url)}</wp:attachment_url>"
            if attachment_url
            else ""
        )
        + terms
        + "".join(metas)
        + "".join(comments)
        + "</item>"
    )


def author(login, name, email="", *, wp_id=1) -> str:
    return (
        f"<wp:author><wp:author_id>{wp_id}</wp:author_id>"
        f"<wp:author_login>{cdata(login)}</wp:author_login>"
        f"<wp:author_email>{cdata(email)}</wp:author_email>"
        f"<wp:author_display_name>{cdata(name)}</wp:author_display_name></wp:author>"
    )


def category(term_id, slug, name, parent="") -> str:
    return (
        f"<wp:category><wp:term_id>{term_id}</wp:term_id>"
        f"<wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
        f"<wp:category_parent>{cdata(parent)}</wp:category_parent>"
        f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>"
    )


def tag(slug, name) -> str:
    return (
        f"<wp:tag><wp:tag_slug>{cdata(slug)}</wp:tag_slug>"
        f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>"
    )


def export(
    path: Path, *parts: str, version="1.2", site="https://old.example.com"
) -> Path:
    ns = f"http://wordpress.org/export/{version}/"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<rss version="2.0" xmlns:excerpt="' + ns + 'excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="' + ns + '">\n'
        f"<channel><title>Old site</title><link>{site}</link>"
        f"<wp:wxr_version>{version}</wp:wxr_version>"
        f"<wp:base_site_url>{site}</wp:base_site_url>"
        f"<wp:base_blog_url>{site}</wp:base_blog_url>\n"
        + "\n".join(parts)
        + "\n</channel></rss>\n",
        encoding="utf-8",
    )
    return path
