"""Listing pages (home, section, region, tag, author), their pagination and the "load more" script.

A listing with `load_more_url` has no next link: its further pages come only from a script that
fetches `load_more_url` with a token it computes (`load_more_token`, shared with the server), so a
crawler that does not run JavaScript cannot guess the URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from mayadeen import site
from testground.replica.model import Article
from testground.replica.render_markup import (
    LISTING_CAPTION,
    LISTING_ITEM,
    LISTING_ITEMS,
    LOAD_MORE_BUTTON,
    card_date,
    card_label,
    esc,
    link,
)

LISTING_KINDS = ("home", "section", "region", "tag", "author")
LOAD_MORE_TOKEN_PARAM = "token"


@dataclass(frozen=True)
class Listing:
    title: str
    path: str
    kind: str  # one of LISTING_KINDS
    articles: tuple[Article, ...]  # newest first
    page: int
    pages: int
    load_more_url: str | None = None


def load_more_token(url: str) -> str:
    """The token the load-more script appends to its URL: a 32-bit djb2-xor hash of the URL's
    UTF-16 code units, as lower-case hex (the script computes the same in JavaScript)."""
    h = 5381
    data = url.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = ((h * 33) ^ int.from_bytes(data[i : i + 2], "little")) & 0xFFFFFFFF
    return format(h, "x")


# Fetches data-url + token, appends the fragment, then asks for the next page; stops on an empty
# fragment. Kept small and dependency-free, like a CMS's inline script.
LOAD_MORE_SCRIPT = f"""<script>
(function () {{
  var button = document.querySelector("button.{LOAD_MORE_BUTTON}");
  var list = document.querySelector(".{LISTING_ITEMS}");
  if (!button || !list) return;
  function token(s) {{
    var h = 5381;
    for (var i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) >>> 0;
    return h.toString(16);
  }}
  button.addEventListener("click", function () {{
    var url = button.getAttribute("data-url");
    var sep = url.indexOf("?") < 0 ? "?" : "&";
    fetch(url + sep + "{LOAD_MORE_TOKEN_PARAM}=" + token(url))
      .then(function (r) {{ return r.text(); }})
      .then(function (html) {{
        if (html.indexOf("{LISTING_ITEM}") < 0) {{ button.remove(); return; }}
        list.insertAdjacentHTML("beforeend", html);
        button.setAttribute("data-url", url.replace(/([?&]page=)(\\d+)/, function (m, p, n) {{
          return p + (Number(n) + 1);
        }}));
      }});
  }});
}})();
</script>"""


def listing_item(article: Article) -> str:
    label, label_path = card_label(article)
    image = ""
    if article.image is not None:
        img = f'<img src="{esc(article.image.url)}" alt="{esc(article.image.alt)}" loading="lazy">'
        image = f'<a class="{LISTING_ITEM}__image" href="{esc(article.path)}">{img}</a>'
    return (
        f'<div class="{LISTING_ITEM}">{image}<div class="{LISTING_CAPTION}">'
        f"{link(label_path, label, LISTING_ITEM + '__label')}"
        f'<h3 class="{LISTING_ITEM}__title">{link(article.path, article.title)}</h3>'
        f'<span class="{LISTING_ITEM}__date">{esc(card_date(article.published))}</span>'
        "</div></div>"
    )


def fragment(articles: tuple[Article, ...]) -> str:
    return "".join(listing_item(a) for a in articles)


def page_path(path: str, page: int) -> str:
    """A listing page's path: page 1 has no parameter."""
    return path if page <= 1 else f"{path}?{site.PAGE_PARAM}={page}"


def _pagination(listing: Listing, style: str = "rel") -> str:
    """The links to the listing's other pages, in a Markup.pagination style."""
    if listing.load_more_url is not None:
        return (
            f'<div class="load-more"><button class="{LOAD_MORE_BUTTON}" type="button" '
            f'data-url="{esc(listing.load_more_url)}">Load more</button></div>{LOAD_MORE_SCRIPT}'
        )
    if listing.pages <= 1:
        return ""
    if style != "rel":
        return _pagination_without_rel(listing, style)
    parts = []
    if listing.page > 1:
        prev_path = page_path(listing.path, listing.page - 1)
        parts.append(f'<a rel="prev" href="{esc(prev_path)}">Previous</a>')
    parts.append(f'<span class="pagination__current">Page {listing.page} of {listing.pages}</span>')
    if listing.page < listing.pages:
        next_path = page_path(listing.path, listing.page + 1)
        parts.append(f'<a rel="next" href="{esc(next_path)}">Next</a>')
    return f'<nav class="pagination">{" ".join(parts)}</nav>'


def _neighbours(listing: Listing) -> tuple[str | None, str | None]:
    """Paths of the previous and the next page, None where there is none."""
    prev_path = page_path(listing.path, listing.page - 1) if listing.page > 1 else None
    next_path = page_path(listing.path, listing.page + 1) if listing.page < listing.pages else None
    return prev_path, next_path


def _pagination_without_rel(listing: Listing, style: str) -> str:
    """Page links without a rel attribute. "numbers": ‹ 1 … 4 5 [6] 7 8 … 20 › (the rel links
    are in the head); "older": "← Newer posts" and "Older posts →" only."""
    prev_path, next_path = _neighbours(listing)
    if style == "older":
        parts = [link(prev_path, "← Newer posts", "nav-newer")] if prev_path else []
        parts += [link(next_path, "Older posts →", "nav-older")] if next_path else []
        return f'<div class="nav-links">{"".join(parts)}</div>'
    if style != "numbers":
        raise ValueError(f"unknown pagination style {style!r}")
    page, pages = listing.page, listing.pages
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    parts = [link(prev_path, "‹", "page-numbers prev")] if prev_path else []
    last = 0
    for n in shown:
        if n > last + 1:
            parts.append('<span class="page-numbers dots">…</span>')
        if n == page:
            parts.append(f'<span class="page-numbers current">{n}</span>')
        else:
            parts.append(link(page_path(listing.path, n), str(n), "page-numbers"))
        last = n
    parts += [link(next_path, "›", "page-numbers next")] if next_path else []
    return f'<nav class="page-numbers-nav">{"".join(parts)}</nav>'


def pagination_head(listing: Listing, style: str) -> str:
    """<link rel=prev/next> of the head: only where the style puts them there ("numbers")."""
    if style != "numbers" or listing.load_more_url is not None:
        return ""
    prev_path, next_path = _neighbours(listing)
    rels = (("prev", prev_path), ("next", next_path))
    return "".join(f'<link rel="{rel}" href="{esc(path)}">\n' for rel, path in rels if path)


def listing_body(listing: Listing, style: str = "rel") -> str:
    if listing.kind not in LISTING_KINDS:
        raise ValueError(f"unknown listing kind {listing.kind!r}")
    return (
        f'<section class="listing listing--{listing.kind}">'
        f'<h1 class="listing__title">{esc(listing.title)}</h1>'
        f'<div class="{LISTING_ITEMS}">{fragment(listing.articles)}</div>'
        f"{_pagination(listing, style)}</section>"
    )


def home_body(sections: tuple[tuple[str, str, tuple[Article, ...]], ...]) -> str:
    blocks = "".join(
        f'<section class="home-block"><h2 class="home-block__title">{link(path, name)}</h2>'
        f'<div class="{LISTING_ITEMS}">{fragment(articles)}</div></section>'
        for name, path, articles in sections
    )
    return f'<div class="home">{blocks}</div>'
