"""The layer table of a run: every field of every emitted article counted by the layer that gave it.

Stats ``mayadeen/layer/<field>/<layer>`` (``none`` where no layer had a value), read by the run
report (mayadeen/monitoring/report.py) and the fallback check (mayadeen/monitoring/checks.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mayadeen.extensions.batchedstats import BatchedStats

LAYER_PREFIX = "mayadeen/layer/"
NO_LAYER = "none"


def layer_key(field: str, layer: str | None) -> str:
    return f"{LAYER_PREFIX}{field}/{layer or NO_LAYER}"


def count_layers(stats: BatchedStats, layers: Mapping[str, str | None]) -> None:
    """Count each field of an item under the layer that gave it (ArticlePage.layers())."""
    for field, layer in layers.items():
        stats.inc(layer_key(field, layer))
    stats.item_done()


def layer_table(stats: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """{field: {layer: articles}} of a run's stats, fields and layers in the order first seen."""
    table: dict[str, dict[str, int]] = {}
    for key, value in stats.items():
        if key.startswith(LAYER_PREFIX):
            field, _, layer = key[len(LAYER_PREFIX) :].partition("/")
            table.setdefault(field, {})[layer] = value
    return table
