"""Issue 9, hostile input: the extraction fuzzed, with figures for bench/reliability.py.

Every mutation kind of testground/replica/mutations.py is applied to real replica article pages
(one of each template, content type and layer variant first) and each page goes through the
spider's article callback offline (testground/replica/fuzzing.py): it must give a schema-valid,
storable item or a drop counted under `mayadeen/drop/<reason>`; an exception out of the callback
or an invalid item is a failure. The big kinds (20 MB of text, 100,000
paragraphs, 5,000-deep nesting) run at full size on a few pages. Then the hypothesis properties
of testground/replica/strategies.py run derandomized (the same examples each run).
Run alone: python bench/reliability.py --only fuzz [--quick]
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.reliability import Figure
from mayadeen.downloadermiddlewares.truncated import is_truncated_html
from mayadeen.loaders import canonical_url, clean_text, iso_datetime, to_int
from mayadeen.storage.store import ArticleStore
from testground.replica import fuzzing, mutations, strategies

AREA = "fuzz"
# The kinds whose pages are big: fewer of them, at the full Scale.
BIG_KINDS = frozenset({"huge_text", "many_paragraphs", "deep_nesting", "unclosed_tags"})
# A page must not take longer than this to extract, even the 20 MB one (no denial of service).
SLOWEST_PAGE_LIMIT_S = 60.0
# Mutations leaving no layer with a title / a date, and the drop reason they must give.
DROP_KINDS = (("delete_title_everywhere", "no_title"), ("delete_date_everywhere", "no_date"))


@dataclass(frozen=True)
class Plan:
    pages: int  # pages per mutation kind
    big_pages: int  # pages per big kind
    examples: int  # hypothesis examples per page property
    loader_examples: int  # hypothesis examples per loader property


QUICK = Plan(pages=8, big_pages=1, examples=60, loader_examples=300)
FULL = Plan(pages=80, big_pages=3, examples=500, loader_examples=3000)


def _counts(tally: fuzzing.Tally) -> str:
    drops = ", ".join(f"{reason} {n}" for reason, n in sorted(tally.reasons.items()))
    exceptions = tally.counts[fuzzing.ESCAPED]
    text = (
        f"{_n(tally.tried, 'page')}: {tally.counts[fuzzing.ITEM]} valid items, "
        f"{tally.counts[fuzzing.DROP]} counted drops{f' ({drops})' if drops else ''}, "
        f"{exceptions} exceptions"
    )
    if tally.counts[fuzzing.INVALID]:
        text += f", {tally.counts[fuzzing.INVALID]} invalid items"
    return text


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Storage:
    """Every valid item saved by the database pipeline's store (SQLite in the work directory):
    valid for the schema is not enough if the database refuses it. Each item is written alone
    and rolled back, so that variants of one page (the same post id under other URLs) do not
    meet: that the store takes the item is measured, not how identities merge."""

    def __init__(self, workdir: Path):
        url = f"sqlite:///{workdir / 'fuzz.sqlite3'}"
        self.store = ArticleStore.from_url(url, batch_size=10**9)  # never commits on its own
        self.run = self.store.start_run("articles")
        self.store.flush()
        self.items = self.stored = 0
        self.refused: Counter[str] = Counter()

    def save(self, item: dict) -> None:
        self.items += 1
        try:
            self.store.save_article(item, self.run)
            self.stored += 1
        except Exception as error:  # refused: counted
            self.refused[type(error).__name__] += 1
        finally:
            self.store.rollback()

    def keep(self, outcome: fuzzing.Outcome) -> None:
        if outcome.status == fuzzing.ITEM and outcome.item is not None:
            self.save(outcome.item)

    def figure(self) -> Figure:
        self.store.close()
        refused = ", ".join(f"{name} {n}" for name, n in sorted(self.refused.items()))
        return Figure(
            AREA,
            "valid items (mutations and hypothesis) each saved by the database store (SQLite)",
            f"{self.stored}/{self.items} items taken"
            + (f" (refused: {refused})" if refused else ""),
            "all",
            self.stored == self.items > 0,
        )


def mutation_figures(
    pages: list[fuzzing.ReplicaPage], plan: Plan, storage: Storage
) -> list[Figure]:
    figures, total = [], fuzzing.Tally()
    slowest = (0.0, "")
    for kind in mutations.kinds():
        big = kind in BIG_KINDS
        scale = mutations.Scale() if big else mutations.SMALL
        tally = fuzzing.Tally()
        for number, page in enumerate(pages[: plan.big_pages if big else plan.pages]):
            mutated = mutations.mutate(kind, page.html, number, scale)
            started = time.perf_counter()
            outcome = fuzzing.run_page(page.url, mutated)
            slowest = max(slowest, (time.perf_counter() - started, kind))
            tally.add(outcome, f"{kind} page {number}")
            total.add(outcome, f"{kind} page {number}")
            storage.keep(outcome)
        for failure in tally.failures[:3]:
            print(f"[fuzz] {failure}", flush=True)
        size = f" (full size: {_size_of(kind)})" if big else ""
        figures.append(
            Figure(
                AREA,
                f"mutation `{kind}`{size}: valid item or counted drop",
                _counts(tally),
                "0 exceptions, 0 invalid items",
                tally.failed == 0 and tally.tried > 0,
            )
        )
    figures.append(
        Figure(
            AREA,
            f"all {len(mutations.kinds())} mutation kinds",
            _counts(total),
            "0 exceptions, 0 invalid items",
            total.failed == 0,
        )
    )
    seconds, kind = slowest
    figures.append(
        Figure(
            AREA,
            "slowest mutated page through the callback",
            f"{seconds:.1f} s (`{kind}`)",
            f"under {SLOWEST_PAGE_LIMIT_S:.0f} s",
            seconds < SLOWEST_PAGE_LIMIT_S,
        )
    )
    return figures


def listing_figure() -> Figure:
    """The listing callback (home, section and region pages) under every mutation kind."""
    tally = fuzzing.Tally()
    for number, (url, html) in enumerate(fuzzing.replica_listing_pages()):
        for kind in mutations.kinds():
            tally.add(fuzzing.run_listing(url, mutations.mutate(kind, html, number)), kind)
    errors = tally.counts[fuzzing.ESCAPED]
    return Figure(
        AREA,
        f"listing pages under all {len(mutations.kinds())} mutation kinds: no extraction error",
        f"{_n(tally.tried, 'page')}: {errors} exceptions",
        "0 exceptions",
        errors == 0 and tally.tried > 0,
    )


def truncation_figure(pages: list[fuzzing.ReplicaPage], plan: Plan) -> Figure:
    """A truncated page extracts to a valid but partial item: in a crawl it never gets there,
    TruncatedPageMiddleware sees the missing </html> and retries it."""
    tried = detected = 0
    for number, page in enumerate(pages[: plan.pages]):
        mutated = mutations.mutate("truncated", page.html, number)
        if mutated.body.rstrip().endswith(b"</html>"):
            continue  # cut after the end: not truncated
        tried += 1
        detected += is_truncated_html(fuzzing.response_for(page.url, mutated))
    return Figure(
        AREA,
        "mutation `truncated`: seen as truncated before extraction (retried, never stored)",
        f"{detected}/{tried} pages",
        "all",
        detected == tried > 0,
    )


def _size_of(kind: str) -> str:
    scale = mutations.Scale()
    return {
        "huge_text": f"{scale.huge_text_bytes // 1_000_000} MB paragraph",
        "many_paragraphs": f"{scale.paragraphs:,} paragraphs",
        "deep_nesting": f"{scale.nesting:,} levels",
        "unclosed_tags": f"{scale.nesting:,} unclosed tags",
    }[kind]


def exact_figures(pages: list[fuzzing.ReplicaPage], plan: Plan) -> list[Figure]:
    """Mutations with one right answer: the item is exactly the manifest's."""
    checked = Counter[str]()
    right = Counter[str]()
    for number, page in enumerate(pages[: plan.pages]):
        variant = page.article.variant
        if variant.has_metadata and variant.has_meta_tags:
            expected = fuzzing.expected_without(page, has_metadata=False)
            for kind in ("delete_metadata", "metadata_invalid_json", "metadata_not_an_object"):
                checked["metadata"] += 1
                right["metadata"] += _item_of(page, kind, number) == expected
        for kind in ("delete_headline", "delete_byline", "bom_mismatch"):
            checked["visible"] += 1
            right["visible"] += _item_of(page, kind, number) == page.expected
        for kind, reason in DROP_KINDS:
            checked["drops"] += 1
            outcome = fuzzing.run_page(page.url, mutations.mutate(kind, page.html, number))
            right["drops"] += (outcome.status, outcome.reason) == (fuzzing.DROP, reason)
    rows = (
        ("metadata", "no or unreadable metadata block: item = manifest's item without metadata"),
        ("visible", "no headline / no byline / BOM vs wrong charset: item = manifest's item"),
        ("drops", "no title or no date in any layer: dropped with reason no_title / no_date"),
    )
    return [
        Figure(
            AREA,
            check,
            f"{right[key]}/{checked[key]} pages",
            "all",
            right[key] == checked[key] > 0,
        )
        for key, check in rows
    ]


