"""The article item is defined once (mayadeen/items.py): every other place that names its fields
either derives them from the definition or is checked here against it. Each check takes the
artefact as a parameter, so that the second half of the file can show it failing on a changed copy.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, Text

from mayadeen import settings
from mayadeen.extraction.article import FIELD_LAYERS
from mayadeen.items import (
    ARTICLE_FIELDS,
    BREAKING_FIELDS,
    IMAGE_LIST,
    INTEGER,
    TEXT,
    TEXT_LIST,
    ArticleItem,
    BreakingItem,
)
from mayadeen.storage import store
from mayadeen.storage.schema import articles
from testground.demo import demo_feeds

README = Path(__file__).resolve().parent.parent / "README.md"
DEFINITION = ArticleItem.fields
# Columns of `articles` that are the store's own bookkeeping, not item fields.
BOOKKEEPING_COLUMNS = {"id", "published_utc", "version", "first_seen_at", "last_seen_at",
                       "last_run_id"}  # fmt: skip
JSON_TYPE = {TEXT: "string", INTEGER: "integer", TEXT_LIST: "array", IMAGE_LIST: "array"}
COLUMN_TYPE = {TEXT: String, INTEGER: Integer, TEXT_LIST: JSON, IMAGE_LIST: JSON}


def shipped_schema() -> dict[str, Any]:
    text = resources.files("mayadeen").joinpath("schema/article.schema.json").read_text("utf-8")
    return json.loads(text)


def _order(what: str, found: list[str]) -> list[str]:
    if found == list(ARTICLE_FIELDS):
        return []
    missing = [f for f in ARTICLE_FIELDS if f not in found]
    extra = [f for f in found if f not in ARTICLE_FIELDS]
    return [f"{what}: fields {found} differ from the item's {list(ARTICLE_FIELDS)} "
            f"(missing {missing}, extra {extra})"]  # fmt: skip


def _json_types(prop: dict[str, Any]) -> set[str]:
    """The JSON types a property of the schema allows (an enum: its values' types)."""
    if "type" in prop:
        declared = prop["type"]
        return set(declared) if isinstance(declared, list) else {declared}
    names = {str: "string", int: "integer", type(None): "null"}
    return {names[type(value)] for value in prop.get("enum", [])}


def schema_drift(schema: dict[str, Any]) -> list[str]:
    """How the JSON Schema differs from the item definition: fields, order, types, nullability."""
    problems = _order("schema properties", list(schema["properties"]))
    problems += _order("schema required", list(schema["required"]))
    if schema.get("additionalProperties") is not False:
        problems.append("schema: additionalProperties must be false (no field outside the item)")
    for name, prop in schema["properties"].items():
        if name not in DEFINITION:
            continue
        spec = DEFINITION[name]
        expected = {JSON_TYPE[spec["kind"]]} | ({"null"} if spec["nullable"] else set())
        if _json_types(prop) != expected:
            problems.append(f"schema {name}: types {_json_types(prop)} != definition {expected}")
        if spec["kind"] == TEXT_LIST and prop.get("items", {}).get("type") != "string":
            problems.append(f"schema {name}: a text list holds strings")
        if spec["kind"] == IMAGE_LIST and set(prop.get("items", {}).get("required", ())) != {
            "url",
            "caption",
        }:
            problems.append(f"schema {name}: an image list holds objects with url and caption")
    return problems


def feed_drift(feeds: dict[str, dict[str, Any]]) -> list[str]:
    """Feeds of articles or ticker lines whose field order is not the item's."""
    expected = {"mayadeen.items.ArticleItem": list(ARTICLE_FIELDS),
                "mayadeen.items.BreakingItem": list(BREAKING_FIELDS)}  # fmt: skip
    problems = []
    for uri, options in feeds.items():
        for item_class in options.get("item_classes", ()):
            if options.get("fields") != expected[item_class]:
                problems.append(f"feed {uri}: fields {options.get('fields')} are not the "
                                f"{item_class} fields {expected[item_class]}")  # fmt: skip
    return problems


def table_drift(table: Table, columns: tuple[str, ...]) -> list[str]:
    """How the `articles` table and the store's column list differ from the item definition."""
    problems = []
    if set(columns) != set(ARTICLE_FIELDS):
        problems.append(f"store columns {sorted(set(columns) ^ set(ARTICLE_FIELDS))} differ")
    found = {column.name for column in table.columns}
    for name in sorted(found ^ (set(ARTICLE_FIELDS) | BOOKKEEPING_COLUMNS)):
        problems.append(f"table {table.name}: column {name} is "
                        f"{'not an item field' if name in found else 'missing'}")  # fmt: skip
    for name, spec in DEFINITION.items():
        if name not in table.columns:
            continue
        column = table.columns[name]
        if not isinstance(column.type, COLUMN_TYPE[spec["kind"]]):
            problems.append(f"table {name}: {column.type!r} does not hold {spec['kind']}")
        if column.nullable != spec["nullable"]:
            problems.append(f"table {name}: nullable={column.nullable}, definition "
                            f"{spec['nullable']}")  # fmt: skip
    return problems


def readme_rows(readme: str) -> list[tuple[str, str, str]]:
    """(field, type, meaning) of every row of the README's article field table."""
    section = readme.split("## The article item", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \| (.+) \|$", section, re.M)
    return [(name, kind.strip(), meaning.strip()) for name, kind, meaning in rows]


def readme_drift(readme: str) -> list[str]:
    expected = [
        (name, spec["kind"] + (" or null" if spec["nullable"] else ""), spec["meaning"])
        for name, spec in DEFINITION.items()
    ]
    found = readme_rows(readme)
    if found == expected:
        return []
    wrong = [row for row in found if row not in expected] + [
        row for row in expected if row not in found
    ]
    return [f"README field table differs from the definition: {wrong or 'order'}"]


# --- the real artefacts ------------------------------------------------------------------------
def test_the_item_definition_gives_every_field_a_kind_and_a_meaning():
    assert len(ARTICLE_FIELDS) == 25 and ARTICLE_FIELDS[:3] == ("url", "post_id", "title")
    for spec in DEFINITION.values():
        assert spec["kind"] in JSON_TYPE and spec["meaning"] and "\n" not in spec["meaning"]
    assert BREAKING_FIELDS == ("text", "url", "first_seen_at", "seen_on")
    assert tuple(BreakingItem.fields) == BREAKING_FIELDS


def test_the_shipped_json_schema_follows_the_definition():
    assert schema_drift(shipped_schema()) == []


def test_every_feed_has_the_item_field_order(tmp_path):
    assert feed_drift(settings.FEEDS) == []
    assert feed_drift(demo_feeds(tmp_path)) == []
    # JSON Lines, CSV and Parquet.
    assert len([f for f in settings.FEEDS.values() if f.get("fields") == list(ARTICLE_FIELDS)]) == 3


def test_the_articles_table_and_store_follow_the_definition():
    assert table_drift(articles, store.ARTICLE_COLUMNS) == []


def test_the_readme_field_table_follows_the_definition():
    assert len(readme_rows(README.read_text("utf-8"))) == len(ARTICLE_FIELDS)
    assert readme_drift(README.read_text("utf-8")) == []


def test_the_page_object_reads_every_page_field_through_its_layer_table():
    # FIELD_LAYERS: each field read from the page, with its layers; nothing else.
    page_fields = [name for name, spec in DEFINITION.items() if spec["origin"] == "page"]
    assert list(FIELD_LAYERS) == page_fields
    assert all(FIELD_LAYERS[name] for name in page_fields)


# --- the checks fail on a changed copy ---------------------------------------------------------
def _swap_first_two(names: list[str]) -> list[str]:
    return [names[1], names[0], *names[2:]]


def _mutated_schemas() -> list[tuple[str, Callable[[dict[str, Any]], None]]]:
    def reorder(schema: dict[str, Any]) -> None:
        schema["properties"] = dict(
            (k, schema["properties"][k]) for k in _swap_first_two(list(schema["properties"]))
        )

    return [
        (
            "a field removed",
            lambda s: (s["properties"].pop("shares"), s["required"].remove("shares")),
        ),
        (
            "a field added",
            lambda s: (
                s["properties"].update(lead={"type": "string"}),
                s["required"].append("lead"),
            ),
        ),
        (
            "a nullable field made required",
            lambda s: s["properties"]["summary"].update(type="string"),
        ),
        ("an integer made a string", lambda s: s["properties"]["word_count"].update(type="string")),
        ("the order changed", reorder),
        (
            "a text list of integers",
            lambda s: s["properties"]["tags"]["items"].update(type="integer"),
        ),
    ]


@pytest.mark.parametrize(("change", "mutate"), _mutated_schemas(), ids=lambda x: x)
def test_schema_drift_is_reported(change, mutate):
    schema = copy.deepcopy(shipped_schema())
    mutate(schema)
    assert schema_drift(schema), change


@pytest.mark.parametrize("which", ["settings", "demo"])
def test_feed_drift_is_reported(which, tmp_path):
    feeds = copy.deepcopy(settings.FEEDS if which == "settings" else demo_feeds(tmp_path))
    article_feed = next(
        f for f in feeds.values() if "mayadeen.items.ArticleItem" in f["item_classes"]
    )
    article_feed["fields"] = _swap_first_two(article_feed["fields"])
    (problem,) = feed_drift(feeds)
    assert "ArticleItem" in problem


def _mutated_tables() -> list[tuple[str, Table, tuple[str, ...]]]:
    def table_with(*changes: tuple[str, Column | None]) -> Table:
        """A copy of `articles` with columns replaced (None: removed) or added."""
        replaced = dict(changes)
        columns = [Column(c.name, c.type, nullable=c.nullable) for c in articles.columns]
        columns = [replaced.get(c.name, c) for c in columns]
        columns += [c for name, c in changes if name not in articles.columns]
        return Table("articles", MetaData(), *(c for c in columns if c is not None))

    return [
        ("a column dropped", table_with(("source", None)), store.ARTICLE_COLUMNS),
        ("a column added", table_with(("lead", Column("lead", Text))), store.ARTICLE_COLUMNS),
        ("a type changed", table_with(("shares", Column("shares", Text))), store.ARTICLE_COLUMNS),
        (
            "nullability changed",
            table_with(("title", Column("title", Text))),
            store.ARTICLE_COLUMNS,
        ),
        ("a stored field left out", articles, store.ARTICLE_COLUMNS[:-1]),
    ]


@pytest.mark.parametrize(("change", "table", "columns"), _mutated_tables(), ids=lambda x: x)
def test_table_drift_is_reported(change, table, columns):
    assert table_drift(table, columns), change


@pytest.mark.parametrize(
    ("change", "old", "new"),
    [
        (
            "a meaning changed",
            "| `source` | text or null | text after",
            "| `source` | text or null | from",
        ),
        ("a type changed", "| `shares` | integer or null |", "| `shares` | text |"),
        ("a row removed", "| `video_url` | text or null | video player URL |\n", ""),
    ],
)
def test_readme_drift_is_reported(change, old, new):
    readme = README.read_text("utf-8")
    assert old in readme
    assert readme_drift(readme.replace(old, new)), change
