"""The site's URLs plus a bare view returning the article page's bytes (the ceiling)."""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from magazine.site.urls import urlpatterns as site_urlpatterns

_ceiling_file = os.environ.get("BENCH_CEILING_FILE", "")
CEILING = Path(_ceiling_file).read_bytes() if _ceiling_file else b""


def ceiling(request):
    """What Django costs with no work at all: the same bytes, the same middleware."""
    return HttpResponse(CEILING)


urlpatterns = [path("__bench__/ceiling/", ceiling), *site_urlpatterns]
