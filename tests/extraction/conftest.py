"""Fixtures of the extraction tests (saved pages in pages/)."""

import pytest
from tests_support import SEED_URL, load

from mayadeen.extraction import ArticlePage


@pytest.fixture
def seed_html() -> str:
    return load("seed.html")


@pytest.fixture
def page_of():
    """page_of(html, url=SEED_URL) -> ArticlePage."""

    def make(html: str, url: str = SEED_URL) -> ArticlePage:
        return ArticlePage.from_html(html, url)

    return make