def _item_of(page: fuzzing.ReplicaPage, kind: str, number: int) -> dict | None:
    outcome = fuzzing.run_page(page.url, mutations.mutate(kind, page.html, number))
    if outcome.status != fuzzing.ITEM or outcome.item is None:
        return None
    return {k: v for k, v in outcome.item.items() if k != "scraped_at"}


def _run_property(
    name: str, examples: int, strategy: st.SearchStrategy, check: Callable[..., object]
) -> Figure:
    """Run ``check`` on ``examples`` derandomized examples: how many ran, and whether any
    broke the property (hypothesis shrinks it; the falsifying example goes to stdout)."""
    ran = 0

    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def prop(args: tuple) -> None:
        nonlocal ran
        ran += 1
        check(*args)

    try:
        prop()
        failure = ""
    except Exception as error:  # the property broke: reported as a failed row
        failure = f"; falsified: {type(error).__name__}: {str(error)[:120]}"
        print(f"[fuzz] {name}{failure}", flush=True)
    return Figure(
        AREA,
        f"hypothesis: {name}",
        f"{ran} examples run{failure or ', none falsified'}",
        "none falsified",
        not failure and ran > 0,
    )


def hypothesis_figures(
    pages: list[fuzzing.ReplicaPage], plan: Plan, storage: Storage
) -> list[Figure]:
    # A page with every layer, and a gallery (images, captions) of another template.
    chosen = [
        next(p for p in pages if p.article.variant.has_metadata),
        next(p for p in pages if p.article.content_type == "gallery"),
    ]
    which = st.integers(0, len(chosen) - 1)
    first_text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=60)
    return [
        _run_property(
            "any metadata JSON document -> valid item, title from the right layer",
            plan.examples,
            st.tuples(strategies.metadata_documents, st.booleans(), which),
            lambda doc, ascii_json, i: storage.keep(
                strategies.check_metadata_document(chosen[i], doc, ascii_json)
            ),
        ),
        _run_property(
            "any HTML fragment in header and body -> valid item or counted drop, text literal",
            plan.examples,
            st.tuples(strategies.html_fragments, first_text, which),
            lambda fragment, text, i: storage.keep(
                strategies.check_html_fragment(chosen[i], fragment, text)
            ),
        ),
        _run_property(
            "loaders: clean text, web URLs, schema dates, bounded counts (or None)",
            plan.loader_examples,
            st.tuples(strategies.hostile_text | st.text()),
            _check_loaders,
        ),
    ]


def _check_loaders(value: str) -> None:
    cleaned = clean_text(value)
    assert cleaned is None or (cleaned.encode("utf-8") and "\x00" not in cleaned)
    url = canonical_url(value, "http://127.0.0.1:8765/news/politics/x")
    assert url is None or url.startswith(("http://", "https://"))
    moment = iso_datetime(value)
    assert moment is None or len(moment) >= 25
    count = to_int(value)
    assert count is None or 0 <= count < 2**53


def measure(workdir: Path, quick: bool) -> list[Figure]:
    plan = QUICK if quick else FULL
    # Each dropped page logs a warning by design; thousands of them are not the figures.
    spider_logger = logging.getLogger("articles")
    level = spider_logger.level
    spider_logger.setLevel(logging.CRITICAL)
    try:
        pages = fuzzing.replica_pages(max(plan.pages, 12))
        storage = Storage(workdir)
        return [
            *mutation_figures(pages, plan, storage),
            listing_figure(),
            truncation_figure(pages, plan),
            *exact_figures(pages, plan),
            *hypothesis_figures(pages, plan, storage),
            storage.figure(),
        ]
    finally:
        spider_logger.setLevel(level)
