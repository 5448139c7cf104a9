import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_every_page_sends_the_security_headers(client):
    response = client.get("/")

    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_csp_allows_no_third_party_origin(client):
    csp = client.get("/").headers["Content-Security-Policy"]

    sources = {token for directive in csp.split(";") for token in directive.split()[1:]}
    nonces = {source for source in sources if source.startswith("'nonce-")}
    # The hash of the empty string: an empty <style>, the editor's placeholder.
    empty_style = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    assert sources - nonces <= {"'self'", "'none'", "data:", empty_style}


def test_hsts_is_sent_over_https(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    response = Client().get("/", secure=True)

    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "Strict-Transport-Security" not in Client().get("/").headers


def test_error_pages_carry_the_headers_too(client):
    response = client.get("/no-such-section/")

    assert response.status_code == 404
    assert "Content-Security-Policy" in response.headers


def test_every_response_refuses_the_powers_no_page_uses(client):
    for response in (client.get("/"), client.get("/no-such-section/")):
        policy = dict(
            item.split("=", 1)
            for item in response.headers["Permissions-Policy"].split(", ")
        )
        for feature in ["camera", "microphone", "geolocation", "interest-cohort"]:
            assert policy[feature] == "()"
        assert policy["payment"] == policy["usb"] == "()"
        assert policy["publickey-credentials-get"] == "(self)", "passkeys sign in"


def test_cached_pages_carry_the_permissions_policy_too(client):
    first, second = client.get("/"), client.get("/")

    assert second.headers.get("X-Page-Cache") == "hit"
    assert second.headers["Permissions-Policy"] == first.headers["Permissions-Policy"]
