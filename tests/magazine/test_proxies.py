"""Client addresses (magazine/proxies.py): X-Forwarded-For is believed only as
far as the configured proxies, and an IPv6 client is limited by its /64."""

import pytest

from articles.models import Comment
from magazine.proxies import client_address, limit_key
from newsletter.models import Subscriber
from tests.articles.commenting import comment_data
from tests.factories import ArticleFactory
from tests.helpers import aged_stamp
from tests.magazine.test_settings import PRODUCTION, run_django

NGINX = "10.0.0.2"
CDN = "198.18.0.7"


def sign_up(client, email, **headers):
    data = {"email": email, "consent": "on", "issued": aged_stamp()}
    return client.post("/newsletter/", data, **headers)


@pytest.mark.django_db
def test_by_default_the_header_is_ignored_even_behind_an_https_proxy(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    article = ArticleFactory()

    client.post(
        f"/comments/{article.pk}/",
        comment_data(),
        REMOTE_ADDR="198.51.100.1",
        HTTP_X_FORWARDED_FOR="203.0.113.50",
    )

    assert Comment.objects.get().ip_address == "198.51.100.1"


@pytest.mark.django_db
def test_a_client_cannot_escape_its_limit_by_inventing_forwarded_addresses(
    client, settings
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    statuses = [
        sign_up(
            client, f"r{n}@example.com", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(11)
    ]

    assert statuses == [200] * 10 + [429]
    assert Subscriber.objects.count() == 10


@pytest.mark.django_db
def test_behind_one_trusted_proxy_the_address_it_appended_is_the_client(
    client, settings
):
    settings.TRUSTED_PROXIES = 1
    article = ArticleFactory()

    client.post(
        f"/comments/{article.pk}/",
        comment_data(),
        REMOTE_ADDR=NGINX,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.50",
    )

    assert Comment.objects.get().ip_address == "203.0.113.50"


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "client"),
    [
        (0, "203.0.113.50", "10.0.0.2"),
        (1, "203.0.113.50", "203.0.113.50"),
        (1, "6.6.6.6, 203.0.113.50", "203.0.113.50"),
        (2, f"6.6.6.6, 203.0.113.50, {CDN}", "203.0.113.50"),
        (2, "203.0.113.50", "203.0.113.50"),  # fewer hops than proxies: the leftmost
        (1, "", "10.0.0.2"),
        (1, "203.0.113.50:4711", "203.0.113.50"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "::ffff:203.0.113.50", "203.0.113.50"),
        (2, "203.0.113.50, garbage", "10.0.0.2"),  # stops at the hop that reported it
        (2, "garbage, 203.0.113.50", "203.0.113.50"),
    ],
)
def test_trusted_proxies_by_count(proxies, forwarded_for, client):
    assert client_address(NGINX, forwarded_for, proxies=proxies) == client


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "client"),
    [
        # Straight to the app: its peer is the client, whatever the header says.
        ("203.0.113.50", "6.6.6.6", "203.0.113.50"),
        (NGINX, "203.0.113.50", "203.0.113.50"),
        (NGINX, f"6.6.6.6, 203.0.113.50, {CDN}", "203.0.113.50"),
        (NGINX, f"{CDN}, 10.1.2.3", CDN),  # all trusted: the leftmost
        (NGINX, "", NGINX),
        ("", "203.0.113.50", "203.0.113.50"),  # a proxy on a Unix socket
        (NGINX, "junk", NGINX),
        (NGINX, "6.6.6.6, junk, 10.1.2.3", "10.1.2.3"),
    ],
)
def test_trusted_proxies_by_network(remote_addr, forwarded_for, client):
    networks = ("10.0.0.0/8", "198.18.0.0/15")

    assert client_address(remote_addr, forwarded_for, networks=networks) == client


@pytest.mark.parametrize(
    "forwarded_for",
    [
        ",,,",
        " , ",
        "unknown",
        "_hidden, for=192.0.2.60",
        "[2001:db8::1",
        "[]:80",
        "999.1.1.1",
        "1.2.3.4:5:6",
        "fe80::1%eth0",
        "\x00\xff",
        "a" * 10_000,
        ", ".join(["203.0.113.1"] * 5_000),
        "::ffff:999.1.1.1",
        "[::ffff:203.0.113.5]",
    ],
)
@pytest.mark.parametrize("trust", [{"proxies": 3}, {"networks": ("0.0.0.0/0",)}])
def test_garbage_in_the_header_never_raises(forwarded_for, trust):
    client = client_address(NGINX, forwarded_for, **trust)

    assert client == "" or limit_key(client)


def test_ipv6_clients_are_counted_by_their_64():
    assert limit_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert limit_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert limit_key("203.0.113.5") == "203.0.113.5"
    assert limit_key("::ffff:203.0.113.5") == "203.0.113.5"
    assert limit_key("") == ""


@pytest.mark.django_db
def test_one_ipv6_household_shares_one_limit(client):
    statuses = [
        sign_up(
            client, f"r{n}@example.com", REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}"
        ).status_code
        for n in range(11)
    ]
    neighbour = sign_up(client, "next-door@example.com", REMOTE_ADDR="2001:db8:1:3::1")

    assert statuses == [200] * 10 + [429]
    assert neighbour.status_code == 200


def test_settings_name_a_count_or_networks_and_refuse_nonsense():
    code = (
        "from django.conf import settings; "
        "print(settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_NETWORKS)"
    )

    by_default = run_django(code, **PRODUCTION)
    counted = run_django(code, **PRODUCTION, TRUSTED_PROXIES="2")
    listed = run_django(
        code, **PRODUCTION, TRUSTED_PROXY_NETWORKS="10.0.0.0/8,2001:db8::/32"
    )
    both = run_django(
        code, **PRODUCTION, TRUSTED_PROXIES="1", TRUSTED_PROXY_NETWORKS="10.0.0.0/8"
    )
    wrong = run_django(code, **PRODUCTION, TRUSTED_PROXY_NETWORKS="10.0.0.0/33")

    assert by_default.stdout.strip() == "0 []"
    assert counted.stdout.strip() == "2 []"
    assert listed.stdout.strip() == "0 ['10.0.0.0/8', '2001:db8::/32']"
    assert both.returncode == wrong.returncode == 1
    assert "not both" in both.stderr
    assert wrong.stderr.strip() == (
        "magazine: TRUSTED_PROXY_NETWORKS: '10.0.0.0/33' is not a network."
    )
