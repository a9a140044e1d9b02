"""The reparse spider's arguments and its end-of-run summary."""

from __future__ import annotations

from datetime import date

import pytest

from mayadeen.spiders.reparse import ReparseSpider, summary


def test_arguments_parsed_and_bad_values_named():
    spider = ReparseSpider(run="12", since="2026-01-01", until="2026-01-31", progress="false")
    assert (spider.run_id, spider.since, spider.until, spider.progress) == (
        12, date(2026, 1, 1), date(2026, 1, 31), False,
    )  # fmt: skip
    assert ReparseSpider().run_id is None and ReparseSpider().progress
    with pytest.raises(ValueError, match="argument run: expected a run id"):
        ReparseSpider(run="last")
    with pytest.raises(ValueError, match="argument since: expected YYYY-MM-DD"):
        ReparseSpider(since="January")


def test_summary_counts_pages_changes_per_field_and_drops():
    stats = {
        "mayadeen/reparse/pages_read": 200, "mayadeen/reparse/seconds": 2.0,
        "mayadeen/reparse/superseded": 3, "mayadeen/reparse/older_captures": 7,
        "mayadeen/reparse/unreadable": 1,
        "mayadeen/items/updated": 150, "mayadeen/items/unchanged": 45,
        "mayadeen/items/changed_field/body": 150, "mayadeen/items/changed_field/tags": 4,
        "mayadeen/drop/short_body": 2, "mayadeen/drop/no_title": 1, "mayadeen/drop/duplicate": 3,
        "item_dropped_reasons_count/InvalidItem": 2,
    }  # fmt: skip
    assert summary(stats).splitlines() == [
        "Pages read: 200 in 2.0s (100 pages/s); not re-extracted: 3 captured again after the "
        "scope, 7 older captures, 1 unreadable, 0 not 200",
        "Items changed: 150 (new versions, cause reparse); new: 0; unchanged: 45; duplicates: 3",
        "Changed per field: body 150, tags 4",
        "Dropped: 5 (no_title 1, short_body 2, invalid 2)",
    ]

