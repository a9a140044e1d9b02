"""The replica's catalog: which articles exist, where they live, and what each one says.

Deterministic from (articles, seed). At start every article gets a compact skeleton (date, kind,
region, coverage, tag and author ids, headline); that is all listings, sitemaps and path lookups
need. The full ``Article`` (lede, body, image, related links, page variant) is drawn lazily from
``Random(seed, index, ...)`` and kept in a bounded LRU, so 100,000 articles serve in little memory.

Random streams per article (so that an edit changes the body and nothing else):
- skeleton: kind, region, coverage, story, headline, tags, authors, dates;
- card: lede, image, source, shares, page variant (stable across edits);
- body: the body blocks and related links, re-drawn for each revision.
"""

from __future__ import annotations

import bisect
import math
import random
import uuid
from array import array
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from typing import Any

from mayadeen import site
from testground.replica import prose
from testground.replica.model import Article, Block, Image, PageVariant

PAGE_SIZE = 20
HOME_BLOCK_SIZE = 6
TICKER_SIZE = 10
# Replica "now" at start: the seed page's furniture is from 7-10 June 2025.
START_NOW = datetime(2025, 6, 12, 12, 0, tzinfo=site.SITE_TIMEZONE)
FIRST_DATE = datetime(2021, 7, 1, 8, 0, tzinfo=site.SITE_TIMEZONE)
IMAGE_BASE = site.BASE_URL + "/media/image"
VIDEO_BASE = site.BASE_URL + "/media/video"
# The JS-only listing: page 1 is plain, further pages only through "load more".
LOAD_MORE_SECTION = "in-pictures"
LOAD_MORE_PATH = "/in-pictures/load-more"
GENERATED_POST_ID_BASE = 2_000_000

# (top, sub, category display name, weight): the kind of post an article is.
KINDS: tuple[tuple[str, str | None, str, int], ...] = (
    ("news", "politics", "Politics", 300),
    ("news", "economy", "Economy", 50),
    ("news", "sports", "Sports", 20),
    ("news", "arts-culture", "Arts&Culture", 15),
    ("news", "health", "Health", 20),
    ("news", "miscellaneous", "Miscellaneous", 15),
    ("news", "technology", "Technology", 15),
    ("news", "environment", "Environment", 15),
    ("articles", "opinion", "Opinion", 45),
    ("articles", "analysis", "Analysis", 30),
    ("articles", "blog", "Blog", 15),
    ("articles", "features", "Features", 20),
    ("articles", None, "Opinion", 20),
    ("articles", None, "Analysis", 10),
    ("videos", "newsfeed", "NewsFeed", 25),
    ("videos", "video-features", "Video Features", 12),
    ("videos", "explainers", "Explainers", 10),
    ("videos", "tv", "TV", 10),
    ("videos", "digital-series", "Digital Series", 8),
    ("infographs", None, "Infographs", 25),
    ("in-pictures", None, "In Pictures", 35),
)
KIND_WEIGHTS = tuple(k[3] for k in KINDS)
PERSONAL_SECTIONS = {"Opinion", "Analysis", "Blog", "Features"}
REGION_NAMES = tuple(name for _, name in site.REGIONS)
COVERAGES = ("War on Gaza", "Ukraine War", "Lebanon", "Yemen", "Iran Nuclear Deal")
GAZA_COVERAGE = 1 + COVERAGES.index("War on Gaza")
GAZA_WAR_START = datetime(2023, 10, 7, tzinfo=site.SITE_TIMEZONE)
# Post types of the metadata, from the URL top segment.
POSTTYPE = site.TOP_POSTTYPE


def _mix(*parts: int) -> int:
    """A 64-bit seed from integers: independent streams per (seed, index, purpose, revision)."""
    x = 0x243F6A8885A308D3
    for p in parts:
        x = ((x ^ (p & 0xFFFFFFFFFFFFFFFF)) * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) % (1 << 64)
        x ^= x >> 29
    return x


