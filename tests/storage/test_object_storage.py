"""Media on an S3-compatible store: public, long-cached, named once."""

import urllib.request

import boto3
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from articles.tasks import make_renditions
from magazine import objectstorage
from tests.factories import ImageFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - our own local server
        return answer.status, answer.headers, answer.read()


def test_an_upload_is_public_at_its_plain_address_and_cached_for_a_year(s3_media):
    image = ImageFactory(file=ContentFile(jpeg_bytes(600, 400), name="bay.jpg"))

    url = image.file.url
    assert url.startswith(s3_media)  # the address every page names, unsigned
    assert "?" not in url
    status, headers, body = fetch(url)
    assert status == 200
    assert headers["Cache-Control"] == objectstorage.MEDIA_CACHE_CONTROL
    assert body[:2] == b"\xff\xd8"


def test_the_csp_lets_pages_show_the_buckets_pictures(s3_endpoint):
    store = {"bucket": "magazine-media", "endpoint_url": s3_endpoint}
    assert objectstorage.origin(objectstorage.s3_media_url(**store)) == s3_endpoint
    assert (
        objectstorage.s3_media_url(
            bucket="magazine-media", custom_domain="media.example.com"
        )
        == "https://media.example.com/"
    )


def test_renditions_on_the_store_are_public_and_never_stored_twice(s3_media):
    image = ImageFactory(file=ContentFile(jpeg_bytes(1200, 800), name="dock.jpg"))
    make_renditions.call(image.pk)

    names = set(image.renditions.values_list("file", flat=True))
    assert image.renditions.count() == 2 * len(names)  # a 3:2 original: cards = uncut
    client = boto3.client(
        "s3", endpoint_url=settings.AWS_S3_ENDPOINT_URL, region_name="us-east-1"
    )
    listed = client.list_objects_v2(
        Bucket=settings.AWS_STORAGE_BUCKET_NAME, Prefix="renditions/"
    )
    assert {entry["Key"] for entry in listed["Contents"]} == names
    name = sorted(names)[0]
    status, headers, _ = fetch(default_storage.url(name))
    assert status == 200
    assert headers["Cache-Control"] == objectstorage.MEDIA_CACHE_CONTROL
    assert make_renditions.call(image.pk) == 0


@pytest.mark.parametrize(
    "store",
    [
        {"bucket": "magazine-media"},
        {"bucket": "magazine-media", "region": "us-east-1"},
        {"bucket": "magazine-media", "region": "eu-west-1"},
        {"bucket": "magazine-media", "endpoint_url": "http://minio.internal:9000"},
        {
            "bucket": "magazine-media",
            "endpoint_url": "https://account.r2.cloudflarestorage.com",
            "addressing_style": "virtual",
        },
        {"bucket": "magazine-media", "custom_domain": "media.example.com"},
    ],
)
def test_media_url_is_the_prefix_of_every_address_the_storage_gives(store, monkeypatch):
    """Pages recognise their own pictures by MEDIA_URL: it must match. The
    storage writes addresses itself (``AWS_S3_CUSTOM_DOMAIN``), the same that
    boto3 gives for the bucket when asked."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    options = objectstorage.s3_settings(**store)
    common = {
        "bucket_name": store["bucket"],
        "endpoint_url": options["AWS_S3_ENDPOINT_URL"],
        "region_name": options["AWS_S3_REGION_NAME"],
        "addressing_style": options["AWS_S3_ADDRESSING_STYLE"],
        "querystring_auth": False,
    }
    storage = S3Storage(
        **common,
        custom_domain=options["AWS_S3_CUSTOM_DOMAIN"],
        url_protocol=options["AWS_S3_URL_PROTOCOL"],
    )
    name = "images/2026/12/café-bay_2.jpg"  # as get_valid_filename() leaves it
    url = storage.url(name)
    assert url == objectstorage.s3_media_url(**store) + filepath_to_uri(name)
    if not store.get("custom_domain"):
        assert url == S3Storage(**common).url(name)  # boto3's address
