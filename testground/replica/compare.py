"""Compare crawled items with the replica's manifest: the measure of a crawl's completeness."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mayadeen.items import ARTICLE_FIELDS, VOLATILE_FIELDS

COMPARED_FIELDS = tuple(f for f in ARTICLE_FIELDS if f not in VOLATILE_FIELDS)


def identity(item: Mapping[str, Any]) -> str:
    return str(item.get("post_id") or item.get("url"))


@dataclass
class ManifestComparison:
    expected_ids: list[str]
    crawled: int
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    # identity -> [(field, expected value, crawled value)]
    mismatches: dict[str, list[tuple[str, Any, Any]]] = field(default_factory=dict)

    @property
    def expected(self) -> int:
        return len(self.expected_ids)

    @property
    def exact(self) -> int:
        """Manifest articles crawled once with every field equal."""
        bad = set(self.missing) | set(self.duplicates) | set(self.mismatches)
        return sum(1 for key in self.expected_ids if key not in bad)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.unexpected or self.duplicates or self.mismatches)

    def mismatched_fields(self) -> Counter[str]:
        return Counter(name for diffs in self.mismatches.values() for name, _, _ in diffs)

    def describe(self, limit: int = 5) -> str:
        lines = [
            f"{self.exact} of {self.expected} manifest articles crawled exactly once with every "
            f"field equal ({self.crawled} items crawled)"
        ]
        if self.missing:
            lines.append(f"missing {len(self.missing)}: {', '.join(self.missing[:limit])}")
        if self.unexpected:
            lines.append(f"not in manifest {len(self.unexpected)}: "
                         f"{', '.join(self.unexpected[:limit])}")  # fmt: skip
        if self.duplicates:
            lines.append(f"duplicated {len(self.duplicates)}: "
                         f"{', '.join(self.duplicates[:limit])}")  # fmt: skip
        for ident, diffs in list(self.mismatches.items())[:limit]:
            for name, want, got in diffs:
                lines.append(f"  {ident} {name}: expected {want!r}, got {got!r}")
        if self.mismatches:
            lines.append(f"fields differing: {dict(self.mismatched_fields())}")
        return "\n".join(lines)


def compare_to_manifest(
    items: Iterable[Mapping[str, Any]], manifest: Iterable[Mapping[str, Any]]
) -> ManifestComparison:
    """Match items to manifest entries by post id (URL where none) and diff every field."""
    expected = {identity(entry): entry for entry in manifest}
    crawled: dict[str, Mapping[str, Any]] = {}
    counts: Counter[str] = Counter()
    for item in items:
        key = identity(item)
        counts[key] += 1
        crawled.setdefault(key, item)
    result = ManifestComparison(expected_ids=list(expected), crawled=sum(counts.values()))
    result.missing = [key for key in expected if key not in crawled]
    result.unexpected = [key for key in crawled if key not in expected]
    result.duplicates = [key for key, n in counts.items() if n > 1]
    for key, entry in expected.items():
        item = crawled.get(key)
        if item is None:
            continue
        diffs = [(name, entry.get(name), item.get(name)) for name in COMPARED_FIELDS
                 if entry.get(name) != item.get(name)]  # fmt: skip
        if diffs:
            result.mismatches[key] = diffs
    return result
