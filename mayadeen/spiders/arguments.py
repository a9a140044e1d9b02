"""The `articles` spider's arguments (-a name=value, also through Scrapyd), parsed and checked.

Bad values raise ValueError naming the argument, so the crawl stops at start with that message;
unknown arguments are reported back as warnings; Scrapyd's own (_job, _version, setting...) pass
silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mayadeen import site

KNOWN = ("sections", "since", "until", "max_articles", "follow_tags", "sitemaps", "full")
# Arguments Scrapyd (or `scrapy crawl` itself) passes to every spider.
SCRAPYD_ARGUMENTS = ("setting", "settings", "jobid")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off")


@dataclass(frozen=True)
class Selection:
    """What `sections=` selected: listing paths to walk, and path prefixes of the articles."""

    listing_paths: tuple[str, ...]
    article_prefixes: tuple[str, ...]  # empty when a region is selected (any article path)


@dataclass(frozen=True)
class CrawlOptions:
    selection: Selection | None = None  # None: every section
    since: date | None = None
    until: date | None = None
    max_articles: int | None = None
    follow_tags: bool = True
    sitemaps: bool = True
    full: bool = False  # ignore what the database remembers: fetch everything again
    warnings: tuple[str, ...] = field(default=())

    @property
    def whole_site(self) -> bool:
        """Whether the run sets out to crawl every article (no section, window or limit)."""
        return self.selection is None and not self.has_window and self.max_articles is None

    @property
    def has_window(self) -> bool:
        """A date window was asked for (a backfill from the monthly sitemaps)."""
        return self.since is not None or self.until is not None

    def in_window(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def month_in_window(self, year: int, month: int) -> bool:
        """Whether any day of that month lies in [since, until]."""
        first = (year, month)
        return (self.since is None or first >= (self.since.year, self.since.month)) and (
            self.until is None or first <= (self.until.year, self.until.month)
        )

    def wants_article_path(self, path: str) -> bool:
        if self.selection is None or not self.selection.article_prefixes:
            return True
        return any(path.startswith(prefix) for prefix in self.selection.article_prefixes)


def _section_paths(token: str) -> tuple[str, str | None]:
    """(listing path, article path prefix or None for a region) of one `sections` token."""
    wanted = token.strip().strip("/").casefold()
    for top, (name, subs) in site.SECTIONS.items():
        if wanted in (top, name.casefold()):
            path = site.SECTION_PATH.format(top=top)
            return path, path + "/"
        for sub, sub_name in subs:
            if wanted in (sub, sub_name.casefold(), f"{top}/{sub}"):
                path = site.SUBSECTION_PATH.format(top=top, sub=sub)
                return path, path + "/"
    for region, name in site.REGIONS:
        if wanted in (region, name.casefold(), f"region/{region}"):
            return site.REGION_PATH.format(region=region), None
    known = (
        [top for top in site.SECTIONS]
        + [s for _, (_, subs) in site.SECTIONS.items() for s, _ in subs]
        + [r for r, _ in site.REGIONS]
    )
    raise ValueError(f"sections: unknown section {token!r}; known: {', '.join(known)}")


def parse_sections(value: str) -> Selection:
    tokens = [t for t in value.split(",") if t.strip()]
    if not tokens:
        raise ValueError("sections: give at least one section, e.g. sections=politics,opinion")
    listing, prefixes, region = [], [], False
    for token in tokens:
        path, prefix = _section_paths(token)
        listing.append(path)
        if prefix is None:
            region = True
        else:
            prefixes.append(prefix)
    return Selection(tuple(dict.fromkeys(listing)), () if region else tuple(prefixes))


def parse_date(name: str, value: str) -> date:
    if not isinstance(value, str) or not _DATE_RE.match(value.strip()):
        raise ValueError(f"{name}: expected a date YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise ValueError(f"{name}: {value!r} is not a valid date ({error})") from None


def parse_positive_int(name: str, value: Any) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(f"{name}: expected a whole number > 0, got {value!r}") from None
    if number <= 0:
        raise ValueError(f"{name}: expected a whole number > 0, got {value!r}")
    return number


def parse_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{name}: expected true or false, got {value!r}")


def parse_arguments(kwargs: dict[str, Any]) -> CrawlOptions:
    """CrawlOptions from the spider's keyword arguments; raises ValueError on a bad value."""
    warnings = []
    for name in kwargs:
        if name not in KNOWN and not name.startswith("_") and name not in SCRAPYD_ARGUMENTS:
            warnings.append(f"unknown spider argument {name!r} ignored")
    since = parse_date("since", kwargs["since"]) if kwargs.get("since") else None
    until = parse_date("until", kwargs["until"]) if kwargs.get("until") else None
    if since and until and since > until:
        raise ValueError(f"since: {since} is after until ({until})")
    return CrawlOptions(
        selection=parse_sections(kwargs["sections"]) if "sections" in kwargs else None,
        since=since,
        until=until,
        max_articles=(
            parse_positive_int("max_articles", kwargs["max_articles"])
            if "max_articles" in kwargs
            else None
        ),
        follow_tags=parse_bool("follow_tags", kwargs.get("follow_tags", True)),
        sitemaps=parse_bool("sitemaps", kwargs.get("sitemaps", True)),
        full=parse_bool("full", kwargs.get("full", False)),
        warnings=tuple(warnings),
    )
