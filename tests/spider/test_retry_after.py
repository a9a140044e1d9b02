"""RetryAfterMiddleware: a 429/503's Retry-After holds every request to the site that long
(clock and sleep replaced: no timing in the assertions)."""

import asyncio
from datetime import UTC, datetime

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request

from mayadeen.downloadermiddlewares import retryafter as retry_after
from mayadeen.downloadermiddlewares.retryafter import RetryAfterMiddleware, retry_after_seconds
from testground.projectsettings import project_crawler


def test_retry_after_values() -> None:
    now = datetime(2025, 6, 12, 9, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds(" 0 ") == 0.0
    assert retry_after_seconds("Thu, 12 Jun 2025 09:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Thu, 12 Jun 2025 08:59:00 GMT", now) == 0.0  # past: no wait
    assert [retry_after_seconds(v) for v in (None, "", "soon", "-5", "1.5")] == [None] * 5


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(retry_after, "monotonic", fake.monotonic)
    monkeypatch.setattr(retry_after.asyncio, "sleep", fake.sleep)
    return fake


def _middleware(**settings: object) -> RetryAfterMiddleware:
    return RetryAfterMiddleware.from_crawler(project_crawler(settings_dict=settings))


def _answer(url: str, status: int, retry_after_value: str | None) -> HtmlResponse:
    headers = {"Retry-After": retry_after_value} if retry_after_value is not None else {}
    return HtmlResponse(url, status=status, headers=headers, body=b"<html></html>")


def test_a_429_holds_every_request_to_its_site(clock: Clock) -> None:
    mw = _middleware()
    site, other = "http://127.0.0.1:8765", "http://127.0.0.2:8765"
    throttled = Request(site + "/news")
    assert mw.process_response(throttled, _answer(site + "/news", 429, "2")).status == 429
    clock.now += 0.5
    for url in (site + "/news", site + "/region/asia", other + "/news"):
        asyncio.run(mw.process_request(Request(url)))
    # The two requests to the throttled site waited out the rest of the 2 s; the other did not.
    assert clock.slept == [1.5]  # the first waited 1.5 s, the clock moved, the second went on
    stats = mw.stats.get_stats()
    assert (stats["mayadeen/retry_after/count"], stats["mayadeen/retry_after/waits"]) == (1, 1)
    assert stats["mayadeen/retry_after/seconds"] == 2


def test_only_throttling_answers_count_and_long_waits_are_capped(clock: Clock) -> None:
    mw = _middleware(MAYADEEN_RETRY_AFTER_MAX=60)
    url = "http://127.0.0.1:8765/news"
    for status, value in ((200, "30"), (500, "30"), (429, None), (429, "soon"), (503, "3600")):
        mw.process_response(Request(url), _answer(url, status, value))
    asyncio.run(mw.process_request(Request(url)))
    assert clock.slept == [60.0]
    stats = mw.stats.get_stats()
    assert (stats["mayadeen/retry_after/count"], stats["mayadeen/retry_after/capped"]) == (1, 1)


def test_zero_max_turns_it_off() -> None:
    with pytest.raises(NotConfigured):
        _middleware(MAYADEEN_RETRY_AFTER_MAX=0)
