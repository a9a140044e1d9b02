"""Where the per-run feeds go: `%(feeds_dir)s` and `%(run)s` in the FEEDS paths (FEED_URI_PARAMS).

A run under Scrapyd is named by its job id (the feeds of a job are found from listjobs.json, and
two overlapping jobs never share a file); any other run by its start time. The directory is the
MAYADEEN_FEEDS_DIR setting: relative paths are relative to the crawl's working directory, which
under Scrapyd is Scrapyd's own, so scheduled runs pass an absolute one.
"""

from __future__ import annotations

from typing import Any


def feed_uri_params(params: dict[str, Any], spider: Any) -> dict[str, Any]:
    settings = spider.crawler.settings
    # Empty: the working directory.
    params["feeds_dir"] = settings.get("MAYADEEN_FEEDS_DIR").rstrip("/") or "."
    params["run"] = getattr(spider, "job", None) or params["time"]
    return params
