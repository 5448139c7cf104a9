"""A real S3-protocol server (moto's server mode) on a free local port."""

import uuid

import boto3
import pytest
from django.utils.csp import CSP
from moto.server import ThreadedMotoServer

from magazine import objectstorage


@pytest.fixture(scope="session")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_media(s3_endpoint, settings, monkeypatch):
    """Media on a fresh bucket of the local S3 server, configured as production
    would be from ``AWS_STORAGE_BUCKET_NAME`` and ``AWS_S3_ENDPOINT_URL``."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    bucket = f"media-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1").create_bucket(
        Bucket=bucket
    )
    store = {"bucket": bucket, "endpoint_url": s3_endpoint, "region": "us-east-1"}
    for name, value in objectstorage.s3_settings(**store).items():
        setattr(settings, name, value)
    settings.MEDIA_URL = objectstorage.s3_media_url(**store)
    # As magazine/settings.py builds it from MEDIA_URL.
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "img-src": [CSP.SELF, "data:", objectstorage.origin(settings.MEDIA_URL)],
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
    return settings.MEDIA_URL
