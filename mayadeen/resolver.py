"""DNS answers checked: a public site's name never leads the crawler to a private address.

SameSiteGuardMiddleware refuses private addresses written in URLs, but the configured host's own
name is fetched whatever it resolves to. A name that resolves to a loopback, private or
link-local address (DNS rebinding, a poisoned resolver, a cloud metadata endpoint at
169.254.169.254) would let pages of the internet reach services of the crawling machine.
PublicAddressResolver (TWISTED_DNS_RESOLVER) is Scrapy's caching resolver with that refused: the
lookup fails (a DNSLookupError to Twisted, so it reports no crash) and the name is remembered.
Scrapy wraps every lookup failure into CannotResolveHostError, so PrivateResolutionMiddleware
tells a refusal from a plain DNS failure by that memory, counts it as
``mayadeen/refused/private_address`` (like SameSiteGuardMiddleware's refusals), logs it once per
name and drops the request before RetryMiddleware would try again. The memory is per process,
as the resolver is (Scrapy installs one on the reactor). A target that is itself private (the
replica on 127.0.0.1, a mirror on localhost) is allowed, and so are the environment's HTTP
proxies and the names in MAYADEEN_PRIVATE_NAMES_ALLOWED. The browser path resolves names in
chromium and is not covered.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit
from urllib.request import getproxies

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from mayadeen.downloadermiddlewares.samesite import (
    host_address,
    is_private_host,
)

logger = logging.getLogger(__name__)
# Names refused by the resolver of this process -> the private address they resolved to.
refused_names: dict[str, str] = {}


class PrivateAddressRefused(DNSLookupError):
    """The host name resolved to an address the crawl must not reach."""


class PublicAddressResolver(CachingThreadedResolver):
    def __init__(
        self,
        reactor: Any,
        cache_size: int,
        timeout: float,
        allow_private: bool,
        allowed_names: frozenset[str] = frozenset(),
    ):
        super().__init__(reactor, cache_size, timeout)
        self.allow_private = allow_private
        self.allowed_names = allowed_names

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> PublicAddressResolver:
        # Built from the crawler process (Scrapy passes it for the crawler): settings only.
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        target = urlsplit(settings.get("MAYADEEN_BASE_URL")).hostname or ""
        return cls(
            reactor,
            cache_size,
            settings.getfloat("DNS_TIMEOUT"),
            allow_private=is_private_host(target),
            allowed_names=allowed_private_names(settings),
        )

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        resolved = super().getHostByName(name, timeout)
        if not self.allow_private:
            resolved.addCallback(self.checked, name)
        return resolved

    def checked(self, address: str, name: str) -> str:
        """``address`` when ``name`` may be fetched there; else PrivateAddressRefused. An address
        written as such (a proxy's 10.0.0.5) involves no DNS: the same-site guard judges those."""
        name = name.lower().rstrip(".")
        if (
            not is_private_host(address)
            or host_address(name) is not None
            or name in self.allowed_names
        ):
            return address
        if name not in refused_names:
            logger.warning(
                "%s resolves to %s, a private address: refused (only a target configured as a "
                "private address, a proxy or MAYADEEN_PRIVATE_NAMES_ALLOWED may be one)",
                name,
                address,
            )
        refused_names[name] = address
        raise PrivateAddressRefused(f"{name} resolves to {address}, a private address")


def allowed_private_names(settings: Any) -> frozenset[str]:
    """Names that may resolve to a private address: MAYADEEN_PRIVATE_NAMES_ALLOWED, and the
    HTTP(S) proxies of the environment Scrapy's HttpProxyMiddleware would use (a company proxy
    is usually on a private network)."""
    names = {n.lower().rstrip(".") for n in settings.getlist("MAYADEEN_PRIVATE_NAMES_ALLOWED")}
    if settings.getbool("HTTPPROXY_ENABLED"):
        for proxy in getproxies().values():
            host = urlsplit(proxy if "://" in proxy else f"http://{proxy}").hostname
            if host:
                names.add(host.lower().rstrip("."))
    return frozenset(names)
