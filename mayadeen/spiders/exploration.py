"""Links of unknown shape, explored under a budget until their shape's kind is known.

A link whose shape neither the profile nor the crawl knows (shapes.py) is fetched as a probe
while its shape has fewer than MAYADEEN_EXPLORE_PROBES_PER_SHAPE probes; the shape's other links
wait (parked) for the probes' answer and are then requested as what the shape turned out to be,
or dropped when it leads to neither articles nor listings. Probes are limited in number
(MAYADEEN_EXPLORE_MAX_REQUESTS) and in depth (MAYADEEN_EXPLORE_MAX_DEPTH: links found on a probed
page that is neither article nor listing are one level deeper). Every probe is counted as
``mayadeen/explore/requests``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from mayadeen.spiders.shapes import ARTICLE, LISTING, OTHER, ShapeBook, ShapeState, url_shape

logger = logging.getLogger(__name__)

PROBE, WAIT, DROP = "probe", "wait", "drop"
STATS = "mayadeen/explore/"


@dataclass(frozen=True)
class Step:
    """What to do with one link: request it as ARTICLE or LISTING, PROBE it, or nothing."""

    action: str  # ARTICLE, LISTING, PROBE, WAIT (parked), DROP
    url: str
    depth: int


class Explorer:
    def __init__(self, book: ShapeBook, max_requests: int, max_depth: int, crawler: Any) -> None:
        self.book = book
        self.max_requests = max_requests
        self.max_depth = max_depth
        self.crawler = crawler  # its stats are set when the crawl starts
        self.requests = 0
        self.seen: set[str] = set()  # links already probed or parked
        self._budget_logged = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> Explorer:
        settings = crawler.settings
        return cls(
            ShapeBook(settings.getint("MAYADEEN_EXPLORE_PROBES_PER_SHAPE")),
            settings.getint("MAYADEEN_EXPLORE_MAX_REQUESTS"),
            settings.getint("MAYADEEN_EXPLORE_MAX_DEPTH"),
            crawler,
        )

    def _inc(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(STATS + key, count)

    def route(self, url: str, depth: int) -> Step:
        """The step for a link the profile does not know (its shape may be learned)."""
        kind = self.book.known_kind(url)
        if kind in (ARTICLE, LISTING):
            return Step(kind, url, depth)
        if kind is not None:
            return Step(DROP, url, depth)  # learned as neither, or a profile kind not walked
        if url in self.seen:
            return Step(DROP, url, depth)
        if depth > self.max_depth:
            self._inc("too_deep")
            return Step(DROP, url, depth)
        self.seen.add(url)
        if self.book.wants_probe(url):
            return self._probe(url, depth)
        self.book.state(url).parked.append((url, depth))
        return Step(WAIT, url, depth)

    def _probe(self, url: str, depth: int) -> Step:
        if self.requests >= self.max_requests:
            self._inc("over_budget")
            if not self._budget_logged:
                self._budget_logged = True
                logger.warning(
                    "exploration budget spent (MAYADEEN_EXPLORE_MAX_REQUESTS=%d): links of "
                    "unknown shape such as %s are not explored",
                    self.max_requests,
                    url,
                )
            return Step(DROP, url, depth)
        self.requests += 1
        self.book.state(url).probes += 1
        self._inc("requests")
        return Step(PROBE, url, depth)

    def answered(self, url: str, kind: str) -> list[Step]:
        """A probe's page was of this kind: the steps of the links its shape held back."""
        state = self.book.answer(url, kind)
        if state is None:
            return []
        if state.kind is not None:
            self._inc(f"learned/{state.kind}")
            logger.info("URL shape %s learned: %s pages", url_shape(url), state.kind)
        else:
            logger.info("URL shape %s holds several kinds of page: each link is explored",
                        url_shape(url))  # fmt: skip
        return self._release(state)

    def failed(self, url: str) -> list[Step]:
        """A probe got no page (an error, a 404): another link of its shape is probed instead;
        a shape whose first probes all fail is learned as leading nowhere."""
        state = self.book.state(url)
        if state.kind is not None or state.mixed:
            return []
        state.failures += 1
        if state.failures >= self.book.probes and not state.answers:
            state.kind = OTHER
            self._inc("learned/other")
            return self._release(state)
        state.probes -= 1
        if not state.parked:
            return []
        next_url, depth = state.parked.pop(0)
        return [self._probe(next_url, depth)]

    def _release(self, state: ShapeState) -> list[Step]:
        parked, state.parked = state.parked, []
        if state.kind == OTHER:
            self._inc("dropped", len(parked))
            return []
        if state.kind is not None:
            return [Step(state.kind, url, depth) for url, depth in parked]
        return [self._probe(url, depth) for url, depth in parked]

    def stalled(self) -> list[Step]:
        """Probes again for the shapes whose probes came to nothing while links wait for them
        (a probe dropped as a duplicate of an earlier request, or answered in another process of
        a distributed crawl): called when the crawl has nothing else to do."""
        steps = []
        for state in self.book.states.values():
            if not state.parked or state.kind is not None or state.mixed:
                continue
            wanted = max(1, self.book.probes - sum(state.answers.values()))
            taken, state.parked = state.parked[:wanted], state.parked[wanted:]
            state.probes = sum(state.answers.values())
            steps += [self._probe(url, depth) for url, depth in taken]
        return [step for step in steps if step.action == PROBE]

    def waiting(self) -> int:
        """Links still parked (their shape's probes have not all answered)."""
        return sum(len(state.parked) for state in self.book.states.values())
