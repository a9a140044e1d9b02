"""Page objects: pure functions of a page's HTML and URL, usable without a Scrapy reactor."""

from mayadeen.extraction.article import ArticlePage
from mayadeen.extraction.listing import ListingPage, TickerLine, ticker_items, with_page

__all__ = ["ArticlePage", "ListingPage", "TickerLine", "ticker_items", "with_page"]
