"""Downloader middleware: the crawl never leaves its target site.

Scrapy's offsite filter compares host names only; a replica on 127.0.0.1:PORT must not reach
another local service on a different port, and javascript:/data:/mailto: links must never become
requests. This guard compares scheme and host:port with the MAYADEEN_BASE_URL setting.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest

from mayadeen import site


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return (parts.hostname or "").lower(), str(port)


class SameSiteGuardMiddleware:
    """Ignores any request not on the target's host and port, or not http(s)."""

    def __init__(self, base_url: str, stats: Any):
        self.origin = _origin(base_url)
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> SameSiteGuardMiddleware:
        base = crawler.settings.get("MAYADEEN_BASE_URL") or site.BASE_URL
        return cls(base, crawler.stats)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        scheme = urlsplit(request.url).scheme
        if scheme not in ("http", "https") or _origin(request.url) != self.origin:
            self.stats.inc_value("mayadeen/off_site_refused")
            raise IgnoreRequest(f"off-site or non-HTTP request refused: {request.url}")
