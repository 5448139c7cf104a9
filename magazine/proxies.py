"""Which address a request came from, believing only the proxies we were told to.

Each proxy appends the address of its peer to ``X-Forwarded-For``; whatever
stands left of what our own proxies wrote is what the client chose to send.
So the header is read from the right, and only as far as configured:

* by default no proxy is trusted: the client is ``REMOTE_ADDR`` and the header
  is ignored (a client cannot pick its own rate-limit key);
* ``TRUSTED_PROXIES=N``: N proxies stand in front of the app and every request
  passes through all of them; the client is the Nth address from the right
  (the leftmost, if the header holds fewer);
* ``TRUSTED_PROXY_NETWORKS=10.0.0.0/8,…``: starting with ``REMOTE_ADDR`` and
  walking the header leftwards, the client is the first address outside those
  networks. Right when requests may also reach the app by another path.

A missing ``REMOTE_ADDR`` (a proxy on a Unix socket) counts as a trusted hop.
No header raises: an entry that is not an address ends the walk at the hop
that reported it. Rate limits count an IPv6 client by its /64, the block one
household is given, within which it could otherwise take a fresh address for
every attempt.
"""

import functools
import ipaddress

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(
    remote_addr: str,
    forwarded_for: str,
    *,
    proxies: int = 0,
    networks: tuple[str, ...] = (),
) -> str:
    """The client's address as text (``""`` when nothing names one)."""
    client = parse(remote_addr)
    hops = forwarded_for.split(",") if forwarded_for else []
    if networks:
        trusted = trusted_networks(tuple(networks))
        while hops and (client is None or any(client in net for net in trusted)):
            if (hop := parse(hops.pop())) is None:
                break
            client = hop
    else:
        for _ in range(min(proxies, len(hops))):
            if (hop := parse(hops.pop())) is None:
                break
            client = hop
    return str(client) if client is not None else ""


def parse(text: str) -> Address | None:
    """An address from a header entry (``[2001:db8::1]:443`` and ``203.0.113.5:80``
    included), IPv4-mapped IPv6 as IPv4; None for anything else."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.scope_id:
            return ipaddress.IPv6Address(text.partition("%")[0])
    return address


@functools.cache
def trusted_networks(networks: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(net.strip(), strict=False) for net in networks)


def limit_key(address: str) -> str:
    """What rate limits count a client by: its IPv4 address, or its IPv6 /64."""
    parsed = parse(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed) if parsed is not None else ""
