from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from magazine import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz/", views.healthz, name="healthz"),
    path("newsletter/", include("newsletter.urls")),
    path("", include("articles.urls")),
    path("<path:path>/", views.page_category_or_article, name="page"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
