"""Fixtures for the pipeline and storage tests: valid article items and crawler stand-ins."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from mayadeen.items import ArticleItem, content_hash, word_count
from mayadeen.storage import metadata
from testground.projectsettings import project_crawler


def make_article(**overrides: Any) -> ArticleItem:
    """A valid article item; `overrides` replace fields (content_hash follows the text)."""
    body = overrides.pop("body", "Kazakhstan on Friday imposed a countrywide level.\n\nOrder.")
    fields: dict[str, Any] = {
        "url": "https://english.almayadeen.net/news/politics/kazakhstan---critical-red--level-of",
        "post_id": "1542337",
        "title": "Kazakhstan: 'Critical red' level of terrorist threat, order restored",
        "summary": "As violence escalates in Kazahstan, Kazakhstan ups its level of threat.",
        "authors": ["Al Mayadeen Net"],
        "source": "Agencies + Al Mayadeen Net",
        "published_at": "2022-01-07T08:54:00+02:00",
        "updated_at": "2022-01-07T08:54:00+02:00",
        "section": "Politics",
        "content_type": "news",
        "region": "Asia",
        "coverage": None,
        "tags": ["CSTO", "Almaty", "Kazakhstan"],
        "image_url": "https://english.almayadeen.net/media/image/2022/1/7/a.jpg?v=1&width=1000",
        "image_caption": "Riot police in Kazakhstan",
        "body": body,
        "word_count": word_count(body),
        "read_time_minutes": 4,
        "shares": 3,
        "related_urls": [],
        "video_url": None,
        "images": [],
        "language": "en",
        "scraped_at": "2026-11-25T10:00:00+00:00",
    }
    fields.update(overrides)
    fields["content_hash"] = content_hash(fields["title"], fields["summary"], fields["body"])
    return ArticleItem(**fields)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    """An empty database of each supported kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server")
    yield server.url
    engine = create_engine(server.url)
    metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS schema_version"))
    engine.dispose()


@pytest.fixture
def article() -> Callable[..., ArticleItem]:
    return make_article


@pytest.fixture
def crawler_factory() -> Callable[..., Any]:
    def factory(**settings: Any) -> Any:
        crawler = project_crawler(settings_dict=settings)
        return crawler

    return factory
