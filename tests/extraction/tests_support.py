"""Edits of saved pages: remove or break one layer."""

import re

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
