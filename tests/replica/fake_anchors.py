"""A small stand-in for testground.replica.anchors: the same interface, two hand-written articles.

Lets the catalog be tested on its own; the real anchors are tested by their own module's tests.
"""

from __future__ import annotations

from datetime import datetime

from mayadeen import site
from testground.replica.model import Article, Block, Image, PageVariant

TZ = site.SITE_TIMEZONE


def _article(index: int, post_id: str, title: str, when: datetime, **kw) -> Article:
    fields = dict(
        index=index,
        post_id=post_id,
        posttype="News",
        top="news",
        sub="politics",
        section="Politics",
        region="Asia",
        coverage=None,
        title=title,
        slug=site.slugify(title),
        authors=("Al Mayadeen Net",),
        source="Agencies",
        published=when,
        updated=when,
        summary=f"Lede of {title}.",
        blocks=(
            Block("p", f"Body of {title}."),
            Block("h2", "Background"),
            Block("p", "More text here."),
        ),
        image=Image(
            "https://english.almayadeen.net/media/image/2022/1/7/x.jpg?v=1&width=1000",
            "A caption",
            "An alt",
        ),
        tags=("CSTO", "Kazakhstan"),
        related=(),
        shares=3,
        read_time=4,
        video_url=None,
        variant=PageVariant(),
    )
    fields.update(kw)
    return Article(**fields)


SEED = _article(
    -1,
    "1500001",
    "Kazakhstan: 'Critical red' level of terrorist threat, order restored",
    datetime(2022, 1, 7, 8, 54, tzinfo=TZ),
)
MOST = _article(
    -2,
    "1500002",
    "Iran acquired thousands of sensitive Israeli documents: Exclusive",
    datetime(2025, 6, 7, 10, 0, tzinfo=TZ),
    region="MENA",
    tags=("Iran",),
    coverage="War on Gaza",
)
ANCHORS = (SEED, MOST)
SEED_INDEX = -1
SEED_TICKER = tuple(f"Ticker line {n}" for n in range(1, 11))
MOST_READ = (-2,)
READ_NEXT = (-2, -1)
COVERAGE_LINKS = (("All", "/coverage"), ("War on Gaza", "/coverage/war-on-gaza"))
