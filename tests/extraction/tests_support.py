"""Saved pages (hand-made after the brief's markup) and edits of them: remove or break a layer."""

import re
from pathlib import Path

PAGES = Path(__file__).parent / "pages"
SEED_URL = (
    "https://english.almayadeen.net/news/politics/"
    "kazakhstan---critical-red--level-of-terrorist-threat--order"
)


def load(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


_METADATA_RE = re.compile(r'<script id="tawsiyat-metadata" type="text/tawsiyat">.*?</script>', re.S)
# The meta-tag layer: canonical, OpenGraph, article:*, description and author (not postid).
_META_TAG_RE = re.compile(
    r'<link rel="canonical"[^>]*>'
    r'|<meta (?:property="(?:og|article):[^"]*"|name="(?:description|author)")[^>]*>\n?'
)


def drop_metadata(html: str) -> str:
    out, count = _METADATA_RE.subn("", html)
    assert count == 1
    return out


def replace_metadata(html: str, text: str) -> str:
    out, count = _METADATA_RE.subn(
        lambda _: f'<script id="tawsiyat-metadata" type="text/tawsiyat">{text}</script>', html
    )
    assert count == 1
    return out


def drop_meta_tags(html: str) -> str:
    out, count = _META_TAG_RE.subn("", html)
    assert count > 5
    return out
