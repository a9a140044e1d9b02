"""The replica's seed page reproduces the real page's visible text exactly."""

from pathlib import Path

import pytest

from testground.replica import anchors
from testground.replica.render import Renderer
from testground.replica.textview import visible_text

SEED_FILE = Path("seed") / "article-kazakhstan.txt"


def _shared_dir() -> Path | None:
    """The project's shared/ directory: next to the repository (/work/main -> /work/shared), or
    next to any of its ancestors (worktrees live deeper, e.g. /work/wt/<name>)."""
    for parent in Path(__file__).resolve().parents[2:]:
        if (parent / "shared" / SEED_FILE).is_file():
            return parent / "shared"
    return None


SHARED = _shared_dir()
pytestmark = pytest.mark.skipif(
    SHARED is None, reason="shared/seed/article-kazakhstan.txt not found next to the repository"
)


def test_seed_page_visible_text_equals_the_seed_file():
    expected = (SHARED / SEED_FILE).read_text(encoding="utf-8")
    html = Renderer("http://127.0.0.1:8089").article_page(anchors.SEED, anchors.seed_furniture())
    assert visible_text(html) == expected


def test_seed_page_text_does_not_depend_on_the_base_url():
    furniture = anchors.seed_furniture()
    one = Renderer("http://127.0.0.1:8089").article_page(anchors.SEED, furniture)
    two = Renderer("https://english.almayadeen.net").article_page(anchors.SEED, furniture)
    assert visible_text(one) == visible_text(two)
    assert one != two  # only the layers carrying the canonical URL differ
