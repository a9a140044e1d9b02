"""The metadata layer: the tawsiyat-metadata JSON block, read defensively.

Invalid JSON, a non-object, or a field of the wrong type counts as absent, so that extraction falls
to the next layer instead of failing or emitting garbage.
"""

from __future__ import annotations

import json
from typing import Any

from parsel import Selector

from mayadeen import site
from mayadeen.extraction import dom
from mayadeen.loaders import clean_text, to_int


class Metadata:
    """The parsed metadata block of one page; every accessor returns None when absent or wrong."""

    def __init__(self, data: dict[str, Any] | None):
        self.data = data or {}
        self.present = data is not None

    @classmethod
    def from_selector(cls, selector: Selector) -> Metadata:
        return cls.from_root(selector.root)

    @classmethod
    def from_root(cls, root: dom.Element) -> Metadata:
        raw = dom.css_first(root, site.METADATA_SELECTOR)
        if raw is None:
            return cls(None)
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: "[[[[..." thousands deep
            return cls(None)
        return cls(data if isinstance(data, dict) else None)

    def text(self, key: str) -> str | None:
        """A string field, cleaned; None when missing, not a string, or nothing once cleaned
        (blank, or only control characters: absent, so the next layer gives the field)."""
        value = self.data.get(key)
        return clean_text(value) if isinstance(value, str) else None

    def class_value(self, mapping: str) -> str | None:
        """The value of the ``classes`` entry with this mapping (posttype, category, country...)."""
        classes = self.data.get("classes")
        if not isinstance(classes, list):
            return None
        for entry in classes:
            if not isinstance(entry, dict) or entry.get("mapping") != mapping:
                continue
            value = entry.get("value")
            if isinstance(value, str) and clean_text(value):
                return clean_text(value)
        return None


def declared_word_count(metadata: Metadata) -> int | None:
    """The metadata's ``word_count`` (a string on the site; an int accepted), None when absent or
    not a whole number."""
    value = metadata.data.get("word_count")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str):
        # to_int's bounds: "²" is a digit int() refuses, and so is a 5,000-digit number.
        return to_int(value) if value.strip().isdecimal() else None
    return None
