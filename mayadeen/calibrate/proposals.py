"""What a few saved pages say each site profile entry should be: pure functions of pages' HTML.

For each markup entry of mayadeen/site.py that a page can show (body container, lede, the visible
date, counters, byline and source spellings, the sitemap index), `propose` finds the value that
fits every page given, checks it against the values the page's other layers declare (metadata,
JSON-LD, meta tags), and returns a `Proposal` with its evidence (matched text, element path). The
body is the element the extraction reads it from (the configured container where it fits, else
the one found by structure: mayadeen/extraction/structure.py). Nothing here fetches or writes:
mayadeen/calibrate/__main__.py does.
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

# Spellings of the visible date seen on news sites, each the date alone (a `date` group) and the
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
# The other header fields, each spelled alone: the value and its word, in the site's case or any.
SHARES_SPELLINGS = (r"(?P<n>[\d,]+)\s+Shares?", r"(?i:(?P<n>[\d,]+)\s+Shares?)")
READ_TIME_SPELLINGS = (r"(?P<n>\d+)\s+Min(?:ute)?s?\.?\s+Read",)
BYLINE_SPELLINGS = (r"By\s+(?P<names>.+?)", r"(?i:(?:Written\s+)?By:?\s+(?P<names>.+?))")
SOURCE_SPELLINGS = (r"Source:\s*(?P<source>.+?)", r"(?i:Source:\s*(?P<source>.+?))")
# What may stand before a field on its line: a label such as "Published:" (kept, optional).
LABEL_RE = re.compile(r"^\s*(?P<label>[A-Z][A-Za-z ]{0,20}:)?\s*$")


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
    body = page.body_container
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


def whole_line(spelling: str, line: str, flags: int) -> str | None:
    """The spelling as a pattern of the whole line it stands in (what the profile's configured
    layer matches), keeping a label before it ("Published: ..."); None when the line holds more
    than the field (e.g. "19 Shares · 4 Min Read": the in-line layer reads such lines)."""
    core = re.compile(spelling, flags)
    for found in core.finditer(line):
        before = LABEL_RE.match(line[: found.start()])
        if before is None or line[found.end():].strip():
            continue
        label = before.group("label")
        prefix = rf"(?:{re.escape(label)}\s*)?" if label else ""
        pattern = rf"^\s*{prefix}{spelling}\s*$"
        if re.match(pattern, line, flags):
            return pattern
    return None


def _read(
    spelling: str, flags: int, lines: list[str], group: str
) -> tuple[str | None, str | None, str | None]:
    """(value, whole-line pattern, line) of the first header line where the spelling stands
    alone (label allowed); else (value, None, line) of the first line holding it at all."""
    core = re.compile(spelling, flags)
    inside = (None, None, None)
    for line in lines:
        found = core.search(line)
        if found is None:
            continue
        pattern = whole_line(spelling, line, flags)
        if pattern is not None:
            return clean_text(re.match(pattern, line, flags).group(group)), pattern, line
        if inside[0] is None:
            inside = (clean_text(found.group(group)), None, line)
    return inside


def _same(read: str | None, expected: str | None) -> bool:
    """A reading equal to what another layer gives (counts with or without thousands commas)."""
    if expected is None:
        return True
    return read is not None and read.replace(",", "") == expected.replace(",", "")


def _propose_pattern(
    key: str, spellings: Sequence[str], group: str,
    lines: Sequence[list[str]], expected: Sequence[str | None],
) -> Proposal:  # fmt: skip
    """The current pattern when it reads, from every page's header, the value the other layers
    give; else the first spelling that stands alone on a line of every page and reads it."""
    current: re.Pattern[str] = getattr(site, key)
    proposal = Proposal(key, current.pattern, None)
    read = [_first_match(current, ls, group) for ls in lines]
    if any(r is not None for r in read) and all(map(_same, read, expected)):
        proposal.proposed = current.pattern
        proposal.evidence.append(f"reads {group}={read[0]!r} as it is")
        return proposal
    for spelling in spellings:
        readings = [_read(spelling, current.flags, ls, group) for ls in lines]
        if not any(value is not None for value, _, _ in readings):
            continue
        if not all(_same(value, e) for (value, _, _), e in zip(readings, expected, strict=True)):
            continue
        whole = [(pattern, line) for _, pattern, line in readings if pattern is not None]
        if whole and len(whole) == sum(value is not None for value, _, _ in readings):
            proposal.proposed = max({p for p, _ in whole}, key=len)  # the one with a label
            proposal.evidence.append(f"reads {group}={readings[0][0]!r} from {whole[0][1]!r}")
        else:
            line = next(line for _, _, line in readings if line)
            proposal.evidence.append(
                f"{group}={readings[0][0]!r} stands inside a longer line ({line!r}): the in-line "
                "reading gives it; no whole-line spelling to propose"
            )
        return proposal
    proposal.evidence.append("no spelling reads the value the other layers give; lines: "
                             + " | ".join(lines[0][:8] if lines else []))  # fmt: skip
    return proposal


def _first_match(pattern: re.Pattern[str], lines: Iterable[str], group: str) -> str | None:
    """The group of the first line the pattern matches (as the configured layer does)."""
    for line in lines:
        found = pattern.match(line)
        if found:
            return clean_text(found.group(group))
    return None


def _propose_date(lines: Sequence[list[str]], published: Sequence[str | None]) -> list[Proposal]:
    current = Proposal("VISIBLE_DATE_RE", site.VISIBLE_DATE_RE.pattern, None)
    current_format = Proposal("VISIBLE_DATE_FORMAT", site.VISIBLE_DATE_FORMAT, None)
    flags = site.VISIBLE_DATE_RE.flags
    candidates = [(site.VISIBLE_DATE_RE.pattern, site.VISIBLE_DATE_FORMAT, True), *(
        (spelling, fmt, False) for spelling, fmt in DATE_SPELLINGS)]  # fmt: skip
    for spelling, fmt, is_current in candidates:
        readings = []
        for page_lines, moment in zip(lines, published, strict=True):
            if is_current:
                text, pattern = _first_match(site.VISIBLE_DATE_RE, page_lines, "date"), spelling
            else:
                text, pattern, _ = _read(spelling, flags, page_lines, "date")
            try:
                value = datetime.strptime(text, fmt) if text else None
            except ValueError:
                value = None
            expected = datetime.fromisoformat(moment).replace(tzinfo=None) if moment else None
            readings.append((text, value, expected, pattern))
        if all(v is not None and (e is None or v == e.replace(second=0))
               for _, v, e, _ in readings):  # fmt: skip
            patterns = {p for *_, p in readings}
            if None in patterns:  # the date sits inside a longer line: the in-line layer reads it
                current.evidence.append(f"{readings[0][0]!r} stands inside a longer line: the "
                                        "in-line reading gives it")  # fmt: skip
                break
            current.proposed, current_format.proposed = max(patterns, key=len), fmt
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
        if page.jsonld.types():
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
                          [p.body_container for p in pages], "body"),
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
