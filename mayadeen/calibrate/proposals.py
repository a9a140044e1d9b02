"""What a few saved pages say each site profile entry should be: pure functions of pages' HTML.

For each markup entry of mayadeen/site.py that a page can show (body container, lede, the
visible date, counters, byline and source spellings, the sitemap index), `propose` finds the value
that fits every page given, checks it against the values the page's other layers declare
(metadata, JSON-LD, meta tags), and returns a `Proposal` with its evidence (matched text, element
path). Nothing here fetches or writes: mayadeen/calibrate/__main__.py does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from protego import Protego

from mayadeen import site
from mayadeen.extraction import ArticlePage, dom
from mayadeen.loaders import clean_text

# Elements never part of an article's own text.
# (A <header> is furniture only as the page's own, a child of <body>: articles have theirs.)
FURNITURE = frozenset({"nav", "aside", "footer", "form", "script", "style", "noscript"})
BLOCKS = frozenset({
    "div", "p", "li", "ul", "ol", "section", "article", "header", "footer", "aside", "nav",
    "main", "figure", "table", "h1", "h2", "h3", "h4", "blockquote",
})  # fmt: skip
# A class that names a state or a layout slot, not the element's role: left out of selectors.
VOLATILE_CLASS_RE = re.compile(r"^(?:active|open|show|hidden|clearfix|row|col(?:-.*)?|js-.*)$")

# Spellings of the visible date seen on news sites, each a pattern with a `date` group and the
# strptime format that reads it. The first whose reading equals the published time of another
# layer wins.
DATE_SPELLINGS: tuple[tuple[str, str], ...] = (
    (r"(?P<date>\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2})", "%d %b %Y %H:%M"),
    (r"(?P<date>\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2})", "%d %B %Y, %H:%M"),
    (r"(?P<date>\d{1,2} [A-Z][a-z]+ \d{4} \| \d{2}:\d{2})", "%d %B %Y | %H:%M"),
    (r"(?P<date>\d{1,2} [A-Z][a-z]+ \d{4} \d{2}:\d{2})", "%d %B %Y %H:%M"),
    (r"(?P<date>[A-Z][a-z]{2} \d{1,2}, \d{4},? \d{1,2}:\d{2} [AP]M)", "%b %d, %Y %I:%M %p"),
    (r"(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4},? \d{1,2}:\d{2} [AP]M)", "%B %d, %Y %I:%M %p"),
    (r"(?P<date>\d{4}-\d{2}-\d{2} \d{2}:\d{2})", "%Y-%m-%d %H:%M"),
    (r"(?P<date>\d{2}/\d{2}/\d{4} \d{2}:\d{2})", "%d/%m/%Y %H:%M"),
)
# Counter and byline spellings, from the strictest (a line of its own) to a part of a line.
SHARES_SPELLINGS = (
    site.SHARES_RE.pattern,
    r"(?i)(?:^|[|·•,]\s*)(?P<n>[\d,]+)\s+Shares?\b",
)
READ_TIME_SPELLINGS = (
    site.READ_TIME_RE.pattern,
    r"(?i)(?:^|[|·•,]\s*)(?P<n>\d+)\s+Min(?:ute)?s?\.?\s+Read\b",
)
BYLINE_SPELLINGS = (
    site.BYLINE_RE.pattern,
    r"^\s*By\s+(?P<names>.+?)\s*(?:[|·•]|$)",
    r"(?i)^\s*(?:Written\s+)?By:?\s+(?P<names>.+?)\s*(?:[|·•]|$)",
)
SOURCE_SPELLINGS = (
    site.SOURCE_RE.pattern,
    r"(?:^|[|·•]\s*)Source:\s*(?P<source>.+?)\s*(?:[|·•]|$)",
)


@dataclass
class Proposal:
    """One profile entry: its current value, the value the pages support, and why."""

    key: str
    current: Any
    proposed: Any
    evidence: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.proposed is not None and self.proposed != self.current

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "changed": self.changed}


@dataclass(frozen=True)
class SavedPage:
    url: str
    html: str


def _parse(page: SavedPage) -> ArticlePage:
    return ArticlePage.from_html(page.html, page.url)


def element_path(element: Any) -> str:
    return element.getroottree().getpath(element)


def _classes(element: Any) -> list[str]:
    return [c for c in (element.get("class") or "").split() if not VOLATILE_CLASS_RE.match(c)]


def css_of(element: Any) -> str:
    """A CSS selector naming `element` by its tag and classes (or id), else by its parent."""
    classes = _classes(element)
    if classes:
        return element.tag + "".join(f".{c}" for c in classes)
    if element.get("id"):
        return f"{element.tag}#{element.get('id')}"
    parent = element.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return element.tag
    return f"{css_of(parent)} > {element.tag}"


def _is_furniture(element: Any) -> bool:
    parent = element.getparent()
    return element.tag in FURNITURE or (
        element.tag == "header" and parent is not None and parent.tag == "body"
    )


def _in_furniture(element: Any) -> bool:
    return _is_furniture(element) or any(_is_furniture(a) for a in element.iterancestors())


def _words(text: str | None) -> int:
    return len((text or "").split())


def body_block(root: Any) -> Any | None:
    """The element whose own paragraphs hold the most words outside page furniture: the body."""
    scores: Counter[Any] = Counter()
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is None or _in_furniture(paragraph):
            continue
        scores[parent] += _words(dom.raw_text_of(paragraph))
    best = scores.most_common(1)
    return best[0][0] if best and best[0][1] else None


def _selector_agrees(selector: str, pages: Sequence[ArticlePage], wanted: Sequence[Any]) -> bool:
    """The selector's first match on every page is the element found there."""
    for page, element in zip(pages, wanted, strict=True):
        found = dom.compiled_css(selector)(page.root) if element is not None else []
        if element is not None and (not found or found[0] is not element):
            return False
    return True


