"""Distributed crawls: several `scrapy crawl articles` processes share one crawl through Redis.

Off by default. With the MAYADEEN_REDIS_URL setting or environment variable (redis://host:port/db)
the `DistributedAddon` switches the scheduler and dupefilter to scrapy-redis (one request queue and
one set of seen requests for all processes) and adds `SharedCrawl`, which keeps a process that runs
out of work alive while another one may still add requests, and lets the last one to leave clear
the shared queue and dupefilter (so the next distributed run starts afresh; the database is its
memory). Every process stores into the same database (PostgreSQL: MAYADEEN_DATABASE_URL).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

KEY_PREFIX = "mayadeen:%(spider)s"
# A worker that has not reported for this long is taken as gone (killed without leaving).
STALE_SECONDS = 120.0
HEARTBEAT_SECONDS = 10.0


def redis_url(settings: BaseSettings) -> str | None:
    return os.environ.get("MAYADEEN_REDIS_URL") or settings.get("MAYADEEN_REDIS_URL") or None


class DistributedAddon:
    """Scrapy add-on (ADDONS): the shared scheduler when a Redis URL is configured."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = redis_url(settings)
        if not url:
            return
        settings.set("REDIS_URL", url, priority="addon")
        settings.set("SCHEDULER", "scrapy_redis.scheduler.Scheduler", priority="addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="addon")
        settings.set("SCHEDULER_QUEUE_KEY", KEY_PREFIX + ":requests", priority="addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", KEY_PREFIX + ":dupefilter", priority="addon")
        # The queue outlives each process: SharedCrawl clears it when the last one leaves.
        settings.set("SCHEDULER_PERSIST", True, priority="addon")
        settings.setdefault_in_component_priority_dict("EXTENSIONS", SharedCrawl, 500)


class SharedCrawl:
    """One worker of a shared crawl: registered in a Redis hash with its state (busy/idle)."""

    def __init__(self, crawler: Crawler, url: str) -> None:
        import redis

        self.crawler = crawler
        self.server = redis.Redis.from_url(url)
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self.busy = False
        self.reported_at = 0.0
        self.keys: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedCrawl:
        url = redis_url(crawler.settings)
        if not url:
            raise NotConfigured
        extension = cls(crawler, url)
        crawler.signals.connect(extension.spider_opened, signals.spider_opened)
        crawler.signals.connect(extension.working, signals.request_reached_downloader)
        crawler.signals.connect(extension.spider_idle, signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        settings, name = self.crawler.settings, {"spider": spider.name}
        self.keys = {
            "workers": (KEY_PREFIX + ":workers") % name,
            "queue": settings.get("SCHEDULER_QUEUE_KEY") % name,
            "dupefilter": settings.get("SCHEDULER_DUPEFILTER_KEY") % name,
        }
        self._report("busy")
        logger.info("Shared crawl via Redis: worker %s", self.worker)

    def _report(self, state: str) -> None:
        self.busy, self.reported_at = state == "busy", time.time()
        self.server.hset(self.keys["workers"], self.worker, f"{state} {self.reported_at:.3f}")

    def working(self, request: Any = None, spider: Any = None) -> None:
        if not self.busy or time.time() - self.reported_at > HEARTBEAT_SECONDS:
            self._report("busy")

    def others_busy(self) -> bool:
        now = time.time()
        for worker, value in self.server.hgetall(self.keys["workers"]).items():
            state, _, stamp = value.decode().partition(" ")
            mine = worker.decode() == self.worker
            if not mine and state == "busy" and now - float(stamp) < STALE_SECONDS:
                return True
        return False

    def spider_idle(self, spider: Any) -> None:
        """Out of work here: wait while the queue is not empty or another worker is busy (its
        responses may still add requests)."""
        self._report("idle")
        if self.server.exists(self.keys["queue"]) or self.others_busy():
            raise DontCloseSpider

    def spider_closed(self, reason: str) -> None:
        self.server.hdel(self.keys["workers"], self.worker)
        if not self.server.hlen(self.keys["workers"]):
            self.server.delete(self.keys["queue"], self.keys["dupefilter"], self.keys["workers"])
            logger.info("Last worker of the shared crawl: queue and dupefilter cleared")
