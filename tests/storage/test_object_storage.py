"""Media on an S3-compatible store: public, long-cached, named once."""

import urllib.request

import boto3
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

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
