"""Faults on demand: a flaky server, deterministic per (seed, URL, attempt).

``--faults error=0.05,throttle=0.02,slow=0.02,truncate=0.01,short=0.01,challenge=0.01,``
``redirect=0.02,tracking=0.02`` gives each kind a rate (ISSUE_RATES: the reliability issue's mix).
Where they apply (one rule, kept here):
- only HTML pages get faults: the home page, listings and article pages; never /__replica__/,
  robots.txt, sitemaps, /rss (always a challenge anyway), the load-more fragment or 404 pages;
- per-attempt kinds (error, throttle, slow, truncate, short, challenge) are drawn per (seed, URL,
  attempt); the server counts attempts per URL, and attempts from ``CLEAN_AFTER`` on never fault,
  so a client that retries twice always gets the page in the end;
- ``truncate`` cuts the document mid-transfer (its closing markup is missing); ``short`` serves a
  whole, well-closed document whose article body stops early while its metadata still declares the
  full word count (a CMS or cache fault): only on article pages with metadata and a text body,
  elsewhere that attempt is served whole and not counted;
- ``slow`` answers late; a quarter of them hang for HANG_SECONDS, longer than any download
  timeout a crawler uses (the project's own is 60 s): a hang is a timeout, never a slow page;
- ``redirect`` is a property of an article URL (seed, path): its canonical path answers 301 or
  302 to the trailing-slash variant, which serves the same page (canonical without the slash);
- ``tracking`` is a property of a link (seed, listing path, article path): listing pages link that
  article with a ``?utm_source=...`` query, which the server serves as the article.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

from testground.replica.model import BODY_KINDS, Block

PER_ATTEMPT_KINDS = ("error", "throttle", "slow", "truncate", "short", "challenge")
PER_URL_KINDS = ("redirect", "tracking")
FAULT_KINDS = PER_ATTEMPT_KINDS + PER_URL_KINDS
CLEAN_AFTER = 2  # attempts 0 and 1 of a URL may fault; attempt 2 (the second retry) never does
SLOW_SECONDS = 1.5
HANG_SECONDS = 120.0  # longer than a crawler's download timeout (settings: 60 s), still bounded
HANG_SHARE = 0.25  # of "slow" faults, the share that hang instead of being merely slow
RETRY_AFTER_SECONDS = 1
UTM_SOURCES = ("twitter", "facebook", "telegram", "newsletter", "whatsapp")
SHORT_SHARE = 0.25  # a "short" page keeps at most this share of its body's words
# Issue 9's mix: 5% 500/503, 2% 429, 2% slow or hanging, 2% truncated bodies (cut in transit or
# cut short in a whole page), 1% challenges, and redirects and tracking-query duplicates.
ISSUE_RATES = (
    "error=0.05,throttle=0.02,slow=0.02,truncate=0.01,short=0.01,challenge=0.01,"
    "redirect=0.02,tracking=0.02"
)


def parse_faults(spec: str | None) -> dict[str, float]:
    """Rates per fault kind from ``kind=rate,...``; "" or "none" means no faults."""
    rates = dict.fromkeys(FAULT_KINDS, 0.0)
    if not spec or spec.strip().lower() == "none":
        return rates
    for part in spec.split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep:
            raise ValueError(f"fault {part.strip()!r}: expected kind=rate, e.g. error=0.05")
        if name not in rates:
            raise ValueError(f"unknown fault kind {name!r}; known: {', '.join(FAULT_KINDS)}")
        try:
            rate = float(value)
        except ValueError:
            raise ValueError(f"fault {name}: rate {value.strip()!r} is not a number") from None
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"fault {name}: rate {rate} is not between 0 and 1")
        rates[name] = rate
    total = sum(rates[k] for k in PER_ATTEMPT_KINDS)
    if total > 1.0 + 1e-9:
        raise ValueError(
            f"rates of {', '.join(PER_ATTEMPT_KINDS)} add up to {total:g}, more than 1"
        )
    return rates


def _unit(*parts: object) -> float:
    """A uniform number in [0, 1) from the parts: stable across runs and platforms."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


@dataclass(frozen=True)
class Fault:
    kind: str  # error | throttle | slow | hang | truncate | short | challenge
    status: int = 200
    delay: float = 0.0
    retry_after: int | None = None
    cut: float = 1.0  # share of the body sent, for truncate


