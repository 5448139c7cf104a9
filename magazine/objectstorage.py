"""Media on an S3-compatible object store: the settings django-storages needs.

Read by ``magazine/settings.py`` when ``AWS_STORAGE_BUCKET_NAME`` is set. Any
store that speaks S3 works (AWS, MinIO, Cloudflare R2, DigitalOcean Spaces,
Wasabi): ``AWS_S3_ENDPOINT_URL`` names a store other than AWS, and is handed
to django-storages itself rather than left to boto3, which ignored it.

Media are public: pages and e-mails carry plain, unsigned addresses that are
good forever (stored bodies keep them). Every object is uploaded public-read
and with a year-long immutable ``Cache-Control``: library originals get a
unique name on upload and renditions are named by a digest of their bytes, so
an address never names different bytes.
"""

from urllib.parse import urlsplit

# Names are unique or content-addressed: a browser or CDN may keep a file for good.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


def s3_settings(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    custom_domain: str = "",
    addressing_style: str = "",
) -> dict[str, object]:
    """The ``AWS_*`` settings for django-storages' ``S3Storage``.

    A custom endpoint is addressed path-style (``endpoint/bucket/name``) unless
    told otherwise: every S3-compatible store answers it, where the bucket as a
    host name needs a wildcard DNS entry the store may not have.

    Addresses are the public prefix (:func:`s3_media_url`) and the name, as
    ``S3Storage`` writes them for a custom domain: without one it asks boto3
    for each, which cost a page 0.3 ms per picture and each process's first
    page 0.3 s to set boto3 up (issue 18); the address is the same.
    """
    endpoint_url = endpoint_url.rstrip("/")
    addressing_style = addressing_style or ("path" if endpoint_url else "virtual")
    public = urlsplit(
        s3_media_url(
            bucket=bucket,
            endpoint_url=endpoint_url,
            region=region,
            custom_domain=custom_domain,
            addressing_style=addressing_style,
        )
    )
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint_url or None,
        "AWS_S3_REGION_NAME": region or None,
        "AWS_S3_CUSTOM_DOMAIN": f"{public.netloc}{public.path}".rstrip("/"),
        "AWS_S3_URL_PROTOCOL": f"{public.scheme}:",
        "AWS_S3_ADDRESSING_STYLE": addressing_style,
        "AWS_DEFAULT_ACL": "public-read",
        "AWS_QUERYSTRING_AUTH": False,
        "AWS_S3_FILE_OVERWRITE": False,
        "AWS_S3_OBJECT_PARAMETERS": {"CacheControl": MEDIA_CACHE_CONTROL},
    }


def s3_media_url(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    custom_domain: str = "",
    addressing_style: str = "",
) -> str:
    """The address every stored file's address starts with (``MEDIA_URL``).

    The same prefix ``S3Storage.url()`` gives, so the code that recognises our
    own pictures in a body (``magazine.richtext``) and the CSP agree with it.
    """
    custom_domain = custom_domain.strip("/")
    if custom_domain:
        return f"https://{custom_domain}/"
    endpoint_url = endpoint_url.rstrip("/")
    if endpoint_url:
        if (addressing_style or "path") == "virtual":
            parts = urlsplit(endpoint_url)
            return f"{parts.scheme}://{bucket}.{parts.netloc}/"
        return f"{endpoint_url}/{bucket}/"
    # boto3 names us-east-1, the default region, by the global host.
    regional = region and region != "us-east-1"
    host = f"s3.{region}.amazonaws.com" if regional else "s3.amazonaws.com"
    return f"https://{bucket}.{host}/"


def origin(url: str) -> str | None:
    """``scheme://host[:port]`` of an absolute address; None for a path."""
    parts = urlsplit(url)
    if not (parts.scheme and parts.netloc):
        return None
    return f"{parts.scheme}://{parts.netloc}"
