"""The project's settings for code that builds a crawler or a `Settings` by hand (tests, fuzzing,
benchmarks).

`scrapy crawl` and Scrapyd read mayadeen/settings.py, the one home of every default; Scrapy's
`get_crawler` and a bare `Settings()` read Scrapy's defaults only, so a component built that way
would see no MAYADEEN_* setting at all.
"""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from mayadeen import settings as project

# The project's own settings (MAYADEEN_*): values, no components. The component settings
# (pipelines, extensions, add-ons, feeds) are left out, so that a crawler built for a test builds
# only what the test names.
OWN_SETTINGS: dict[str, Any] = {
    name: value for name, value in vars(project).items() if name.startswith("MAYADEEN_")
}


def project_settings(**overrides: Any) -> Settings:
    """Scrapy's defaults, then mayadeen/settings.py, then ``overrides``: what `scrapy crawl`
    gives a component."""
    settings = Settings()
    settings.setmodule(project, priority="project")
    settings.update(overrides, priority="cmdline")
    return settings


def own_settings(**overrides: Any) -> dict[str, Any]:
    """The project's MAYADEEN_* settings under ``overrides`` (for ``get_crawler``)."""
    return {**OWN_SETTINGS, **overrides}


def project_crawler(
    spidercls: type[Spider] | None = None, settings_dict: dict[str, Any] | None = None
) -> Crawler:
    """``get_crawler`` (same arguments) with the project's own settings under ``settings_dict``."""
    return get_crawler(spidercls, own_settings(**(settings_dict or {})))
