"""Scrapy contracts for the project's callbacks.

`@site_url /path` is `@url` relative to the spider's target (the MAYADEEN_BASE_URL setting), so
`scrapy check articles -s MAYADEEN_BASE_URL=http://127.0.0.1:PORT` checks the callbacks against the
replica and plain `scrapy check articles` against the live site, with the same docstrings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from scrapy.contracts import Contract

from mayadeen import site


class SiteUrlContract(Contract):
    """@site_url /news/politics  -- the sample URL, joined on the spider's base URL."""

    name = "site_url"

    def __init__(self, method: Callable[..., Any], *args: Any):
        super().__init__(method, *args)
        # The method is bound to the spider instance `scrapy check` runs (see ContractsManager).
        self.spider = getattr(method, "__self__", None)

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        spider = self.spider
        base = getattr(spider, "base_url", None) or site.BASE_URL
        args["url"] = urljoin(base.rstrip("/") + "/", self.args[0].lstrip("/"))
        return args
