"""`PrivateResolutionMiddleware`: requests whose host name the resolver refused
(mayadeen/resolver.py: it resolves to a private address) are counted and dropped, not retried."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from twisted.internet.error import DNSLookupError

from mayadeen.downloadermiddlewares.samesite import (
    REFUSED_PREFIX,
    REFUSED_PRIVATE,
)
from mayadeen.resolver import refused_names


class PrivateResolutionMiddleware:
    """Counts and drops the requests whose host name the resolver refused (see above). Above
    RetryMiddleware (550) so that process_exception sees the failure first: no retry."""

    def __init__(self, stats: Any):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> PrivateResolutionMiddleware:
        return cls(crawler.stats)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, CannotResolveHostError | DNSLookupError):
            return
        name = (urlsplit(request.url).hostname or "").rstrip(".")
        if name not in refused_names:
            return  # a plain DNS failure: Scrapy's retries as usual
        self.stats.inc_value("mayadeen/off_site_refused")
        self.stats.inc_value(f"{REFUSED_PREFIX}{REFUSED_PRIVATE}")
        raise IgnoreRequest(
            f"refused: {name} resolves to {refused_names[name]}, a private address: {request.url}"
        )
