"""The replica's HTML: every page the server sends, rendered from Articles and the furniture.

Markup choices live in render_markup; the article layers in render_article, furniture in
render_furniture, listings in render_listing. This module assembles whole pages.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from testground.replica.model import Article
from testground.replica.render_article import meta_tags, metadata_script, visible_article
from testground.replica.render_furniture import Furniture, after_content, header
from testground.replica.render_jsonld import jsonld_scripts
from testground.replica.render_listing import (
    Listing,
    fragment,
    home_body,
    listing_body,
    load_more_token,
    page_path,
    pagination_head,
)
from testground.replica.render_markup import DEFAULT_MARKUP, SITE_NAME, Markup, esc

__all__ = ["Furniture", "Listing", "Renderer", "load_more_token", "page_path"]

# A fixed Ray ID: the replica's content never depends on time or chance.
CHALLENGE_RAY_ID = "8f2c4e1a9b7d3c51"


def structured_layer(article: Article, base_url: str, m: Markup = DEFAULT_MARKUP) -> str:
    """The page's structured block(s) in the skin's kind, "" where the page carries none: the
    metadata block where the page variant has it; schema.org JSON-LD on every page (it also
    carries the post id, which the default gives in meta[name=postid] on every page)."""
    if m.structured == "tawsiyat":
        return metadata_script(article, base_url) if article.variant.has_metadata else ""
    if m.structured == "jsonld":
        return jsonld_scripts(article, base_url)
    if m.structured == "none":
        return ""
    raise ValueError(f"unknown structured layer {m.structured!r}")


class Renderer:
    """Renders pages for a replica served at `base_url` (used for canonical and metadata URLs),
    article pages in the `markup` of a skin (skins.py)."""

    def __init__(self, base_url: str, markup: Markup = DEFAULT_MARKUP) -> None:
        self.base_url = base_url.rstrip("/")
        self.markup = markup

    def _page(self, title: str, content: str, furniture: Furniture, head: str = "") -> str:
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n{head}</head>\n"
            f'<body>\n{header(furniture)}\n<main id="main">{content}</main>\n'
            f"{after_content(furniture)}\n</body>\n</html>\n"
        )

    def article_page(self, article: Article, furniture: Furniture) -> str:
        m, variant = self.markup, article.variant
        head = [f'<meta name="postid" content="{esc(article.post_id)}">'] if m.postid_meta else []
        if variant.has_meta_tags:
            head.append(meta_tags(article, self.base_url))
        elif m.structured == "none" and variant.has_metadata:
            # Without a structured layer the meta tags carry what it would have: the section
            # only where the post has its category.
            head.append(meta_tags(article, self.base_url, section=variant.metadata_category))
        structured = structured_layer(article, self.base_url, m)
        if structured:
            head.append(structured)
        title = f"{article.title} | {SITE_NAME}"
        html = visible_article(article, m)
        return self._page(title, html, furniture, "\n".join(head) + "\n")

    def listing_page(self, listing: Listing, furniture: Furniture) -> str:
        title = f"{listing.title} | {SITE_NAME}"
        if listing.page > 1:
            title = f"{listing.title} - Page {listing.page} | {SITE_NAME}"
        canonical = self.base_url + page_path(listing.path, listing.page)
        head = f'<link rel="canonical" href="{esc(canonical)}">\n'
        head += pagination_head(listing, self.markup.pagination)
        return self._page(title, listing_body(listing, self.markup.pagination), furniture, head)

    def home_page(
        self, sections: tuple[tuple[str, str, tuple[Article, ...]], ...], furniture: Furniture
    ) -> str:
        head = f'<link rel="canonical" href="{esc(self.base_url + "/")}">\n'
        return self._page(SITE_NAME, home_body(sections), furniture, head)

    def listing_fragment(self, articles: tuple[Article, ...]) -> str:
        return fragment(articles)

    def not_found_page(self, furniture: Furniture) -> str:
        content = (
            '<section class="not-found"><h2>Page not found</h2>'
            "<p>The page you are looking for does not exist or has been moved.</p>"
            '<p><a href="/">Back to the home page</a></p></section>'
        )
        return self._page(f"Page not found | {SITE_NAME}", content, furniture)

    def challenge_page(self, ray: str = CHALLENGE_RAY_ID) -> str:
        """A Cloudflare-style "Just a moment..." interstitial (what bots get on /rss); its script
        loads the challenge script named by `ray` (see clearance.py)."""
        host = esc(urlsplit(self.base_url).netloc or "english.almayadeen.net")
        return (
            '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
            '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
            '<meta http-equiv="X-UA-Compatible" content="IE=Edge">'
            '<meta name="robots" content="noindex,nofollow">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            "</head><body>"
            '<div class="main-wrapper" role="main"><div class="main-content">'
            f'<h1 class="zone-name-title h1">{host}</h1>'
            '<h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2>'
            '<div id="challenge-stage"></div>'
            f'<div id="challenge-body-text" class="core-msg spacer">{host} needs to review the '
            "security of your connection before proceeding.</div>"
            '<noscript><div id="challenge-error-title"><div class="h2">'
            '<span id="challenge-error-text">Enable JavaScript and cookies to continue</span>'
            "</div></div></noscript></div></div>"
            "<script>(function(){window._cf_chl_opt={cvId: '3',cZone: '"
            f"{host}',cType: 'managed',cRay: '{ray}'}};"
            "var a = document.createElement('script');"
            "a.src = '/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray="
            f"{ray}';"
            "document.getElementsByTagName('head')[0].appendChild(a);})();</script>"
            '<div class="footer" role="contentinfo"><div class="footer-inner">'
            '<div class="clearfix diagnostic-wrapper"><div class="ray-id">Ray ID: '
            f"<code>{ray}</code></div></div>"
            '<div class="text-center" id="footer-text">Performance &amp; security by '
            '<a rel="noopener noreferrer" href="https://www.cloudflare.com">Cloudflare</a>'
            "</div></div></div></body></html>"
        )
