"""Saved article pages (hand-made after the brief's markup) for extraction tests."""

from pathlib import Path

import pytest

from mayadeen.extraction import ArticlePage

PAGES = Path(__file__).parent / "pages"
SEED_URL = (
    "https://english.almayadeen.net/news/politics/"
    "kazakhstan---critical-red--level-of-terrorist-threat--order"
)


def load(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


@pytest.fixture
def seed_html() -> str:
    return load("seed.html")


@pytest.fixture
def page_of():
    """page_of(html, url=SEED_URL) -> ArticlePage."""

    def make(html: str, url: str = SEED_URL) -> ArticlePage:
        return ArticlePage.from_html(html, url)

    return make
