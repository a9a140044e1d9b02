"""Every valid item the fuzzed pages give can be stored: the database pipeline's store takes it
(a schema-valid date the database cannot hold was a crash found this way)."""

import pytest
from sqlalchemy import func, select

from mayadeen.storage.schema import articles
from mayadeen.storage.store import ArticleStore
from testground.replica import fuzzing, mutations, strategies


@pytest.fixture
def store(tmp_path):
    store = ArticleStore.from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}", batch_size=1)
    yield store
    store.close()


def test_valid_items_of_every_mutation_kind_are_stored(store):
    run = store.start_run("articles")
    statuses = []
    for number, page in enumerate(fuzzing.replica_pages(3)):
        for kind in mutations.kinds():
            outcome = fuzzing.run_page(page.url, mutations.mutate(kind, page.html, number))
            if outcome.item is not None:
                statuses.append(store.save_article(outcome.item, run))
    store.flush()
    assert len(statuses) > 2 * len(mutations.kinds())
    assert set(statuses) <= {"new", "updated", "unchanged"}
    assert store.conn.execute(select(func.count()).select_from(articles)).scalar() >= 3


@pytest.mark.parametrize(
    "date", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00"]
)
def test_a_date_without_a_utc_moment_falls_to_the_next_layer(store, date):
    # Valid ISO 8601 with an offset, but in UTC it is year 0 or 10000: no database holds it.
    page = next(p for p in fuzzing.replica_pages(3) if p.article.variant.has_meta_tags)
    outcome = strategies.check_metadata_document(page, {"published_time": date}, True)
    assert outcome.item["published_at"] == page.expected["published_at"]
    assert store.save_article(outcome.item, store.start_run("articles")) == "new"
