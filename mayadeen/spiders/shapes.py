"""URL shapes: what kind of page each shape of path leads to, from the profile and learned.

A shape is a path with its variable segments generalised: numbers become ``<n>``, a section or
subsection segment of the profile ``<sub>``, the last segment (and any slug-like middle one)
``<slug>``; the first segment stays literal (it names the kind of page on most sites):
``/news/politics/some-headline`` -> ``/news/<sub>/<slug>``, ``/newscast/2024/3/5/x-y`` ->
``/newscast/<n>/<n>/<n>/<slug>``, ``/tag/gaza/`` -> ``/tag/<slug>``.

The profile (site.py) gives the kind of the shapes it knows (its path patterns and its *_SHAPES
lists); the kind of any other shape is learned from the pages fetched while exploring it: once
the first ``probes`` pages of a shape agree, the shape is learned and its other links are
requested as what they are (or not at all), never explored again. Every page fetched is counted
under its shape, and the report names the shapes the profile lacks with the entry to add.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from mayadeen import site

ARTICLE, LISTING, OTHER = "article", "listing", "other"
# Profile kinds of pages the spider knows but does not walk as listings (the home page has its
# own callback, articles' tag links are read by the spider; author and coverage pages are not
# walked).
HOME, TAG, AUTHOR, COVERAGE = "home", "tag", "author", "coverage"
KINDS = (ARTICLE, LISTING, OTHER)
# The site profile's entry (site.py, or a MAYADEEN_SITE_PROFILE file) for shapes of each kind.
PROFILE_ENTRY = {ARTICLE: "ARTICLE_SHAPES", LISTING: "LISTING_SHAPES", OTHER: "OTHER_SHAPES"}
SLUG, NUMBER, SUB = "<slug>", "<n>", "<sub>"
_SLUG_LIKE_RE = re.compile(r"^[^-]+(?:-+[^-]+){2,}$")  # three words or more, hyphen-separated
_SUBS: dict[tuple[int, ...], dict[str, frozenset[str]]] = {}


def _profile_subs() -> tuple[int, ...]:
    """The key of the profile's second-level segments under each first segment (/news/<sub>,
    /region/<sub>) as the profile is now: a MAYADEEN_SITE_PROFILE file may change them."""
    key = tuple(id(x) for x in (site.SECTIONS, site.REGIONS, site.REGION_PATH, site.PAGE_PATH_RE))
    if key not in _SUBS:
        subs = {top: frozenset(sub for sub, _ in subs) for top, (_, subs) in site.SECTIONS.items()}
        subs[site.REGION_PATH.strip("/").split("/")[0]] = frozenset(r for r, _ in site.REGIONS)
        _SUBS.clear()
        _SUBS[key] = subs
    return key


def path_shape(path: str) -> str:
    """The shape of a URL path (see the module's docstring); a listing's /page/N suffix is left
    out (its pages are the listing's)."""
    return _path_shape(path, _profile_subs())


@lru_cache(maxsize=65536)
def _path_shape(path: str, profile: tuple[int, ...]) -> str:
    subs = _SUBS[profile]
    segments = [s for s in site.PAGE_PATH_RE.sub("", path).split("/") if s]
    shaped = []
    for i, segment in enumerate(segments):
        if segment.isdigit():
            shaped.append(NUMBER)
        elif i == 0:
            shaped.append(segment)
        elif i == 1 and segment in subs.get(segments[0], ()):
            shaped.append(SUB)
        elif i == len(segments) - 1 or _SLUG_LIKE_RE.match(segment):
            shaped.append(SLUG)
        else:
            shaped.append(segment)
    return "/" + "/".join(shaped)


def url_shape(url: str) -> str:
    return path_shape(urlsplit(url).path)


def _is_slug_like(segment: str) -> bool:
    return bool(_SLUG_LIKE_RE.match(segment))


def looks_like_article_path(path: str) -> bool:
    """A path whose last segment reads like a headline slug (three hyphenated words or more):
    what a listing's cards lead to when their shape is not known yet."""
    segments = [s for s in path.split("/") if s]
    return len(segments) >= 2 and _is_slug_like(segments[-1])


def profile_kind(path: str) -> str | None:
    """The kind of page the profile (site.py) says a path leads to; None when it does not know."""
    from mayadeen.extraction.listing import is_listing_path

    if not path.strip("/"):
        return HOME
    if is_listing_path(path):
        return LISTING
    if site.ARTICLE_PATH_RE.match(path):
        return ARTICLE
    if site.TAG_PATH_RE.match(path):
        return TAG
    if site.AUTHOR_PATH_RE.match(path):
        return AUTHOR
    if site.COVERAGE_PATH_RE.match(path):
        return COVERAGE
    shape = path_shape(path)
    for kind, shapes in (
        (ARTICLE, site.ARTICLE_SHAPES),
        (LISTING, site.LISTING_SHAPES),
        (OTHER, site.OTHER_SHAPES),
    ):
        if shape in shapes:
            return kind
    return None


@dataclass
class ShapeState:
    """What the crawl knows of one shape the profile does not."""

    probes: int = 0  # pages of the shape fetched to learn its kind (asked for)
    answers: Counter[str] = field(default_factory=Counter)  # kind -> pages seen as that kind
    kind: str | None = None  # learned kind; None while unknown
    mixed: bool = False  # the probes disagreed: each link is explored on its own
    failures: int = 0  # probes that got no page
    parked: list[tuple[str, int]] = field(default_factory=list)  # (url, depth) awaiting the kind


@dataclass(frozen=True)
class ShapeCount:
    kind: str
    shape: str
    pages: int
    in_profile: bool

    def profile_entry(self) -> str | None:
        """The site profile's entry this shape belongs in (None when the profile knows it)."""
        if self.in_profile or self.kind not in PROFILE_ENTRY:
            return None
        return PROFILE_ENTRY[self.kind]


def profile_additions(rows: list[ShapeCount]) -> dict[str, list[str]]:
    """The profile entries that make the profile know every shape of ``rows`` it does not: each
    entry's current shapes (site.py's, or a profile file's) and the new ones."""
    additions: dict[str, list[str]] = {}
    for row in rows:
        entry = row.profile_entry()
        if entry is not None:
            additions.setdefault(entry, list(getattr(site, entry))).append(row.shape)
    return additions


class ShapeBook:
    """The kinds of the crawl's URL shapes, and how many pages of each it fetched."""

    def __init__(self, probes: int) -> None:
        self.probes = max(1, probes)
        self.states: dict[str, ShapeState] = {}
        self.pages: Counter[tuple[str, str]] = Counter()  # (kind, shape) -> pages fetched
        self._profile: dict[str, str | None] = {}

    def profile_kind(self, url: str) -> str | None:
        """The profile's kind of the URL (remembered per path: every page repeats its menus)."""
        path = urlsplit(url).path
        if path not in self._profile:
            if len(self._profile) > 200_000:
                self._profile.clear()
            self._profile[path] = profile_kind(path)
        return self._profile[path]

    def known_kind(self, url: str) -> str | None:
        """The kind of the URL's shape when the profile or the crawl knows it."""
        kind = self.profile_kind(url)
        if kind is not None:
            return kind
        state = self.states.get(url_shape(url))
        return state.kind if state is not None else None

    def is_article_link(self, url: str) -> bool:
        """Whether a link leads to an article: by its known shape, else by how its path reads."""
        kind = self.known_kind(url)
        return kind == ARTICLE or (kind is None and looks_like_article_path(urlsplit(url).path))

    def state(self, url: str) -> ShapeState:
        return self.states.setdefault(url_shape(url), ShapeState())

    def wants_probe(self, url: str) -> bool:
        """Whether a link of an unknown shape is fetched now to learn the shape (else it waits,
        parked, for the answer of the probes already asked for)."""
        state = self.state(url)
        return state.mixed or state.probes < self.probes

    def count(self, url: str, kind: str) -> None:
        """A page of this URL was fetched and found to be of this kind."""
        self.pages[(kind, url_shape(url))] += 1

    def answer(self, url: str, kind: str) -> ShapeState | None:
        """A probe's page turned out to be of this kind; returns the shape's state when this
        answer decides it (learned, or found mixed), else None."""
        state = self.state(url)
        if state.kind is not None or state.mixed:
            return None
        state.answers[kind] += 1
        # An article is one kind; a listing and a page of other links (a listing that happens
        # to show few cards) both lead to links: a shape with any listing is a listing shape.
        article = state.answers[ARTICLE]
        others = sum(state.answers.values()) - article
        if article and others:
            state.mixed = True
            return state
        if sum(state.answers.values()) >= self.probes:
            state.kind = ARTICLE if article else LISTING if state.answers[LISTING] else OTHER
            return state
        return None

    def report(self) -> list[ShapeCount]:
        """Pages per (kind, shape), most first within each kind."""
        rows = [
            ShapeCount(kind, shape, n, profile_kind_of_shape(shape) is not None)
            for (kind, shape), n in self.pages.items()
        ]
        order = {kind: i for i, kind in enumerate(KINDS)}
        return sorted(rows, key=lambda r: (order.get(r.kind, 9), -r.pages, r.shape))


def profile_kind_of_shape(shape: str) -> str | None:
    """The profile's kind of a shape: of a path made from it (a placeholder filled in)."""
    example = shape.replace(SLUG, "x-y-z").replace(NUMBER, "1").replace(SUB, "x")
    return profile_kind(example)
