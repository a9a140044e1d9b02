"""A small polite fetcher for the live check: the crawl's browser-like headers, one request at a
time with a delay, HTTP error pages kept (a 403 challenge is evidence), and network failure
raised as `Unreachable` so that the caller can stop with a clear message."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from mayadeen import settings


class Unreachable(Exception):
    """The site could not be reached at all (DNS, connection, timeout, TLS)."""


@dataclass(frozen=True)
class Fetched:
    url: str  # final URL, after redirects
    status: int
    body: bytes
    content_type: str


class Fetcher:
    def __init__(self, delay: float = 2.0, timeout: float = 30.0):
        self.delay = delay
        self.timeout = timeout
        self._last = 0.0
        self.headers = {"User-Agent": settings.USER_AGENT, **settings.DEFAULT_REQUEST_HEADERS}

    def get(self, url: str) -> Fetched:
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        request = urllib.request.Request(url, headers=self.headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return Fetched(answer.geturl(), answer.status, answer.read(),
                               answer.headers.get("Content-Type", ""))  # fmt: skip
        except urllib.error.HTTPError as error:
            return Fetched(url, error.code, error.read(), error.headers.get("Content-Type", ""))
        except (TimeoutError, urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise Unreachable(f"{url}: {reason}") from error
        finally:
            self._last = time.monotonic()