class Faults:
    """Fault decisions and the attempt counter per URL."""

    def __init__(
        self,
        rates: dict[str, float],
        seed: int,
        slow_seconds: float = SLOW_SECONDS,
        hang_seconds: float = HANG_SECONDS,
    ) -> None:
        self.rates = rates
        self.seed = seed
        self.slow_seconds = slow_seconds
        self.hang_seconds = hang_seconds
        self.attempts: Counter[str] = Counter()
        self.served: Counter[str] = Counter()
        # When each throttled URL may be asked again (Retry-After), and how often it was asked
        # earlier: the measure of a client's politeness (monotonic clock: stats only, no content).
        self.throttled_until: dict[str, float] = {}
        self.early_retries = 0

    @property
    def active(self) -> bool:
        return any(self.rates.values())

    def next_attempt(self, url: str) -> Fault | None:
        """Count one request of ``url`` (path and query) and decide its fault, if any."""
        attempt = self.attempts[url]
        self.attempts[url] += 1
        fault = self.decide(url, attempt)
        if fault is not None and fault.kind != "short":  # counted where it applies: served()
            self.served[fault.kind] += 1
        return fault

    def note_request(self, url: str, now: float) -> None:
        """Count a request of ``url`` that came before its last 429's Retry-After elapsed."""
        until = self.throttled_until.pop(url, None)
        if until is not None and now < until:
            self.early_retries += 1

    def note_throttled(self, url: str, fault: Fault, now: float) -> None:
        if fault.retry_after is not None:
            self.throttled_until[url] = now + fault.retry_after

    def decide(self, url: str, attempt: int) -> Fault | None:
        """The fault of attempt ``attempt`` (0-based) of ``url``: a pure function."""
        if attempt >= CLEAN_AFTER:
            return None
        u = _unit(self.seed, "attempt", url, attempt)
        edge = 0.0
        for kind in PER_ATTEMPT_KINDS:
            edge += self.rates[kind]
            if u < edge:
                return self._fault(kind, _unit(self.seed, kind, url, attempt))
        return None

    def _fault(self, kind: str, v: float) -> Fault:
        if kind == "error":
            return Fault("error", status=500 if v < 0.5 else 503)
        if kind == "throttle":
            return Fault("throttle", status=429, retry_after=RETRY_AFTER_SECONDS)
        if kind == "slow":
            if v < HANG_SHARE:
                return Fault("hang", delay=self.hang_seconds)
            return Fault("slow", delay=self.slow_seconds)
        if kind == "truncate":
            return Fault("truncate", cut=0.3 + 0.4 * v)
        if kind == "short":
            return Fault("short", cut=SHORT_SHARE)
        return Fault("challenge", status=403)

    def redirect(self, path: str) -> int | None:
        """301 or 302 when the article path redirects to its trailing-slash variant."""
        if _unit(self.seed, "redirect", path) >= self.rates["redirect"]:
            return None
        self.served["redirect"] += 1
        return 301 if _unit(self.seed, "redirect-status", path) < 0.5 else 302

    def tracking_query(self, listing_path: str, article_path: str) -> str | None:
        """The tracking query a listing adds to its link to an article, if any."""
        if _unit(self.seed, "tracking", listing_path, article_path) >= self.rates["tracking"]:
            return None
        v = _unit(self.seed, "utm", listing_path, article_path)
        source = UTM_SOURCES[int(v * len(UTM_SOURCES))]
        return f"utm_source={source}&utm_medium=social&utm_campaign=share"


def truncate(body: bytes, cut: float) -> bytes:
    """The body cut mid-page: no closing tags after the cut."""
    return body[: max(1, int(len(body) * cut))]


def short_blocks(blocks: tuple[Block, ...], share: float) -> tuple[Block, ...] | None:
    """The leading body children of a page cut short: as many as keep the body's text within
    ``share`` of its words (maybe none). None when there is no text to cut."""
    total = sum(len(b.text.split()) for b in blocks if b.kind in BODY_KINDS)
    if not total:
        return None
    kept, words = 0, 0
    for block in blocks:
        if block.kind in BODY_KINDS:
            words += len(block.text.split())
            if words > share * total:
                break
        kept += 1
    return blocks[:kept]
