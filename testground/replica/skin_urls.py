"""URL schemes of the skins: where a skin's pages live, and its robots.txt and sitemaps.

A UrlScheme is data (path templates); SkinUrls reads it against a catalog. The replica keeps
rendering every page with the default paths; under another scheme the server maps each default
path to the skin's (``path``, ``rewrite`` for whole pages, ``url`` for the manifest) and each
requested path back to the default one (``resolve``), so that every link of every page, the
canonical and metadata URLs, the sitemaps and the manifest all use the skin's URLs, and the default
shapes of remapped kinds answer 404. A kind mapped to None has no pages: its links become text.

Path template fields: articles ``{slug}``, ``{sub}``, ``{year}``, ``{month}`` (not padded),
``{month2}`` (zero-padded), ``{day}`` (Beirut date of publication); ``{tag}``, ``{author}``,
``{region}``; pagination ``{page}``; sitemap files ``{year}``, ``{month}``, ``{month2}`` or ``{n}``.

A template without ``{sub}`` drops a video's subsection from its path: a page that names it in no
other way (neither the metadata category nor meta tags: about 1 post in 1,000) then does not carry
its section at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from mayadeen import site

if TYPE_CHECKING:
    from testground.replica.catalog import Catalog

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NEWS_SITEMAP_SIZE = 50  # newest posts in the Google News sitemap (the replica's clock stands still)
PUBLICATION_NAME = "Al Mayadeen English"
_FIELD = re.compile(r"\{(\w+)\}")
# Fields of the templates matched against requested paths (article paths are looked up).
_FIELD_PATTERNS = {
    "year": r"\d{4}",
    "month": r"[1-9]\d?",
    "month2": r"\d{2}",
    "tag": r"[^/?#]+",
    "author": r"[^/?#]+",
    "region": r"[^/?#]+",
    "page": r"[1-9]\d{0,5}",
    "n": r"[1-9]\d{0,5}",
}
_DEFAULT_KIND_RE = re.compile(r"^/(?P<kind>tags|authors|region)/(?P<key>[^/?#]+)/?$")
_KIND_TEMPLATE = {"tags": "tag", "authors": "author", "region": "region"}


@dataclass(frozen=True)
class UrlScheme:
    """Where a skin's pages live; DEFAULT_URLS is site.py's scheme (what the crawler expects)."""

    name: str
    summary: str = ""
    # Article paths by "top/sub" or "top" (any sub of that top): template. Others as the default.
    articles: tuple[tuple[str, str], ...] = ()
    tag: str = site.TAG_PATH
    author: str = site.AUTHOR_PATH
    region: str | None = site.REGION_PATH  # None: no region listings
    page: str | None = None  # listing page N > 1: the listing's path + this; None: ?page=N
    sitemap_index: str = site.SITEMAP_INDEX_PATH
    # Monthly ({year}, {month}...) or numbered ({n}); served gzipped where the name ends in .gz.
    sitemap_files: str = site.SITEMAP_MONTH_PATH
    sitemap_chunk: int = 0  # numbered files: this many URLs each, oldest first
    robots_sitemap: bool = True  # robots.txt names the index (and the news sitemap)
    news_sitemap: str | None = None  # a Google News sitemap of the newest posts
    category_sitemap: str | None = None  # a sitemap of the section listings (no articles)
    breaks: tuple[str, ...] = ()  # the site.py guesses that fail on it


DEFAULT_URLS = UrlScheme("default", "site.py's URL scheme")

URLS_A = UrlScheme(
    "urls-a",
    "videos at /video/<slug>, newsfeed videos at /newscast/YYYY/M/D/<slug>, infographs at "
    "/infographic/<slug>, galleries at /gallery/<slug>; tags /tag/<slug>/, authors "
    "/author/<slug>/; pagination /page/N/; no region listings; the sitemap index only in "
    "robots.txt, at /feeds/sitemap-index.xml, monthly files /feeds/post-sitemap-YYYY-MM.xml, a "
    "Google News sitemap and a sitemap of section listings",
    articles=(
        ("videos/newsfeed", "/newscast/{year}/{month}/{day}/{slug}"),
        ("videos", "/video/{slug}"),
        ("infographs", "/infographic/{slug}"),
        ("in-pictures", "/gallery/{slug}"),
    ),
    tag="/tag/{tag}/",
    author="/author/{author}/",
    region=None,
    page="/page/{page}/",
    sitemap_index="/feeds/sitemap-index.xml",
    sitemap_files="/feeds/post-sitemap-{year}-{month2}.xml",
    news_sitemap="/feeds/news-sitemap.xml",
    category_sitemap="/feeds/category-sitemap.xml",
    breaks=(
        "ARTICLE_PATH_RE",
        "LISTING_PATH_RE",
        "TAG_PATH",
        "TAG_PATH_RE",
        "AUTHOR_PATH",
        "AUTHOR_PATH_RE",
        "REGION_PATH",
        "PAGE_PARAM",
        "SITEMAP_INDEX_PATH",
        "SITEMAP_MONTH_PATH",
        "SITEMAP_MONTH_RE",
    ),
)

URLS_B = UrlScheme(
    "urls-b",
    "videos at /videos/<slug> (no subsection), galleries at /photos/YYYY/MM/<slug>, infographs "
    "at /infographics/<slug>.html; tags /topic/<slug>, authors /writer/<slug>, regions "
    "/world/<slug>; pagination /page/N; robots.txt names no sitemap; the index at /sitemap.xml "
    "lists numbered gzipped files /sitemap-N.xml.gz of 100 URLs each, oldest first: no month in "
    "any name",
    articles=(
        ("videos", "/videos/{slug}"),
        ("in-pictures", "/photos/{year}/{month2}/{slug}"),
        ("infographs", "/infographics/{slug}.html"),
    ),
    tag="/topic/{tag}",
    author="/writer/{author}",
    region="/world/{region}",
    page="/page/{page}",
    sitemap_index="/sitemap.xml",
    sitemap_files="/sitemap-{n}.xml.gz",
    sitemap_chunk=100,
    robots_sitemap=False,
    breaks=(
        "ARTICLE_PATH_RE",
        "LISTING_PATH_RE",
        "TAG_PATH",
        "TAG_PATH_RE",
        "AUTHOR_PATH",
        "AUTHOR_PATH_RE",
        "REGION_PATH",
        "PAGE_PARAM",
        "SITEMAP_INDEX_PATH",
        "SITEMAP_MONTH_PATH",
        "SITEMAP_MONTH_RE",
    ),
)


def _template_re(template: str) -> re.Pattern[str]:
    """A path template as a regex with one named group per field (trailing slash optional)."""
    out, at = [], 0
    for m in _FIELD.finditer(template):
        out.append(re.escape(template[at : m.start()]))
        out.append(f"(?P<{m.group(1)}>{_FIELD_PATTERNS[m.group(1)]})")
        at = m.end()
    out.append(re.escape(template[at:].rstrip("/")))
    return re.compile("^" + "".join(out) + "/?$")


def urlset(entries: Iterable[tuple[str, str]]) -> str:
    """A sitemaps.org <urlset> of (loc, lastmod)."""
    urls = [f"<url><loc>{escape(loc)}</loc><lastmod>{mod}</lastmod></url>" for loc, mod in entries]
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    )


def sitemapindex(entries: Iterable[tuple[str, str]]) -> str:
    """A sitemaps.org <sitemapindex> of (loc, lastmod)."""
    maps = [
        f"<sitemap><loc>{escape(loc)}</loc><lastmod>{mod}</lastmod></sitemap>"
        for loc, mod in entries
    ]
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n'
        + "\n".join(maps)
        + "\n</sitemapindex>\n"
    )


class SkinUrls:
    """A UrlScheme read against one catalog (dated paths need the articles' dates)."""

    def __init__(self, scheme: UrlScheme, catalog: Catalog) -> None:
        self.scheme = scheme
        self.catalog = catalog
        self.base = catalog.base_url
        # Moved article paths both ways, filled oldest first (see _sync).
        self._moved: dict[str, str] = {}
        self._moved_back: dict[str, str] = {}
        self._synced = 0
        self._kinds = {
            kind: (template, _template_re(template))
            for kind, template in (
                ("tags", scheme.tag),
                ("authors", scheme.author),
                ("region", scheme.region),
            )
            if template is not None
        }
        self._page_re = (
            re.compile("^(?P<base>.*?)" + _template_re(scheme.page).pattern[1:])
            if scheme.page
            else None
        )
        self._files_re = _template_re(scheme.sitemap_files)
        base = re.escape(self.base)
        # A site URL or path at the start of an attribute value, a JSON string or an element's text.
        self._url_re = re.compile(
            rf"""(?<=["'>])(?P<base>{base})?(?P<path>/(?!/)[^"'<>\s?#]*)(?P<query>\?[^"'<>\s#]*)?"""
        )
        self._anchor_re = re.compile(r'<a\b[^>]*?\bhref="(?P<href>[^"]*)"[^>]*>.*?</a>', re.S)

    # --- default -> skin ------------------------------------------------------------------------
    def _article_template(self, top: str, sub: str | None) -> str | None:
        for key, template in self.scheme.articles:
            if key == (f"{top}/{sub}" if sub else top) or key == top:
                return template
        return None

    def _sync(self) -> None:
        """Give every article not seen yet its skin path, oldest first. A path the skin makes
        shorter can clash (two videos of one slug in two subsections): the later post gets the
        slug with "-2", "-3"... as a CMS does, so that every post keeps a URL of its own."""
        fresh = self.catalog.size - self._synced
        if fresh <= 0:
            return
        for index in reversed(list(islice(self.catalog.indices(), fresh))):
            default = self.catalog.path_of(index)
            parts = default.strip("/").split("/")
            top, sub, slug = parts[0], (parts[1] if len(parts) == 3 else None), parts[-1]
            template = self._article_template(top, sub)
            if template is None:
                continue
            when = self.catalog.published_of(index).astimezone(site.SITE_TIMEZONE)
            fields = {"sub": sub or "", "year": when.year, "month": when.month,
                      "month2": f"{when.month:02d}", "day": when.day}  # fmt: skip
            new, n = template.format(slug=slug, **fields), 1
            while new.rstrip("/") in self._moved_back:
                n += 1
                new = template.format(slug=f"{slug}-{n}", **fields)
            self._moved[default] = new
            self._moved_back[new.rstrip("/")] = default
        self._synced = self.catalog.size

    def path(self, path: str) -> str | None:
        """The skin's path of a default path (no query); None where the skin has no such page."""
        self._sync()
        stripped = path.rstrip("/") or "/"
        moved = self._moved.get(stripped)
        if moved is not None:
            return moved + "/" if path.endswith("/") and not moved.endswith("/") else moved
        m = _DEFAULT_KIND_RE.match(path)
        if m:
            found = self._kinds.get(m["kind"])
            return found[0].format(**{_KIND_TEMPLATE[m["kind"]]: m["key"]}) if found else None
        return path

    @staticmethod
    def _is_listing(path: str) -> bool:
        """Whether a default path is a paginated listing (a section, coverage, tag, author or
        region page; not the load-more endpoint under /in-pictures)."""
        parts = path.strip("/").split("/")
        if parts[0] in site.SECTIONS:
            subs = {sub for sub, _ in site.SECTIONS[parts[0]][1]}
            return len(parts) == 1 or (len(parts) == 2 and parts[1] in subs)
        return (parts[0] == "coverage" and len(parts) <= 2) or bool(_DEFAULT_KIND_RE.match(path))

    def path_qs(self, path: str, query: str = "") -> str | None:
        """The skin's path and query of a default path and query ("page=2" becomes a path)."""
        new = self.path(path)
        if new is None:
            return None
        m = re.fullmatch(rf"{site.PAGE_PARAM}=(\d+)", query)
        if m and self.scheme.page and self._is_listing(path):
            return new.rstrip("/") + self.scheme.page.format(page=m.group(1))
        return new + ("?" + query if query else "")

    def url(self, url: str) -> str | None:
        """The skin's URL of a default URL of this replica (other URLs unchanged)."""
        if not url.startswith(self.base + "/"):
            return url
        path, _, query = url[len(self.base) :].partition("?")
        new = self.path_qs(path, query)
        return None if new is None else self.base + new

    def rewrite(self, text: str) -> str:
        """A page or document with every site URL in the skin's scheme; links to pages the skin
        does not have become text (a <span> with the link's other attributes)."""

        def unlink(m: re.Match[str]) -> str:
            href = m["href"]
            if href.startswith(self.base + "/"):
                href = href[len(self.base) :]
            if not href.startswith("/") or self.path(href.partition("?")[0]) is not None:
                return m.group(0)
            tag = re.sub(r'\s+href="[^"]*"', "", m.group(0), count=1)
            return "<span" + tag[2:-4] + "</span>"

        def remap(m: re.Match[str]) -> str:
            query = m["query"] or ""
            if re.fullmatch(rf"\?{site.PAGE_PARAM}=\d+", query):
                new = self.path_qs(m["path"], query[1:])
            else:  # other queries (tracking) stay as they are
                new = self.path(m["path"])
                new = None if new is None else new + query
            return m.group(0) if new is None else (m["base"] or "") + new

        if self.scheme.region is None:
            text = self._anchor_re.sub(unlink, text)
        return self._url_re.sub(remap, text)

    # --- skin -> default ------------------------------------------------------------------------
    def default_path(self, path: str) -> str | None:
        """The default path of a skin path (no query), None where the skin has no such page."""
        self._sync()
        found = self._moved_back.get(path.rstrip("/"))
        if found is not None:
            return found + ("/" if path.endswith("/") else "")
        for kind, (_, pattern) in self._kinds.items():
            m = pattern.match(path)
            if m:
                return f"/{kind}/{m[_KIND_TEMPLATE[kind]]}"
        return path if self.path(path) == path else None

    def resolve(self, path: str, query: dict[str, str]) -> tuple[str, dict[str, str]] | None:
        """(default path, default query) of a requested skin path and query; None: 404."""
        query = dict(query)
        if self.scheme.page:
            if site.PAGE_PARAM in query:
                return None  # this skin paginates by path
            m = self._page_re.match(path) if self._page_re else None
            if m is not None:
                if m["page"] == "1":
                    return None
                base = self.default_path(m["base"] or "/")
                if base is None or not self._is_listing(base):
                    return None
                return base, {**query, site.PAGE_PARAM: m["page"]}
        found = self.default_path(path)
        return None if found is None else (found, query)

    # --- robots.txt and sitemaps --------------------------------------------------------------
    def robots(self, disallowed: Iterable[str]) -> str:
        lines = ["User-agent: *", *(f"Disallow: {p}" for p in disallowed), "Allow: /", ""]
        if self.scheme.robots_sitemap:
            lines.append(f"Sitemap: {self.base}{self.scheme.sitemap_index}")
            if self.scheme.news_sitemap:
                lines.append(f"Sitemap: {self.base}{self.scheme.news_sitemap}")
        return "\n".join(lines) + "\n"

    def _chunks(self) -> list[list[int]]:
        oldest_first = list(reversed(list(self.catalog.indices())))
        size = self.scheme.sitemap_chunk
        return [oldest_first[at : at + size] for at in range(0, len(oldest_first), size)]

    def _files(self) -> list[tuple[str, list[int]]]:
        """(path, article indices) of each article sitemap file, as the index lists them."""
        s = self.scheme
        if s.sitemap_chunk:
            return [(s.sitemap_files.format(n=n), c) for n, c in enumerate(self._chunks(), 1)]
        return [
            (
                s.sitemap_files.format(year=y, month=m, month2=f"{m:02d}"),
                self.catalog.month_indices(y, m),
            )
            for y, m in self.catalog.months()
        ]

    def _lastmod(self, indices: Iterable[int]) -> str:
        return max(self.catalog.updated_of(i) for i in indices).isoformat()

    def _loc(self, index: int) -> str:
        return self.base + (self.path(self.catalog.path_of(index)) or "")

    def sitemap(self, path: str) -> str | None:
        """The XML of one of the skin's sitemap documents; None when there is no such document."""
        s = self.scheme
        if path == s.sitemap_index:
            entries = [(self.base + p, self._lastmod(ix)) for p, ix in self._files() if ix]
            now = self.catalog.now.isoformat()
            entries += [(self.base + p, now) for p in (s.news_sitemap, s.category_sitemap) if p]
            return sitemapindex(entries)
        if path == s.news_sitemap:
            return self._news()
        if path == s.category_sitemap:
            return self._categories()
        if self._files_re.match(path):
            for file_path, indices in self._files():
                if file_path == path and indices:
                    return urlset(
                        (self._loc(i), self.catalog.updated_of(i).isoformat()) for i in indices
                    )
        return None

    def _news(self) -> str:
        newest = list(self.catalog.indices())[:NEWS_SITEMAP_SIZE]
        urls = []
        for i in newest:
            card = self.catalog.card(i)
            urls.append(
                f"<url><loc>{escape(self._loc(i))}</loc><news:news><news:publication>"
                f"<news:name>{PUBLICATION_NAME}</news:name><news:language>{site.LANGUAGE}"
                "</news:language></news:publication><news:publication_date>"
                f"{card.published.isoformat()}</news:publication_date>"
                f"<news:title>{escape(card.title)}</news:title></news:news></url>"
            )
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}" '
            f'xmlns:news="{NEWS_NS}">\n' + "\n".join(urls) + "\n</urlset>\n"
        )

    def _categories(self) -> str:
        now = self.catalog.now.isoformat()
        paths = []
        for top, (_, subs) in site.SECTIONS.items():
            paths.append(site.SECTION_PATH.format(top=top))
            paths += [site.SUBSECTION_PATH.format(top=top, sub=sub) for sub, _ in subs]
        return urlset((self.base + (self.path(p) or p), now) for p in paths)