def _slug_path(top: str, sub: str | None, slug: str) -> str:
    return "/" + "/".join([top, *([sub] if sub else []), slug])


@dataclass(frozen=True)
class ListingKey:
    kind: str  # home | section | region | tag | author | coverage
    key: str  # "" for home; "news" / "news/politics"; region, tag, author or coverage slug


class Catalog:
    """Every article of the replica, its listings, sitemaps, furniture and the passing of time."""

    def __init__(
        self,
        articles: int = 300,
        seed: int = 1,
        base_url: str = "http://127.0.0.1:8089",
        anchors: ModuleType | Any | None = None,
        cache_size: int = 2048,
    ) -> None:
        if anchors is None:
            from testground.replica import anchors as anchors_module

            anchors = anchors_module
        self.seed = seed
        self.base_url = base_url.rstrip("/")
        self.now = START_NOW
        self._anchors_module = anchors
        # Anchors with their related/read-more URLs made absolute against this replica.
        resolved = getattr(anchors, "resolved", None)
        anchor_list = resolved(self.base_url) if resolved else anchors.ANCHORS
        self._anchors: dict[int, Article] = {a.index: a for a in anchor_list}
        self._anchor_post_ids = {a.post_id for a in anchors.ANCHORS}
        self._cache: OrderedDict[int, Article] = OrderedDict()
        self._cache_size = cache_size
        self._advances = 0
        self._ticker: list[tuple[str, str | None]] = [(t, None) for t in anchors.SEED_TICKER]
        # Skeleton columns of generated articles (index i at position i).
        self._pub = array("q")
        self._upd = array("q")
        self._kind = array("B")
        self._region = array("B")  # 0 = none, else 1 + index into REGION_NAMES
        self._coverage = array("B")  # 0 = none, else 1 + index into COVERAGES
        self._titles: list[str] = []
        self._tags: list[tuple[int, ...]] = []
        self._authors: list[tuple[int, ...]] = []
        self._revision: dict[int, int] = {}
        # Interned names and their slugs.
        self._tag_names: list[str] = []
        self._tag_ids: dict[str, int] = {}
        self._author_names: list[str] = []
        self._author_ids: dict[str, int] = {}
        self._paths: dict[str, int] = {}
        self._listings: dict[ListingKey, array] = {}
        self._listing_titles: dict[ListingKey, str] = {}
        self._months: dict[tuple[int, int], array] = {}

        start = FIRST_DATE.timestamp()
        span = (START_NOW.timestamp() - 3600) - start
        step = span / max(articles, 1)
        pubs = [
            int(start + (i + random.Random(_mix(seed, i, 7)).random() * 0.9) * step)
            for i in range(articles)
        ]
        for i in range(articles):
            self._add_generated(i, pubs[i])
        self._add_collision_pair()
        for a in sorted(self._anchors.values(), key=lambda a: a.published):
            self._add_anchor(a)

    # --- skeleton ---------------------------------------------------------------------------
    def _draw(self, index: int) -> tuple[random.Random, int, int, int, prose.Story]:
        """Replay the skeleton stream of a generated article up to its story."""
        rng = random.Random(_mix(self.seed, index, 0))
        kind = rng.choices(range(len(KINDS)), KIND_WEIGHTS)[0]
        region = 1 + rng.randrange(len(REGION_NAMES)) if rng.random() < 0.62 else 0
        coverage = 1 + rng.randrange(len(COVERAGES)) if rng.random() < 0.45 else 0
        st = prose.story(rng, REGION_NAMES[region - 1] if region else None, KINDS[kind][2])
        return rng, kind, region, coverage, st

    def _intern(self, names: list[str], ids: dict[str, int], name: str) -> int:
        if name not in ids:
            ids[name] = len(names)
            names.append(name)
        return ids[name]

    def _add_generated(self, index: int, published: int) -> None:
        rng, kind, region, coverage, st = self._draw(index)
        top, sub, section, _ = KINDS[kind]
        if coverage == GAZA_COVERAGE and published < GAZA_WAR_START.timestamp():
            coverage = 0  # the hub exists only since the war began
        title = prose.headline(rng, st)
        tags = prose.tags(rng, st) if rng.random() >= 0.10 else ()
        authors = prose.authors(rng, section in PERSONAL_SECTIONS)
        edited = rng.random() < 0.15
        updated = published + (rng.randrange(600, 2 * 86400) if edited else 0)
        updated = min(updated, int(self.now.timestamp()))
        # Path uniqueness within a section path: re-draw a headline on a (rare) clash.
        tries = 0
        while _slug_path(top, sub, site.slugify(title)) in self._paths:
            tries += 1
            title = prose.headline(rng, st) if tries < 4 else prose.numbered_headline(rng, st)
        self._pub.append(published)
        self._upd.append(max(updated, published))
        self._kind.append(kind)
        self._region.append(region)
        self._coverage.append(coverage)
        self._titles.append(title)
        self._tags.append(tuple(self._intern(self._tag_names, self._tag_ids, t) for t in tags))
        self._authors.append(
            tuple(self._intern(self._author_names, self._author_ids, a) for a in authors)
        )
        self._paths[_slug_path(top, sub, site.slugify(title))] = index
        for key in self._keys_of(index):
            self._listings.setdefault(key, array("i")).append(index)
        self._months.setdefault(self._month_of(published), array("i")).append(index)

    def _add_collision_pair(self) -> None:
        """Give two generated articles in different section paths headlines with equal slugs."""
        picks = [i for i in range(len(self._titles)) if KINDS[self._kind[i]][0] == "news"][:1]
        picks += [i for i in range(len(self._titles)) if KINDS[self._kind[i]][0] == "articles"][:1]
        if len(picks) < 2:
            return
        first, second = prose.colliding_headlines("Beita")
        for i, title in zip(picks, (first, second), strict=True):
            top, sub, _, _ = KINDS[self._kind[i]]
            del self._paths[_slug_path(top, sub, site.slugify(self._titles[i]))]
            self._titles[i] = title
            self._paths[_slug_path(top, sub, site.slugify(title))] = i

    def _add_anchor(self, a: Article) -> None:
        self._paths[a.path] = a.index
        for t in a.tags:
            self._intern(self._tag_names, self._tag_ids, t)
        for n in a.authors:
            self._intern(self._author_names, self._author_ids, n)
        for key in self._keys_of(a.index):
            lst = self._listings.setdefault(key, array("i"))
            pos = bisect.bisect_right(lst, a.published.timestamp(), key=self._pub_of)
            lst.insert(pos, a.index)
        month = self._months.setdefault(self._month_of(int(a.published.timestamp())), array("i"))
        month.insert(bisect.bisect_right(month, a.published.timestamp(), key=self._pub_of), a.index)

    def _pub_of(self, index: int) -> float:
        if index < 0:
            return self._anchors[index].published.timestamp()
        return self._pub[index]

    def _month_of(self, ts: int) -> tuple[int, int]:
        d = datetime.fromtimestamp(ts, site.SITE_TIMEZONE)
        return d.year, d.month

    def _facts(
        self, index: int
    ) -> tuple[str, str | None, str | None, str | None, tuple[str, ...], tuple[str, ...]]:
        """(top, sub, region, coverage, tags, authors) of any article."""
        if index < 0:
            a = self._anchors[index]
            return a.top, a.sub, a.region, a.coverage, a.tags, a.authors
        top, sub, _, _ = KINDS[self._kind[index]]
        region = REGION_NAMES[self._region[index] - 1] if self._region[index] else None
        coverage = COVERAGES[self._coverage[index] - 1] if self._coverage[index] else None
        tags = tuple(self._tag_names[t] for t in self._tags[index])
        authors = tuple(self._author_names[a] for a in self._authors[index])
        return top, sub, region, coverage, tags, authors

    def _keys_of(self, index: int) -> Iterator[ListingKey]:
        top, sub, region, coverage, tags, authors = self._facts(index)
        yield ListingKey("home", "")
        yield ListingKey("section", top)
        if sub:
            yield ListingKey("section", f"{top}/{sub}")
        if region:
            yield ListingKey("region", self._region_slug(region))
        if coverage:
            yield ListingKey("coverage", "")  # the Coverage box's "All"
            yield ListingKey("coverage", site.slugify(coverage))
        for t in tags:
            yield ListingKey("tag", site.slugify(t))
        for a in authors:
            yield ListingKey("author", site.slugify(a))

    @staticmethod
    def _region_slug(name: str) -> str:
        return next(seg for seg, n in site.REGIONS if n == name)

    # --- articles ---------------------------------------------------------------------------
    @property
    def size(self) -> int:
        """Number of live articles (generated and anchors)."""
        return len(self._titles) + len(self._anchors)

    def indices(self) -> Iterator[int]:
        """Every live index, newest first."""
        return reversed(self._listings[ListingKey("home", "")])

    def post_id(self, index: int) -> str:
        if index < 0:
            return self._anchors[index].post_id
        pid = GENERATED_POST_ID_BASE + 3 * index + _mix(self.seed, index, 3) % 2
        if str(pid) in self._anchor_post_ids:
            pid = GENERATED_POST_ID_BASE + 3 * index + 2
        return str(pid)

    def path_of(self, index: int) -> str:
        if index < 0:
            return self._anchors[index].path
        top, sub, _, _ = KINDS[self._kind[index]]
        return _slug_path(top, sub, site.slugify(self._titles[index]))

    def title_of(self, index: int) -> str:
        return self._anchors[index].title if index < 0 else self._titles[index]

    def published_of(self, index: int) -> datetime:
        return datetime.fromtimestamp(self._pub_of(index), site.SITE_TIMEZONE)

    def updated_of(self, index: int) -> datetime:
        if index < 0:
            return self._anchors[index].updated
        return datetime.fromtimestamp(self._upd[index], site.SITE_TIMEZONE)

    @property
    def cached(self) -> int:
        """Number of full articles held in the LRU cache."""
        return len(self._cache)

    def revision_of(self, index: int) -> int:
        return self._revision.get(index, 0)

    def by_path(self, path: str) -> Article | None:
        index = self._paths.get(path)
        return None if index is None else self.article(index)

    def index_of_path(self, path: str) -> int | None:
        return self._paths.get(path)

    def article(self, index: int) -> Article:
        """The full article (LRU-cached; edits applied)."""
        if index < 0:
            return self._anchors[index]
        cached = self._cache.get(index)
        if cached is not None:
            self._cache.move_to_end(index)
            return cached
        art = self._build(index, full=True)
        self._cache[index] = art
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return art

    def card(self, index: int) -> Article:
        """The article without its body: enough for listings (headline, image, section, date)."""
        if index < 0:
            return self._anchors[index]
        cached = self._cache.get(index)
        return cached if cached is not None else self._build(index, full=False)

    def _build(self, index: int, full: bool) -> Article:
        _, kind, _, _, st = self._draw(index)
        top, sub, section, _ = KINDS[kind]
        _, _, region, coverage, tags, authors = self._facts(index)
        published = datetime.fromtimestamp(self._pub[index], site.SITE_TIMEZONE)
        updated = datetime.fromtimestamp(self._upd[index], site.SITE_TIMEZONE)

        card = random.Random(_mix(self.seed, index, 1))
        summary = prose.lede(card, st)
        image = None
        if card.random() >= 0.15 or top in ("infographs", "in-pictures"):
            image = self._image(card, st, published, caption=card.random() >= 0.1)
        source = prose.source(card) if card.random() >= 0.20 else None
        shares = card.randrange(0, 400) if card.random() >= 0.05 else None
        u = card.random()
        variant = PageVariant(
            template=card.randrange(3),
            has_metadata=u >= 0.05,
            has_meta_tags=not 0.05 <= u < 0.10,
            lede_repeated=card.random() < 0.10,
            metadata_category=card.random() < 0.69,
        )
        video_url = None
        if top == "videos":
            video_url = self._video_url(card, published)
        blocks: tuple[Block, ...] = ()
        related: tuple[str, ...] = ()
        gallery: tuple[Image, ...] = ()
        read_time = None
        if full:
            body = random.Random(_mix(self.seed, index, 2, self.revision_of(index)))
            if top in ("news", "articles"):
                blocks, related = self._text_body(body, st, index, section)
            elif top in ("infographs", "in-pictures"):
                n = body.randint(1, 2) if top == "infographs" else body.randint(3, 8)
                gallery = tuple(self._image(body, st, published, caption=True) for _ in range(n))
                if top == "in-pictures" and body.random() < 0.5:
                    blocks = (Block("p", prose.writer(body, st).paragraph()),)
            words = sum(len(b.text.split()) for b in blocks if b.kind in ("p", "h2", "h3"))
            if top != "videos":
                read_time = max(1, math.ceil(words / 200))
        return Article(
            index=index,
            post_id=self.post_id(index),
            posttype=POSTTYPE[top],
            top=top,
            sub=sub,
            section=section,
            region=region,
            coverage=coverage,
            title=self._titles[index],
            slug=site.slugify(self._titles[index]),
            authors=authors,
            source=source,
            published=published,
            updated=updated,
            summary=summary,
            blocks=blocks,
            image=image,
            tags=tags,
            related=related,
            shares=shares,
            read_time=read_time,
            video_url=video_url,
            gallery=gallery,
            variant=variant,
            revision=self.revision_of(index),
        )

    def _image(self, rng: random.Random, st: prose.Story, when: datetime, caption: bool) -> Image:
        uid = uuid.UUID(int=rng.getrandbits(128), version=4)
        url = f"{IMAGE_BASE}/{when.year}/{when.month}/{when.day}/{uid}.jpg?v=1&width=1000"
        return Image(url, prose.caption(rng, st) if caption else None, prose.alt_text(rng, st))

    def _video_url(self, rng: random.Random, when: datetime) -> str:
        if rng.random() < 0.5:
            uid = uuid.UUID(int=rng.getrandbits(128), version=4)
            return f"{VIDEO_BASE}/{when.year}/{when.month}/{when.day}/{uid}.mp4"
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        return "https://www.youtube.com/embed/" + "".join(rng.choices(alphabet, k=11))

    def _text_body(
        self, rng: random.Random, st: prose.Story, index: int, section: str
    ) -> tuple[tuple[Block, ...], tuple[str, ...]]:
        """Paragraphs with sub-headings, a pull quote and noise blocks; the related links."""
        n = rng.randint(4, 11)
        heading = rng.choice(("h2", "h3"))
        writer = prose.writer(rng, st)  # one deck per body: no sentence said twice
        text: list[Block] = []
        for k in range(n):
            paragraph = writer.paragraph()
            if not paragraph:
                break
            if k and k % rng.randint(3, 4) == 0:
                text.append(Block(heading, writer.subheading()))
            text.append(Block("p", paragraph))
        if section in PERSONAL_SECTIONS or rng.random() < 0.2:
            text.insert(rng.randint(1, len(text)), Block("blockquote", writer.pull_quote()))
        noise: list[Block] = []
        related: tuple[str, ...] = ()
        older = index  # links point to older articles, which exist whatever is added later
        if older and rng.random() < 0.35:
            picks = sorted({rng.randrange(older) for _ in range(rng.randint(2, 3))}, reverse=True)
            related = tuple(self.base_url + self.path_of(j) for j in picks)
            noise.append(Block("related", "\n".join(self._titles[j] for j in picks)))
        if older and rng.random() < 0.2:
            j = rng.randrange(older)
            noise.append(Block("readmore", self._titles[j], url=self.base_url + self.path_of(j)))
        if rng.random() < 0.15:
            tweet_text, tweet_url = prose.tweet(rng, st)
            noise.append(Block("tweet", tweet_text, url=tweet_url))
        if rng.random() < 0.15:
            when = datetime.fromtimestamp(self._pub[index], site.SITE_TIMEZONE)
            img = self._image(rng, st, when, caption=True)
            noise.append(Block("figure", img.caption or "", url=img.url))
        blocks = list(text)
        for block in noise:  # never first: the first child is body text (or the lede repeat)
            blocks.insert(rng.randint(1, len(blocks)), block)
        return tuple(blocks), related

    # --- listings ---------------------------------------------------------------------------
    def listing_keys(self) -> list[ListingKey]:
        return list(self._listings)

    def listing_indices(self, kind: str, key: str) -> list[int]:
        """Every index of a listing, newest first."""
        return list(reversed(self._listings.get(ListingKey(kind, key), array("i"))))

    def listing_title(self, kind: str, key: str) -> str | None:
        if kind == "home":
            return "Al Mayadeen English"
        if kind == "section":
            return site.section_name(key.rsplit("/", 1)[-1])
        if kind == "region":
            return dict(site.REGIONS).get(key)
        names = {"tag": self._tag_names, "author": self._author_names}.get(kind)
        if names is not None:
            return next((n for n in names if site.slugify(n) == key), None)
        if kind == "coverage":
            if key == "":
                return "Coverage"
            return next((c for c in COVERAGES if site.slugify(c) == key), None)
        return None

    def listing_path(self, kind: str, key: str) -> str:
        return {
            "home": "/",
            "section": "/" + key,
            "region": site.REGION_PATH.format(region=key),
            "tag": site.TAG_PATH.format(tag=key),
            "author": site.AUTHOR_PATH.format(author=key),
            "coverage": site.COVERAGE_PATH.format(coverage=key).rstrip("/"),
        }[kind]

    def page_indices(self, kind: str, key: str, page: int) -> tuple[list[int], int] | None:
        """Indices of one listing page (newest first) and the page count; None when absent."""
        lst = self._listings.get(ListingKey(kind, key))
        if lst is None:
            if self.listing_title(kind, key) is None:
                return None
            lst = array("i")
        pages = max(1, math.ceil(len(lst) / PAGE_SIZE))
        if not 1 <= page <= pages:
            return None
        hi = len(lst) - (page - 1) * PAGE_SIZE
        lo = max(0, hi - PAGE_SIZE)
        return list(reversed(lst[lo:hi])), pages

    def listing(self, kind: str, key: str, page: int = 1) -> Any | None:
        """A render.Listing of one page, or None when the listing or page does not exist."""
        from testground.replica.render import Listing

        found = self.page_indices(kind, key, page)
        title = self.listing_title(kind, key)
        if found is None or title is None:
            return None
        indices, pages = found
        load_more = None
        if kind == "section" and key == LOAD_MORE_SECTION:
            if page > 1:
                return None  # only reachable through the load-more fragment endpoint
            load_more = load_more_url(2) if pages > 1 else None
        return Listing(
            title=title,
            path=self.listing_path(kind, key),
            kind="section" if kind == "coverage" else kind,
            articles=tuple(self.card(i) for i in indices),
            page=page,
            pages=pages,
            load_more_url=load_more,
        )

    def load_more(self, page: int) -> tuple[tuple[Article, ...], str | None] | None:
        """The cards of page ``page`` of the JS-only listing and the next load-more URL."""
        found = self.page_indices("section", LOAD_MORE_SECTION, page)
        if found is None or page < 2:
            return None
        indices, pages = found
        following = load_more_url(page + 1) if page < pages else None
        return tuple(self.card(i) for i in indices), following

    def home(self) -> tuple[tuple[str, str, tuple[Article, ...]], ...]:
        """(section name, section path, latest articles) blocks of the home page."""
        blocks = []
        for top, (name, _) in site.SECTIONS.items():
            found = self.page_indices("section", top, 1)
            indices = found[0][:HOME_BLOCK_SIZE] if found else []
            blocks.append((name, "/" + top, tuple(self.card(i) for i in indices)))
        return tuple(blocks)

    def furniture(self) -> Any:
        from testground.replica.render import Furniture

        a = self._anchors_module
        return Furniture(
            ticker=tuple(self._ticker[:TICKER_SIZE]),
            most_read=tuple(self._anchors[i] for i in a.MOST_READ),
            read_next=tuple(self._anchors[i] for i in a.READ_NEXT),
            coverage=tuple(a.COVERAGE_LINKS),
        )

    # --- whole catalog ------------------------------------------------------------------------
    def iter_articles(self) -> Iterator[Article]:
        """Every live article, newest first, built one at a time (not cached)."""
        for i in list(self.indices()):  # a snapshot: advance() may run meanwhile
            yield self._anchors[i] if i < 0 else self._cache.get(i) or self._build(i, full=True)

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month with articles, newest first."""
        return sorted(self._months, reverse=True)

    def month_indices(self, year: int, month: int) -> list[int]:
        return list(reversed(self._months.get((year, month), array("i"))))

    def month_lastmod(self, year: int, month: int) -> datetime:
        """The latest update time of a month's articles (the sitemap index's lastmod)."""
        latest = max(
            self._anchors[i].updated.timestamp() if i < 0 else self._upd[i]
            for i in self._months[(year, month)]
        )
        return datetime.fromtimestamp(latest, site.SITE_TIMEZONE)

    def month_articles(self, year: int, month: int) -> Iterator[Article]:
        return (self.card(i) for i in self.month_indices(year, month))

    # --- time ---------------------------------------------------------------------------------
    def advance(self, new: int = 0, edit: int = 0) -> dict[str, Any]:
        """Publish ``new`` articles after now and edit ``edit`` existing ones, deterministically."""
        if new < 0 or edit < 0:
            raise ValueError("new and edit must be >= 0")
        self._advances += 1
        rng = random.Random(_mix(self.seed, 1 << 40, self._advances))
        t = int(self.now.timestamp())
        added = []
        for _ in range(new):
            t += rng.randrange(120, 3600)
            index = len(self._titles)
            self._add_generated(index, t)
            self._upd[index] = t
            added.append(index)
            st = self._draw(index)[4]
            line = prose.ticker_line(rng, st)
            self._ticker.insert(0, (line, self.base_url + self.path_of(index)))
        pool = len(self._titles) - len(added)
        edited = sorted(rng.sample(range(pool), min(edit, pool)), reverse=True) if pool else []
        for index in edited:
            t += rng.randrange(60, 1800)
            self._revision[index] = self.revision_of(index) + 1
            self._upd[index] = t
            self._cache.pop(index, None)
        self.now = datetime.fromtimestamp(t, site.SITE_TIMEZONE)
        return {
            "now": self.now.isoformat(),
            "new": [self._change(i) for i in reversed(added)],
            "edited": [self._change(i) for i in edited],
            "articles": self.size,
        }

    def _change(self, index: int) -> dict[str, Any]:
        return {
            "post_id": self.post_id(index),
            "url": self.base_url + self.path_of(index),
            "revision": self.revision_of(index),
            "updated_at": self.updated_of(index).isoformat(),
        }


def load_more_url(page: int) -> str:
    """The load-more URL of the JS-only listing's page ``page`` (token added by the script)."""
    return f"{LOAD_MORE_PATH}?page={page}"
