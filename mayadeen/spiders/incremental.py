"""What an incremental crawl fetches, given what the database remembers (storage.memory).

- Listings are newest first: a listing's pagination is followed only while its pages hold
  articles the database does not have, or articles young enough to revisit.
- Stored articles published within MAYADEEN_REVISIT_DAYS of the newest stored one are fetched
  again (edits to fresh news are frequent); older ones only when the sitemap's lastmod is newer
  than the stored update time.
- A monthly sitemap is fetched only when the index's lastmod for it is newer than the latest
  stored update of that month, or when the last run did not finish (it may have left gaps).
Windows are measured against the site's own newest date, not our clock: a replica (or a site
whose clock is off) keeps its own time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from mayadeen.settings import MAYADEEN_REVISIT_DAYS
from mayadeen.storage.memory import CrawlMemory


def parse_lastmod(value: str | None) -> datetime | None:
    """A sitemap lastmod (W3C datetime) as an aware datetime; None when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None  # naive: cannot be compared safely


class IncrementalPolicy:
    """Decisions of one run. `enabled=False` (a `full=true` run, or an empty database) fetches
    everything."""

    def __init__(self, memory: CrawlMemory, revisit_days: float = MAYADEEN_REVISIT_DAYS) -> None:
        self.memory = memory
        self.enabled = len(memory) > 0
        newest = memory.newest_published
        self.cutoff = newest - timedelta(days=revisit_days) if newest is not None else None
        self._month_updated = memory.month_baseline if self.enabled else {}

    @classmethod
    def full(cls) -> IncrementalPolicy:
        return cls(CrawlMemory())

    def is_stored(self, url: str) -> bool:
        return self.memory.get(url) is not None

    def is_fresh(self, url: str) -> bool:
        """Stored and published within the revisit window."""
        stored = self.memory.get(url)
        return stored is not None and self.cutoff is not None and stored.published >= self.cutoff

    def wants_article(self, url: str) -> bool:
        """From a listing: unknown articles, and stored ones still within the revisit window."""
        return not self.enabled or not self.is_stored(url) or self.is_fresh(url)

    def wants_sitemap_article(self, url: str, lastmod: str | None) -> bool:
        """From a sitemap: unknown articles, and stored ones the sitemap says changed since."""
        stored = self.memory.get(url)
        if not self.enabled or stored is None:
            return True
        changed = parse_lastmod(lastmod)
        return changed is None or changed > stored.updated

    def wants_month(self, year: int, month: int, lastmod: str | None) -> bool:
        if not self.enabled or not self.memory.complete:
            return True
        changed, stored = parse_lastmod(lastmod), self._month_updated.get((year, month))
        return changed is None or stored is None or changed > stored

    def follows_listing(self, card_urls: list[str]) -> bool:
        """Whether the next page of a listing (newest first) can hold anything to fetch: this
        page's cards include an unknown article, or even the oldest of them is still within the
        revisit window (the oldest by stored date: page order is not trusted)."""
        if not self.enabled:
            return True
        if not card_urls or any(not self.is_stored(url) for url in card_urls):
            return True
        return all(self.is_fresh(url) for url in card_urls)

    def follows_tags(self, url: str) -> bool:
        """Tag pages are walked from newly found articles only: a stored article's were walked
        when it was found."""
        return not self.enabled or not self.is_stored(url)
