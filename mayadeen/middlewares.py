"""Downloader middlewares: the crawl stays on its site and never mistakes a block for a page.

Scrapy's offsite filter compares host names only; a replica on 127.0.0.1:PORT must not reach
another local service on a different port, and javascript:/data:/mailto: links must never become
requests: SameSiteGuardMiddleware compares scheme and host:port with MAYADEEN_BASE_URL.
Cloudflare answers suspicious clients with a "Just a moment..." challenge (403 on /rss, reported
on the live site): ChallengeMiddleware counts, retries and then reports it loudly, never silently.
A page cut off mid-transfer but delivered as a clean 200 would give a partial body:
TruncatedPageMiddleware retries HTML pages that do not end with </html>.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from mayadeen import site

logger = logging.getLogger(__name__)
# Cloudflare's interstitial markers (its challenge script path, page title and options object).
CHALLENGE_MARKERS = (
    b"/cdn-cgi/challenge-platform/",
    b"<title>Just a moment...</title>",
    b"window._cf_chl_opt",
)


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


def is_challenge(response: Response) -> bool:
    """True when the response is a Cloudflare challenge page, whatever its status."""
    head = response.body[:20000]
    return any(marker in head for marker in CHALLENGE_MARKERS)


class PageRetryMiddleware:
    """A response that looks fine but is not the page (a challenge, a cut-off body): count it,
    retry it like Scrapy's RetryMiddleware would, and when no retry is left, log it loudly and
    drop it. Subclasses say what to detect and how to name it."""

    reason = ""  # the retry reason, in Scrapy's retry stats
    seen_stat = ""  # counted at every detection
    given_up_stat = ""  # counted when no retry is left
    max_retries_setting: str | None = None  # None: Scrapy's RETRY_TIMES

    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_retries = (
            crawler.settings.getint(self.max_retries_setting, 2)
            if self.max_retries_setting
            else None
        )

    @classmethod
    def from_crawler(cls, crawler: Any) -> PageRetryMiddleware:
        return cls(crawler)

    def detect(self, response: Response) -> bool:
        raise NotImplementedError

    def describe(self, request: Request, response: Response) -> str:
        """The error logged when the request is given up."""
        raise NotImplementedError

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if not self.detect(response):
            return response
        self.stats.inc_value(self.seen_stat)
        retry = get_retry_request(
            request,
            spider=spider or self.crawler.spider,
            reason=self.reason,
            max_retry_times=self.max_retries,
        )
        if retry is not None:
            return retry
        return self.give_up(request, response)

    def give_up(self, request: Request, response: Response) -> Request:
        """No retry left: log and drop the request (subclasses may retry otherwise)."""
        self.stats.inc_value(self.given_up_stat)
        message = self.describe(request, response)
        logger.error(message)
        raise IgnoreRequest(message)


class ChallengeMiddleware(PageRetryMiddleware):
    """Retries a challenged request (MAYADEEN_CHALLENGE_RETRIES times), then drops it with an
    error log; stats: mayadeen/challenge (every challenge), mayadeen/challenge_blocked."""

    reason = "cloudflare_challenge"
    seen_stat = "mayadeen/challenge"
    given_up_stat = "mayadeen/challenge_blocked"
    max_retries_setting = "MAYADEEN_CHALLENGE_RETRIES"

    def detect(self, response: Response) -> bool:
        return is_challenge(response)

    def describe(self, request: Request, response: Response) -> str:
        return f"blocked by a Cloudflare challenge (HTTP {response.status}): {request.url}"


def is_truncated_html(response: Response) -> bool:
    """An HTML page whose document never closes: cut off in transit."""
    content_type = response.headers.get(b"Content-Type", b"").lower()
    if response.status != 200 or b"html" not in content_type:
        return False
    return b"</html>" not in response.body[-2048:].lower()


class TruncatedPageMiddleware(PageRetryMiddleware):
    """Retries truncated HTML pages (RETRY_TIMES), then drops them with an error log; stats:
    mayadeen/truncated, mayadeen/truncated_dropped."""

    reason = "truncated_html"
    seen_stat = "mayadeen/truncated"
    given_up_stat = "mayadeen/truncated_dropped"

    def detect(self, response: Response) -> bool:
        return is_truncated_html(response)

    def describe(self, request: Request, response: Response) -> str:
        return f"truncated page, given up: {request.url}"
