import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.views.pages import PAGE_NUMBER
from magazine.cache import cached_for_readers
from magazine.site import views
from magazine.site.sitemaps import SITEMAPS, article_sitemap

admin.site.site_header = format_lazy(_("{site} desk"), site=settings.SITE_NAME)
admin.site.site_title = admin.site.site_header
admin.site.index_title = _("The newsroom")

urlpatterns = [
    path("admin/security/passkeys/", include("magazine.staff.passkeys")),
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon),
    path(
        "sitemap.xml",
        cached_for_readers(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"},
        name="sitemap_index",
    ),
    path(
        "sitemap-news.xml",
        cached_for_readers(sitemap_views.sitemap),
        {
            "sitemaps": {"news": SITEMAPS["news"]},
            "section": "news",
            "template_name": "site/news_sitemap.xml",
        },
    ),
    path("sitemap-articles.xml", article_sitemap),
    path(
        "sitemap-<section>.xml",
        cached_for_readers(sitemap_views.sitemap, query={"p": PAGE_NUMBER}),
        {"sitemaps": SITEMAPS, "template_name": "site/sitemap.xml"},
        name="sitemap",
    ),
    path("healthz/", views.liveness, name="healthz"),
    path("healthz/live/", views.liveness, name="healthz_live"),
    path("healthz/ready/", views.readiness, name="healthz_ready"),
    # Reader pages: English unprefixed, Spanish under /es/ (magazine.languages).
    *i18n_patterns(
        path("", views.home, name="home"),
        path("newsletter/", include("newsletter.urls")),
        path("", include("articles.urls")),
        path("<path:path>/", views.page_category_or_article, name="page"),
        prefix_default_language=False,
    ),
]


if settings.SERVE_MEDIA or settings.AWS_STORAGE_BUCKET_NAME:
    # Uploads on this disk with no front server to serve them (gunicorn alone;
    # behind the kit's nginx its /media/ location answers first), or old /media/
    # addresses of media since moved to object storage, redirected.
    urlpatterns.insert(
        0,
        re_path(
            r"^{}(?P<path>.*)$".format(re.escape(settings.LOCAL_MEDIA_URL.lstrip("/"))),
            views.media,
            name="media",
        ),
    )
