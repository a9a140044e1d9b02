"""`SameSiteGuardMiddleware`: the crawl stays on its site.

Scrapy's offsite filter compares host names only (and lets `dont_filter` requests and their
redirects through); a replica on 127.0.0.1:PORT must not reach another local service on a
different port, a page must not steer the crawl to a private address (cloud metadata at
169.254.169.254) or to data:/file: URLs: SameSiteGuardMiddleware compares scheme, host and port
with MAYADEEN_BASE_URL and counts each refusal by its reason.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)

# Why a request was refused, in the order they are checked; each counted as
# mayadeen/refused/<reason> (and all of them as mayadeen/off_site_refused).
REFUSED_PREFIX = "mayadeen/refused/"  # + reason
REFUSED_SCHEME = "scheme"  # not http(s): javascript:, data:, mailto:, file:, ftp:
REFUSED_PRIVATE = "private_address"  # loopback, private, link-local... other than the target
REFUSED_REDIRECT = "redirect"  # a redirect away from the target
REFUSED_OFF_SITE = "off_site"  # any other host or port
REFUSAL_REASONS = (REFUSED_SCHEME, REFUSED_PRIVATE, REFUSED_REDIRECT, REFUSED_OFF_SITE)
_LOGGED_URLS_MAX = 10_000  # refusals logged once per URL, up to this many URLs


class Origin(NamedTuple):
    """Where a URL is served from: two URLs of one origin are one site (the same host and port
    over the other scheme is another site)."""

    scheme: str
    host: str
    port: int | None


def origin_of(url: str) -> Origin:
    """The URL's origin, host lower-cased, the scheme's default port filled in; ValueError for a
    port out of range."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return Origin(parts.scheme, (parts.hostname or "").lower(), port)


def host_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a host name is literally (resolvers also read "2130706433", "0x7f.1" and
    "127.1" as 127.0.0.1); None for a name that needs DNS."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None


def is_private_host(host: str) -> bool:
    """Loopback, private, link-local (cloud metadata at 169.254.169.254), multicast, reserved or
    unspecified addresses, and localhost names: never a news site's public address."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    address = host_address(host)
    if address is None:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


class SameSiteGuardMiddleware:
    """Ignores any request not on the target's host and port, or not http(s).

    Checked when the engine schedules a request (before it is queued or stored in a JOBDIR) and
    again before it is downloaded (robots.txt and other requests that skip the scheduler).
    Redirects are checked too: Scrapy's RedirectMiddleware (600) hands the redirected request
    back to the engine, which schedules it like a new one. Scrapy's own OffsiteMiddleware lets a
    `dont_filter` request (and its redirects) through and ignores ports and schemes; this one
    does not. A refusal is counted by reason and logged once per URL; the target itself may be a
    private address (the replica on 127.0.0.1)."""

    def __init__(self, base_url: str, stats: Any):
        self.origin = origin_of(base_url)
        self.stats = stats
        self.logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> SameSiteGuardMiddleware:
        base = crawler.settings.get("MAYADEEN_BASE_URL")
        guard = cls(base, crawler.stats)
        crawler.signals.connect(guard.request_scheduled, signal=signals.request_scheduled)
        return guard

    def refusal(self, request: Request) -> str | None:
        """Why `request` must not be fetched; None when it may."""
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https"):
            return REFUSED_SCHEME
        try:
            origin = origin_of(request.url)
        except ValueError:  # a port out of range
            return REFUSED_OFF_SITE
        if origin == self.origin:
            return None
        if is_private_host(origin.host):
            return REFUSED_PRIVATE
        if request.meta.get("redirect_urls"):
            return REFUSED_REDIRECT
        return REFUSED_OFF_SITE

    def request_scheduled(self, request: Request, spider: Spider | None = None) -> None:
        self.process_request(request)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        reason = self.refusal(request)
        if reason is None:
            return
        self.stats.inc_value("mayadeen/off_site_refused")
        self.stats.inc_value(f"{REFUSED_PREFIX}{reason}")
        via = request.meta.get("redirect_urls")
        message = f"off-site or non-HTTP request refused ({reason}): {request.url[:300]}"
        if via:
            message += f" (redirected from {via[0][:300]})"
        if request.url not in self.logged and len(self.logged) < _LOGGED_URLS_MAX:
            self.logged.add(request.url)
            logger.warning(message)
        raise IgnoreRequest(message)

