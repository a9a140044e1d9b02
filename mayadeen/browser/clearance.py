"""Clearance mode: a site that challenges every plain request is passed at the cost of one browser
render per clearance, not one per page.

A managed challenge (Cloudflare's "Just a moment...") answers every request that lacks a
clearance cookie. When at least MAYADEEN_CLEARANCE_THRESHOLD of the last
MAYADEEN_CLEARANCE_WINDOW plain responses were challenges, ClearanceMiddleware solves the challenge
once in the browser (a fresh context whose user agent is the crawl's USER_AGENT: a clearance is
bound to the user agent that earned it), takes the context's cookies (cf_clearance and whatever
else the site set) and sends them with every plain request, with that same User-Agent, until a
request that carried them is challenged again (the clearance expired): then it solves again.

- One solve at a time: while it runs, new requests wait for it in process_request, and challenged
  responses are sent back to the scheduler as plain requests (not filtered as duplicates), to go
  out with the new cookies once it is done. A challenge met with an older clearance than the
  current one is only re-queued, never solved again.
- The cookies are set on each request (Request.cookies): Scrapy's CookiesMiddleware merges them
  into its cookiejar (the jar's other cookies still go out; a newer clearance replaces the older
  one under the same name) and builds the Cookie header. Setting them per request, not only once
  in the jar, is what tells which clearance a challenged request carried. With COOKIES_ENABLED
  off, the middleware writes the Cookie header itself.
- A solve whose page stays a challenge fails; after MAYADEEN_CLEARANCE_MAX_FAILURES failures in a
  row (a clearance that no page got through with counts as one) the mode is switched off for the
  crawl with a warning (stat mayadeen/clearance/switched_off), and challenged pages go the usual
  way (plain retries, then one render each). So does a request re-queued
  MAYADEEN_CLEARANCE_MAX_REQUEUES times.
- MAYADEEN_CLEARANCE_ENABLED = False switches reuse off: every challenged page is rendered.

Stats: mayadeen/clearance/solves, mayadeen/clearance/solve_failures, mayadeen/clearance/pages
(plain responses that came through with a clearance), mayadeen/clearance/requeued,
mayadeen/clearance/expired (clearances the site stopped honouring),
mayadeen/clearance/switched_off; renders are counted by the download handler
(mayadeen/browser/renders), challenges met in mayadeen/challenge.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from mayadeen.browser.cleared import cleared_page_method
from mayadeen.downloadermiddlewares.challenge import is_challenge

logger = logging.getLogger(__name__)

# Request meta: the generation of the clearance a request carried, the names of the clearance
# cookies put on it, how often it was re-queued for a clearance, and the solve render itself.
GENERATION_META = "mayadeen_clearance"
COOKIE_NAMES_META = "mayadeen_clearance_cookies"
REQUEUES_META = "mayadeen_clearance_requeues"
SOLVE_META = "mayadeen_clearance_solve"
CONTEXT_PREFIX = "mayadeen-clearance"
STATS = "mayadeen/clearance/"


class SolveFailed(IgnoreRequest):
    """The solve render ended on a challenge page (raised before ChallengeMiddleware sees it)."""


@dataclass(frozen=True)
class Clearance:
    generation: int
    user_agent: str
    cookies: tuple[dict[str, Any], ...]  # name, value, path (host-only, the site's host)

    def header(self) -> str:
        return "; ".join(f"{c['name']}={c['value']}" for c in self.cookies)


class ClearanceMiddleware:
    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.enabled = settings.getbool("MAYADEEN_CLEARANCE_ENABLED") and settings.getbool(
            "MAYADEEN_BROWSER_AVAILABLE"
        )
        self.threshold = settings.getfloat("MAYADEEN_CLEARANCE_THRESHOLD")
        self.recent: deque[bool] = deque(maxlen=settings.getint("MAYADEEN_CLEARANCE_WINDOW"))
        self.max_requeues = settings.getint("MAYADEEN_CLEARANCE_MAX_REQUEUES")
        self.max_failures = settings.getint("MAYADEEN_CLEARANCE_MAX_FAILURES")
        self.wait_ms = settings.getfloat("MAYADEEN_BROWSER_WAIT_SECONDS") * 1000
        self.user_agent = settings.get("USER_AGENT")
        self.use_jar = settings.getbool("COOKIES_ENABLED")
        self.clearance: Clearance | None = None
        self.generations = 0  # solves started
        self.pages_with_current = 0  # pages the current clearance got through
        self.failures = 0  # in a row
        self.solving: asyncio.Future[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ClearanceMiddleware:
        return cls(crawler)

    # --- requests -----------------------------------------------------------------------------
    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not self.enabled or request.meta.get("playwright"):
            return
        if self.solving is not None:
            await asyncio.shield(self.solving)
        if self.clearance is not None:
            self.attach(request, self.clearance)

    def attach(self, request: Request, clearance: Clearance) -> None:
        """Send the clearance's cookies with the User-Agent it is bound to."""
        request.headers["User-Agent"] = clearance.user_agent
        names = {c["name"] for c in clearance.cookies}
        stale = set(request.meta.get(COOKIE_NAMES_META, ())) | names
        if self.use_jar and not request.meta.get("dont_merge_cookies"):
            own = request.cookies
            if isinstance(own, dict):
                own = [{"name": k, "value": v} for k, v in own.items()]
            kept = [c for c in own if c.get("name") not in stale]
            request.cookies = kept + [dict(c) for c in clearance.cookies]
        else:
            raw = request.headers.get("Cookie", b"").decode("latin-1")
            kept = [p for p in raw.split("; ") if p and p.split("=", 1)[0] not in stale]
            request.headers["Cookie"] = "; ".join([*kept, clearance.header()])
        request.meta[COOKIE_NAMES_META] = sorted(names)
        request.meta[GENERATION_META] = clearance.generation

    # --- responses ----------------------------------------------------------------------------
    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if request.meta.get(SOLVE_META):
            if is_challenge(response):
                raise SolveFailed(f"still a challenge after the browser: {request.url}")
            return response
        if not self.enabled or request.meta.get("playwright"):
            return response
        challenged = is_challenge(response)
        self.recent.append(challenged)
        generation = request.meta.get(GENERATION_META)
        if not challenged:
            if generation is not None:
                self.stats.inc_value(STATS + "pages")
                if generation == self.generations:
                    self.pages_with_current += 1
                    self.failures = 0  # a clearance that works
            return response
        if request.meta.get(REQUEUES_META, 0) >= self.max_requeues:
            return response  # the usual way: plain retries, then the browser
        if generation is not None and generation == self.generations and self.solving is None:
            self.stats.inc_value(STATS + "expired")
            self.clearance = None
            if not self.pages_with_current:
                self.failed(f"the site did not accept clearance {generation} ({request.url})")
                if not self.enabled:
                    return response  # the usual way from now on
            logger.info(
                "clearance %d no longer accepted after %d pages (%s): solving again",
                generation,
                self.pages_with_current,
                request.url,
            )
            self.start_solve(request.url)
        elif self.clearance is None and self.solving is None:
            if not self.mostly_challenged():
                return response
            logger.info(
                "%d of the last %d plain responses were challenges: clearance mode on (%s)",
                sum(self.recent),
                len(self.recent),
                request.url,
            )
            self.start_solve(request.url)
        self.stats.inc_value("mayadeen/challenge")
        return self.requeue(request)

    def mostly_challenged(self) -> bool:
        """Whether the window of recent plain responses is full and challenged enough."""
        full = len(self.recent) == self.recent.maxlen
        return full and sum(self.recent) >= self.threshold * len(self.recent)

    def requeue(self, request: Request) -> Request:
        self.stats.inc_value(STATS + "requeued")
        meta = {**request.meta, REQUEUES_META: request.meta.get(REQUEUES_META, 0) + 1}
        meta.pop(GENERATION_META, None)
        return request.replace(meta=meta, dont_filter=True)

    # --- solving ------------------------------------------------------------------------------
    def start_solve(self, url: str) -> None:
        self.generations += 1
        self.pages_with_current = 0
        self.solving = asyncio.ensure_future(self.solve(url, self.generations))

    async def solve(self, url: str, generation: int) -> None:
        """Render ``url`` in a fresh context until the challenge lets it through, keep its
        cookies as the clearance; on failure the waiting requests go on without one."""
        request = self.solve_request(url, generation)
        try:
            cookies = await self.render(request)
        except Exception as exc:  # any failure of the render: counted and logged below
            cookies = None
            reason = f"{type(exc).__name__}: {exc}"
        else:
            reason = "no cookie set" if not cookies else ""
        finally:
            self.solving = None
        self.stats.inc_value(STATS + "solves")
        if cookies:
            self.clearance = Clearance(
                generation,
                self.user_agent,
                tuple({"name": c["name"], "value": c["value"], "path": c["path"]} for c in cookies),
            )
            logger.info(
                "clearance %d obtained through the browser (%s): cookies %s",
                generation,
                url,
                ", ".join(c["name"] for c in cookies),
            )
            return
        self.stats.inc_value(STATS + "solve_failures")
        self.failed(f"solve {generation} failed on {url}: {reason}")

    def failed(self, reason: str) -> None:
        self.failures += 1
        if self.failures < self.max_failures:
            logger.warning("clearance: %s", reason)
            return
        # The guess that a clearance earned in the browser lets plain requests through failed
        # (the site may also bind it to what plain HTTP cannot imitate): said once, counted, and
        # the crawl goes on the usual way, which still gets every page.
        self.enabled = False
        self.stats.set_value(STATS + "switched_off", 1)
        logger.warning(
            "clearance mode off after %d failures in a row (%s): challenged pages are rendered "
            "one by one (mayadeen/clearance/switched_off)",
            self.failures,
            reason,
        )

    def solve_request(self, url: str, generation: int) -> Request:
        return Request(
            url,
            headers={"User-Agent": self.user_agent},
            dont_filter=True,
            meta={
                SOLVE_META: True,
                "playwright": True,
                # A fresh context: no stale clearance, the crawl's user agent in the page too.
                "playwright_context": f"{CONTEXT_PREFIX}-{generation}",
                "playwright_context_kwargs": {"user_agent": self.user_agent},
                "playwright_include_page": True,
                "playwright_page_methods": [cleared_page_method(self.wait_ms)],
                # The browser keeps its own cookies; none from the crawl's jar.
                "dont_merge_cookies": True,
                "dont_retry": True,
                # A URL the crawl already asked for; and robots.txt may be the request that is
                # waiting for this solve.
                "dont_obey_robotstxt": True,
            },
        )

    async def render(self, request: Request) -> list[dict[str, Any]]:
        """The cookies the browser holds for the URL once the page is through; the solve's
        context is closed afterwards."""
        try:
            response = await self.crawler.engine.download_async(request)
            page = response.meta["playwright_page"]
            return await page.context.cookies([request.url])
        finally:
            page = request.meta.get("playwright_page")
            if page is not None:
                with suppress(Exception):  # closing with the browser: nothing left to free
                    await page.context.close()
