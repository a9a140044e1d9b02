"""Site-profile entries a crawl may override by setting, checked at start."""

from __future__ import annotations

from cssselect import SelectorError
from scrapy.settings import BaseSettings

from mayadeen.extraction.dom import compiled_css


def body_selector(settings: BaseSettings) -> str | None:
    """MAYADEEN_BODY_CONTAINER_SELECTOR, checked: a selector that does not compile stops the
    crawl at start with a message naming the setting. None (settings without the project's):
    site.BODY_CONTAINER_SELECTOR."""
    selector = settings.get("MAYADEEN_BODY_CONTAINER_SELECTOR")
    if selector is None:
        return None
    try:
        compiled_css(selector)
    except (SelectorError, TypeError, ValueError) as error:
        raise ValueError(
            f"MAYADEEN_BODY_CONTAINER_SELECTOR: not a CSS selector: {selector!r} ({error})"
        ) from error
    return selector
