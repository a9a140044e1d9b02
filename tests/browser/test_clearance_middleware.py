"""ClearanceMiddleware on its own: when the mode turns on, one solve at a time, requests waiting
for it, the clearance's cookies and user agent on plain requests, expiry, stale clearances,
failures and the switch. The browser is replaced by an engine whose solve the test releases."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from mayadeen.browser.clearance import (
    GENERATION_META,
    REQUEUES_META,
    SOLVE_META,
    ClearanceMiddleware,
    SolveFailed,
)
from mayadeen.spiders.articles import ArticlesSpider
from testground.replica.render import Renderer

BASE = "http://127.0.0.1:8765"
CHALLENGE = Renderer(BASE).challenge_page().encode()
PAGE = b"<html><head><title>News</title></head><body><p>a page</p></body></html>"
WINDOW = 20


class FakeContext:
    def __init__(self, cookies: list[dict[str, Any]]) -> None:
        self._cookies = cookies
        self.closed = False

    async def cookies(self, urls: list[str]) -> list[dict[str, Any]]:
        return self._cookies

    async def close(self) -> None:
        self.closed = True


class FakePage:
    def __init__(self, cookies: list[dict[str, Any]]) -> None:
        self.context = FakeContext(cookies)


class FakeEngine:
    """download_async of a solve render: waits until the test releases it, then "the browser"
    holds the cookies of the next solve (an empty list: the solve failed)."""

    def __init__(self) -> None:
        self.solves: list[Request] = []
        self.release = asyncio.Event()
        self.cookie_lists: list[list[dict[str, Any]]] = []

    async def download_async(self, request: Request) -> HtmlResponse:
        self.solves.append(request)
        await self.release.wait()
        n = len(self.solves)
        cookies = self.cookie_lists.pop(0) if self.cookie_lists else [_cookie(f"token{n}")]
        request.meta["playwright_page"] = FakePage(cookies)
        return HtmlResponse(request.url, body=PAGE, request=request)


def _cookie(value: str, name: str = "cf_clearance") -> dict[str, Any]:
    return {"name": name, "value": value, "domain": "127.0.0.1", "path": "/", "httpOnly": True}


def _middleware(**overrides: Any) -> tuple[ClearanceMiddleware, FakeEngine, Any]:
    settings = Settings()
    settings.setmodule("mayadeen.settings")
    # The project's own settings (their defaults live in mayadeen/settings.py) and its user agent.
    values = {k: settings[k] for k in settings if k.startswith("MAYADEEN_") or k == "USER_AGENT"}
    values.update(MAYADEEN_BASE_URL=BASE, MAYADEEN_BROWSER_AVAILABLE=True)
    values.update(overrides)
    crawler = get_crawler(ArticlesSpider, values)
    crawler.stats.open_spider()
    engine = FakeEngine()
    crawler.engine = engine
    return ClearanceMiddleware.from_crawler(crawler), engine, crawler


def _response(request: Request, challenged: bool) -> HtmlResponse:
    return HtmlResponse(
        request.url, status=403 if challenged else 200, body=CHALLENGE if challenged else PAGE,
        request=request,
    )  # fmt: skip


def _challenged(mw: ClearanceMiddleware, request: Request) -> Request | HtmlResponse:
    return mw.process_response(request, _response(request, challenged=True))


def _run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def test_the_mode_turns_on_when_the_window_is_full_of_challenges_and_solves_once():
    async def scenario() -> None:
        mw, engine, crawler = _middleware()
        # Random challenges (every other response) never turn it on.
        for n in range(3 * WINDOW):
            request = Request(f"{BASE}/a{n}")
            result = mw.process_response(request, _response(request, challenged=n % 2 == 0))
            assert isinstance(result, HtmlResponse)
        # A managed challenge: every response. Until the window holds 90% challenges the
        # responses go the usual way (the plain retries); then the mode is on: the 16th makes
        # it 18 of 20 (the window still holds 2 challenges of the 4 before).
        results = [_challenged(mw, Request(f"{BASE}/b{n}")) for n in range(WINDOW)]
        assert [isinstance(r, HtmlResponse) for r in results].count(True) == 15
        assert all(isinstance(r, Request) for r in results[15:])
        # More challenges while the solve runs: re-queued, no second solve.
        requeued = [_challenged(mw, Request(f"{BASE}/c{n}")) for n in range(10)]
        await asyncio.sleep(0)
        assert len(engine.solves) == 1
        solve = engine.solves[0]
        assert solve.meta[SOLVE_META] and solve.meta["playwright"]
        user_agent = crawler.settings["USER_AGENT"]
        assert solve.meta["playwright_context_kwargs"] == {"user_agent": user_agent}
        assert solve.meta["dont_merge_cookies"] is solve.meta["dont_obey_robotstxt"] is True
        assert solve.url == f"{BASE}/b15"
        again = requeued[0]
        assert again.dont_filter and again.meta[REQUEUES_META] == 1
        assert again.url == f"{BASE}/c0" and GENERATION_META not in again.meta

        # New requests wait for the solve.
        waiting = [asyncio.ensure_future(mw.process_request(r)) for r in requeued]
        await asyncio.sleep(0.01)
        assert not any(w.done() for w in waiting)
        engine.release.set()
        await asyncio.gather(*waiting)
        assert len(engine.solves) == 1
        for request in requeued:
            assert request.cookies == [{"name": "cf_clearance", "value": "token1", "path": "/"}]
            assert request.headers["User-Agent"] == crawler.settings["USER_AGENT"].encode()
            assert request.meta[GENERATION_META] == 1
        assert crawler.stats.get_value("mayadeen/clearance/solves") == 1
        assert crawler.stats.get_value("mayadeen/clearance/requeued") == 15
        # The solve's context is closed.
        assert solve.meta["playwright_page"].context.closed

        # Pages that come through with the clearance are counted.
        for request in requeued[:4]:
            assert isinstance(mw.process_response(request, _response(request, False)), HtmlResponse)
        assert crawler.stats.get_value("mayadeen/clearance/pages") == 4

    _run(scenario())


def test_an_expired_clearance_is_solved_again_once_and_stale_ones_are_only_requeued():
    async def scenario() -> None:
        mw, engine, crawler = _middleware(MAYADEEN_CLEARANCE_WINDOW=1)
        engine.release.set()
        first = _challenged(mw, Request(f"{BASE}/x"))
        await mw.process_request(first)
        carried = [Request(f"{BASE}/p{n}") for n in range(3)]
        for request in carried:
            await mw.process_request(request)
            assert request.meta[GENERATION_META] == 1
        mw.process_response(carried[0], _response(carried[0], False))
        # The site stops honouring clearance 1: one new solve, whatever the number of challenges.
        requeued = [_challenged(mw, r) for r in carried[1:]]
        await asyncio.sleep(0)
        assert len(engine.solves) == 2
        assert crawler.stats.get_value("mayadeen/clearance/expired") == 1
        for request in requeued:
            await mw.process_request(request)
            assert request.meta[GENERATION_META] == 2
            # The newer clearance replaces the older one: one cf_clearance on the request.
            assert request.cookies == [{"name": "cf_clearance", "value": "token2", "path": "/"}]
        # A request still out with clearance 1 comes back challenged: re-queued, not solved.
        stale = Request(f"{BASE}/late", meta={GENERATION_META: 1})
        assert isinstance(_challenged(mw, stale), Request)
        await asyncio.sleep(0)
        assert len(engine.solves) == 2

    _run(scenario())


def test_failed_solves_switch_the_mode_off_and_pages_go_the_usual_way(caplog):
    async def scenario() -> None:
        mw, engine, crawler = _middleware(MAYADEEN_CLEARANCE_WINDOW=1)
        engine.release.set()
        engine.cookie_lists = [[], [], []]  # the browser never gets a cookie
        for n in range(3):
            request = _challenged(mw, Request(f"{BASE}/f{n}"))
            assert isinstance(request, Request)
            await mw.process_request(request)
            assert GENERATION_META not in request.meta and not request.cookies
        assert crawler.stats.get_value("mayadeen/clearance/solve_failures") == 3
        assert crawler.stats.get_value("mayadeen/clearance/switched_off") == 1
        request = Request(f"{BASE}/after")
        assert isinstance(_challenged(mw, request), HtmlResponse)
        assert len(engine.solves) == 3

    _run(scenario())
    assert "clearance mode off after 3 failures in a row" in caplog.text


def test_a_request_requeued_too_often_goes_the_usual_way():
    mw, _, _ = _middleware(MAYADEEN_CLEARANCE_WINDOW=1)
    request = Request(f"{BASE}/r", meta={REQUEUES_META: 3})
    assert isinstance(_challenged(mw, request), HtmlResponse)


@pytest.mark.parametrize(
    "settings",
    [{"MAYADEEN_CLEARANCE_ENABLED": False}, {"MAYADEEN_BROWSER_AVAILABLE": False}],
)
def test_reuse_off_or_no_browser_leaves_challenges_to_the_usual_path(settings):
    mw, engine, _ = _middleware(MAYADEEN_CLEARANCE_WINDOW=1, **settings)
    for n in range(5):
        assert isinstance(_challenged(mw, Request(f"{BASE}/o{n}")), HtmlResponse)
    assert not engine.solves


def test_a_solve_that_stays_challenged_fails_before_the_challenge_middleware():
    mw, _, _ = _middleware()
    solve = Request(f"{BASE}/s", meta={SOLVE_META: True, "playwright": True})
    with pytest.raises(SolveFailed):
        _challenged(mw, solve)
    assert mw.process_response(solve, _response(solve, False)).status == 200


def test_without_the_cookiejar_the_cookie_header_is_written():
    async def scenario() -> None:
        mw, engine, _ = _middleware(MAYADEEN_CLEARANCE_WINDOW=1, COOKIES_ENABLED=False)
        engine.release.set()
        engine.cookie_lists = [[_cookie("t1"), _cookie("b1", "__cf_bm")]]
        request = _challenged(mw, Request(f"{BASE}/h", headers={"Cookie": "own=1"}))
        await mw.process_request(request)
        assert request.headers["Cookie"] == b"own=1; cf_clearance=t1; __cf_bm=b1"

    _run(scenario())