def _propose_selector(key: str, pages: Sequence[ArticlePage], found: Sequence[Any],
                      what: str) -> Proposal:  # fmt: skip
    current = getattr(site, key)
    proposal = Proposal(key, current, None)
    present = [(p, e) for p, e in zip(pages, found, strict=True) if e is not None]
    if not present:
        proposal.evidence.append(f"no {what} found on any page")
        return proposal
    kept = [p for p, _ in present]
    elements = [e for _, e in present]
    if _selector_agrees(current, kept, elements):
        proposal.proposed = current
        proposal.evidence.append(f"{current} finds the {what} on {len(kept)} of {len(pages)} pages")
        return proposal
    for selector, _ in Counter(css_of(e) for e in elements).most_common():
        if _selector_agrees(selector, kept, elements):
            proposal.proposed = selector
            break
    for page, element in present[:3]:
        text = clean_text(dom.raw_text_of(element)) or ""
        proposal.evidence.append(
            f"{page.response_url}: {element_path(element)} {css_of(element)!r}: {text[:80]!r}"
        )
    if proposal.proposed is None:
        proposal.evidence.append(f"no one selector finds the {what} on every page")
    return proposal


def lede_element(page: ArticlePage, description: str | None) -> Any | None:
    """The element whose text is the page's description (as another layer gives it)."""
    if not description:
        return None
    for element in page.root.iter("p", "div", "h2", "span"):
        if _in_furniture(element):
            continue
        if clean_text(dom.raw_text_of(element)) == description:
            return element
    return None


def header_lines(page: ArticlePage) -> list[str]:
    """Visible lines of the article's header: leaf blocks after the headline, before the body."""
    body = body_block(page.root)
    headline = next(iter(page.root.iter("h1")), None)
    lines: list[str] = []
    started = headline is None
    for element in page.root.iter():
        if not isinstance(element.tag, str):
            continue
        if element is headline:
            started = True
            continue
        if element is body:
            break
        if not started or element.tag not in BLOCKS or _in_furniture(element):
            continue
        if any(isinstance(c.tag, str) and c.tag in BLOCKS for c in element):
            continue
        text = clean_text(dom.raw_text_of(element))
        if text:
            lines.append(text)
    return lines


def _first_value(pattern: re.Pattern[str], lines: Iterable[str], group: str) -> str | None:
    """The group of the first line the pattern is found in (anywhere in the line)."""
    for line in lines:
        found = pattern.search(line)
        if found:
            return clean_text(found.group(group))
    return None


def _propose_pattern(
    key: str, spellings: Sequence[str], group: str,
    lines: Sequence[list[str]], expected: Sequence[str | None],
) -> Proposal:  # fmt: skip
    """The first spelling that reads, from every page's header, the value other layers give."""
    current: re.Pattern[str] = getattr(site, key)
    proposal = Proposal(key, current.pattern, None)
    for spelling in spellings:
        pattern = re.compile(spelling, current.flags)
        read = [_first_value(pattern, ls, group) for ls in lines]
        checked = [(r, e) for r, e in zip(read, expected, strict=True) if e is not None]
        if any(r is not None for r in read) and all(
            r is not None and r.replace(",", "") == e.replace(",", "") for r, e in checked
        ):
            proposal.proposed = spelling
            sample = next(line for ls in lines for line in ls if pattern.search(line))
            proposal.evidence.append(f"reads {group}={read[0]!r} from {sample!r}")
            return proposal
    proposal.evidence.append("no spelling reads the value the other layers give; lines: "
                             + " | ".join(lines[0][:8]))  # fmt: skip
    return proposal


