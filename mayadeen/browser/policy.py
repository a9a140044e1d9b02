"""What the browser may load, and when a browser context is retired.

A render should cost the page and its scripts, nothing more: images, fonts and media are never
fetched, nor is anything off the crawled site (ads, analytics, the image CDN; against the replica
this keeps chromium on 127.0.0.1). A context accumulates cache, cookies and leaked renderer
memory: after a number of pages it is retired and closed once its last page is done, so a long
crawl never grows without bound.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from mayadeen.downloadermiddlewares.samesite import origin_of

ABORTED_RESOURCE_TYPES = frozenset({"image", "font", "media"})
# URLs that never leave the browser.
LOCAL_SCHEMES = ("data", "blob", "about")


class AbortPolicy:
    """PLAYWRIGHT_ABORT_REQUEST: True (abort) for images, fonts, media and any request off the
    site's origin, unless its host is in ``allowed_hosts``."""

    def __init__(self, base_url: str, allowed_hosts: tuple[str, ...] = ()) -> None:
        self.origin = origin_of(base_url)
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)

    def allowed_url(self, url: str) -> bool:
        scheme, host, _ = origin = origin_of(url)
        if scheme in LOCAL_SCHEMES:
            return True
        return origin == self.origin or (scheme in ("http", "https") and host in self.allowed_hosts)

    def __call__(self, request: Any) -> bool:
        return request.resource_type in ABORTED_RESOURCE_TYPES or not self.allowed_url(request.url)

    def __repr__(self) -> str:
        return f"AbortPolicy({self.origin!r}, allowed_hosts={sorted(self.allowed_hosts)!r})"


class ContextRotation:
    """Names the browser context each render uses: a context serves ``pages_per_context`` pages,
    then the next one takes over; a retired context may be closed when its last page is done."""

    def __init__(self, pages_per_context: int, prefix: str = "mayadeen") -> None:
        if pages_per_context < 1:
            raise ValueError(f"pages_per_context must be at least 1, got {pages_per_context}")
        self.pages_per_context = pages_per_context
        self.prefix = prefix
        self.generation = 0
        self.assigned = 0  # pages given to the current context
        self.in_flight: Counter[str] = Counter()

    @property
    def current(self) -> str:
        return f"{self.prefix}-{self.generation}"

    def _advance(self) -> None:
        self.generation += 1
        self.assigned = 0

    def assign(self) -> str:
        """The context for the next page."""
        if self.assigned >= self.pages_per_context:
            self._advance()
        self.assigned += 1
        self.in_flight[self.current] += 1
        return self.current

    def release(self, name: str) -> bool:
        """A page of ``name`` is done; True when that context is now to be closed."""
        self.in_flight[name] -= 1
        if self.in_flight[name] > 0:
            return False
        if name == self.current and self.assigned < self.pages_per_context:
            return False  # still taking pages
        del self.in_flight[name]
        if name == self.current:
            self._advance()
        return True

    def retire_current(self) -> str | None:
        """Stop giving pages to the current context (memory is high); its name when it can be
        closed right away (no page in flight), else None (its last release will say so)."""
        name = self.current
        if self.assigned == 0:
            return None  # nothing served yet: a fresh context does not help
        self._advance()
        if self.in_flight[name] == 0:
            del self.in_flight[name]
            return name
        return None
