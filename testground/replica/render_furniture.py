"""Page furniture: what surrounds every page (menus, BREAKING ticker, Most Read, Coverage, Read
Next, footer), laid out as on the seed page. It never contains an <h1> or a /tags/ link."""

from __future__ import annotations

from dataclasses import dataclass

from mayadeen import site
from testground.replica.model import Article
from testground.replica.render_markup import (
    APP_LINKS,
    FOOTER_LINKS,
    FOOTER_TAGLINE,
    LANGUAGE_LINKS,
    LIVE_PATH,
    READ_NEXT_ALL_PATH,
    SITE_NAME,
    SLOGAN,
    X_URL,
    card_date,
    card_label,
    esc,
    link,
)

LOGO_SRC = "/static/images/logo.svg"
SLOGAN_SRC = "/static/images/slogan.svg"


@dataclass(frozen=True)
class Furniture:
    ticker: tuple[tuple[str, str | None], ...]  # (line, url or None), top first
    most_read: tuple[Article, ...]
    read_next: tuple[Article, ...]
    coverage: tuple[tuple[str, str], ...]  # (text, path)


def _menu_links() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(name, path, [(sub name, sub path)]) of every menu section, from site.SECTIONS."""
    menu = []
    for top, (name, subs) in site.SECTIONS.items():
        children = [
            (sub_name, site.SUBSECTION_PATH.format(top=top, sub=sub)) for sub, sub_name in subs
        ]
        menu.append((name, site.SECTION_PATH.format(top=top), children))
    return menu


def _main_menu() -> str:
    items = []
    for name, path, children in _menu_links():
        sub = ""
        if children:
            sub = "<ul>" + "".join(f"<li>{link(p, n)}</li>" for n, p in children) + "</ul>"
        items.append(f"<li>{link(path, name)}{sub}</li>")
    live = (
        f'<li class="live"><a href="{esc(LIVE_PATH)}"><span class="live-dot">•</span> LIVE</a></li>'
    )
    return f'<nav class="main-menu"><ul>{"".join(items)}{live}</ul></nav>'


def _mega_menu() -> str:
    cols = []
    for name, path, children in _menu_links():
        sub = ""
        if children:
            sub = "<ul>" + "".join(f"<li>{link(p, n)}</li>" for n, p in children) + "</ul>"
        cols.append(f'<div class="menu-col">{link(path, name, "menu-col__title")}{sub}</div>')
    regions = "".join(
        f"<li>{link(site.REGION_PATH.format(region=seg), name)}</li>" for seg, name in site.REGIONS
    )
    return f'<div class="mega-menu">{"".join(cols)}<ul class="regions">{regions}</ul></div>'


def _ticker(lines: tuple[tuple[str, str | None], ...]) -> str:
    items = "".join(
        f'<div class="ticker__item">{link(url, text) if url else esc(text)}</div>'
        for text, url in lines
    )
    return (
        '<div class="breaking"><div class="breaking__label">BREAKING</div>'
        f'<div class="ticker">{items}</div></div>'
    )


def header(furniture: Furniture) -> str:
    languages = "".join(f"<li>{link(url, text)}</li>" for text, url in LANGUAGE_LINKS)
    return (
        '<header class="site-header"><div class="top-bar">'
        f'<p class="logo"><a href="/"><img src="{LOGO_SRC}" alt="{esc(SITE_NAME)}"></a></p>'
        f'<ul class="lang-switch">{languages}<li>{link(X_URL, "x")}</li></ul></div>'
        f'<div class="brand"><a href="/"><img src="{LOGO_SRC}" alt="{esc(SITE_NAME)}"></a>'
        f'<p class="slogan"><img src="{SLOGAN_SRC}" alt="{esc(SLOGAN)}"></p></div>'
        f"{_main_menu()}{_mega_menu()}{_ticker(furniture.ticker)}</header>"
    )


def _thumb(article: Article) -> str:
    if article.image is None:
        return ""
    img = f'<img src="{esc(article.image.url)}" alt="{esc(article.image.alt)}" loading="lazy">'
    return f'<div class="thumb"><a href="{esc(article.path)}">{img}</a></div>'


def _most_read_item(article: Article) -> str:
    label, label_path = card_label(article)
    return (
        f'<div class="most-read__item">{_thumb(article)}'
        f'<h3 class="most-read__title">{link(article.path, article.title)}</h3>'
        f'<ul class="most-read__meta"><li>{link(label_path, label)}</li>'
        f"<li>{esc(card_date(article.published))}</li></ul></div>"
    )


def _read_next_item(article: Article) -> str:
    label, label_path = card_label(article)
    return (
        f'<div class="read-next__item">{_thumb(article)}'
        f'<div class="read-next__label">{link(label_path, label)}</div>'
        f'<h3 class="read-next__title">{link(article.path, article.title)}</h3></div>'
    )


def after_content(furniture: Furniture) -> str:
    most_read = "".join(_most_read_item(a) for a in furniture.most_read)
    coverage = "".join(f"<div>{link(path, text)}</div>" for text, path in furniture.coverage)
    read_next = "".join(_read_next_item(a) for a in furniture.read_next)
    footer_links = "".join(f"<li>{link(path, text)}</li>" for text, path in FOOTER_LINKS)
    apps = "".join(f"<div>{link(url, text)}</div>" for text, url in APP_LINKS)
    return (
        f'<aside class="most-read"><h2 class="box-title">Most Read</h2>{most_read}</aside>'
        f'<aside class="coverage"><h2 class="box-title">Coverage</h2>'
        f'<div class="coverage__links">{coverage}</div></aside>'
        f'<aside class="read-next"><h2 class="box-title">Read Next</h2>'
        f'<div class="read-next__all">{link(READ_NEXT_ALL_PATH, "All")}</div>{read_next}</aside>'
        f'<footer class="site-footer"><p class="footer-logo"><a href="/">'
        f'<img src="{LOGO_SRC}" alt="{esc(SITE_NAME)}"></a></p>'
        f"<p>{esc(FOOTER_TAGLINE)}</p><p>All Rights Reserved</p>"
        f'<ul class="footer-links"><li>{link(X_URL, "x")}</li>{footer_links}</ul>'
        f'<div class="apps">{apps}</div></footer>'
    )