def _propose_date(lines: Sequence[list[str]], published: Sequence[str | None]) -> list[Proposal]:
    current = Proposal("VISIBLE_DATE_RE", site.VISIBLE_DATE_RE.pattern, None)
    current_format = Proposal("VISIBLE_DATE_FORMAT", site.VISIBLE_DATE_FORMAT, None)
    for spelling, fmt in ((site.VISIBLE_DATE_RE.pattern, site.VISIBLE_DATE_FORMAT),
                          *DATE_SPELLINGS):  # fmt: skip
        pattern = re.compile(spelling, site.VISIBLE_DATE_RE.flags)
        readings = []
        for page_lines, moment in zip(lines, published, strict=True):
            text = _first_value(pattern, page_lines, "date")
            try:
                value = datetime.strptime(text, fmt) if text else None
            except ValueError:
                value = None
            expected = datetime.fromisoformat(moment).replace(tzinfo=None) if moment else None
            readings.append((text, value, expected))
        if all(v is not None and (e is None or v == e.replace(second=0)) for _, v, e in readings):
            current.proposed, current_format.proposed = spelling, fmt
            current.evidence.append(f"reads {readings[0][0]!r} as {readings[0][1]}")
            current_format.evidence.append(f"strptime({readings[0][0]!r}) = {readings[0][1]}")
            break
    else:
        current.evidence.append("no known spelling reads the published time; header lines: "
                                + " | ".join(lines[0][:8] if lines else []))  # fmt: skip
    return [current, current_format]


def _expected(items: Sequence[dict[str, Any]], field_name: str) -> list[str | None]:
    """Each page's value of a field as the extraction gives it (first of a list), as text."""
    values = []
    for item in items:
        value = item.get(field_name)
        if isinstance(value, list):
            value = value[0] if value else None
        values.append(None if value is None else str(value))
    return values


def layer_report(pages: Sequence[ArticlePage]) -> dict[str, int]:
    """How many pages carry each structured layer."""
    counts: Counter[str] = Counter()
    for page in pages:
        if page.metadata.present:
            counts["metadata block (METADATA_SELECTOR)"] += 1
        if dom.css_first(page.root, site.POSTID_META_SELECTOR) is not None:
            counts["post id meta tag (POSTID_META_SELECTOR)"] += 1
        if page.root.xpath("//script[@type='application/ld+json']"):
            counts["schema.org JSON-LD"] += 1
        if page.meta("title") is not None:
            counts["OpenGraph tags"] += 1
    return dict(counts)


def propose_sitemap_index(robots_text: str | None) -> Proposal:
    proposal = Proposal("SITEMAP_INDEX_PATH", site.SITEMAP_INDEX_PATH, None)
    if robots_text is None:
        proposal.evidence.append("no robots.txt")
        return proposal
    sitemaps = [urlsplit(s).path for s in Protego.parse(robots_text).sitemaps]
    if not sitemaps:
        proposal.evidence.append("robots.txt has no Sitemap: line")
    elif site.SITEMAP_INDEX_PATH in sitemaps:
        proposal.proposed = site.SITEMAP_INDEX_PATH
        proposal.evidence.append(f"robots.txt names {site.SITEMAP_INDEX_PATH}")
    else:
        proposal.proposed = sitemaps[0]
        proposal.evidence.append("robots.txt names " + ", ".join(sitemaps))
    return proposal


def propose(articles: Sequence[SavedPage], robots_text: str | None = None) -> list[Proposal]:
    """Every proposal the article pages (and robots.txt) support."""
    pages = [_parse(a) for a in articles]
    items = [p.to_item() for p in pages]
    lines = [header_lines(p) for p in pages]
    ledes = [lede_element(p, item.get("summary")) for p, item in zip(pages, items, strict=True)]
    return [
        _propose_selector("BODY_CONTAINER_SELECTOR", pages,
                          [body_block(p.root) for p in pages], "body"),
        _propose_selector("LEDE_SELECTOR", pages, ledes, "lede"),
        *_propose_date(lines, [item.get("published_at") for item in items]),
        _propose_pattern("BYLINE_RE", BYLINE_SPELLINGS, "names", lines,
                         _expected(items, "authors")),
        _propose_pattern("SOURCE_RE", SOURCE_SPELLINGS, "source", lines,
                         _expected(items, "source")),
        _propose_pattern("SHARES_RE", SHARES_SPELLINGS, "n", lines, _expected(items, "shares")),
        _propose_pattern("READ_TIME_RE", READ_TIME_SPELLINGS, "n", lines,
                         _expected(items, "read_time_minutes")),
        propose_sitemap_index(robots_text),
    ]  # fmt: skip


def proposed_entries(proposals: Iterable[Proposal]) -> dict[str, Any]:
    """The profile file's entries: every proposal that differs from the current profile."""
    return {p.key: p.proposed for p in proposals if p.changed}
