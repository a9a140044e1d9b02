"""The browser path's parts without a crawl: start-up detection, what the browser may load,
context rotation, load-more detection and the process-tree memory reading."""

from __future__ import annotations

import asyncio
import os
import subprocess
from types import SimpleNamespace

from parsel import Selector
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from mayadeen.browser import BrowserAddon, find_browser
from mayadeen.browser.addon import HANDLER, LAUNCH_ARGS
from mayadeen.browser.contexts import INIT_CALLBACK, BrowserContextMiddleware, note_context
from mayadeen.browser.listing import has_load_more
from mayadeen.browser.memory import browser_pids, browser_rss
from mayadeen.browser.policy import AbortPolicy, ContextRotation
from testground.projectsettings import project_settings
from testground.replica.catalog import Catalog
from testground.replica.render import Renderer

BASE = "http://127.0.0.1:8089"


def _request(url: str, resource_type: str = "document") -> SimpleNamespace:
    return SimpleNamespace(url=url, resource_type=resource_type)


def test_abort_policy_keeps_the_site_and_drops_images_fonts_media_and_other_hosts():
    policy = AbortPolicy(BASE, allowed_hosts=("cdn.example.org",))
    assert policy(_request(BASE + "/in-pictures")) is False
    assert policy(_request(BASE + "/in-pictures/load-more?page=2", "fetch")) is False
    assert policy(_request(BASE + "/cdn-cgi/challenge-platform/h/b/orchestrate", "script")) is False
    assert policy(_request(BASE + "/media/a.jpg", "image")) is True
    assert policy(_request(BASE + "/fonts/a.woff2", "font")) is True
    assert policy(_request(BASE + "/v.mp4", "media")) is True
    assert policy(_request("https://english.almayadeen.net/media/image/2022/1/7/x.jpg")) is True
    assert policy(_request("http://127.0.0.1:9999/")) is True  # same host, other port
    assert policy(_request("https://cdn.example.org/jquery.js", "script")) is False
    assert policy(_request("data:text/html,<p>x</p>")) is False


def test_contexts_rotate_after_their_pages_and_close_when_the_last_page_is_done():
    rotation = ContextRotation(pages_per_context=2)
    assert [rotation.assign(), rotation.assign()] == ["mayadeen-0", "mayadeen-0"]
    assert rotation.assign() == "mayadeen-1"  # mayadeen-0 is full
    assert rotation.release("mayadeen-0") is False  # one of its pages still renders
    assert rotation.release("mayadeen-0") is True
    assert rotation.release("mayadeen-1") is False  # still taking pages
    assert rotation.assign() == "mayadeen-1"
    assert rotation.release("mayadeen-1") is True  # full and idle: closed, the next one starts
    assert rotation.assign() == "mayadeen-2"
    # Memory: retired at once; closable now when idle, else at its last release.
    assert rotation.retire_current() is None
    assert rotation.assign() == "mayadeen-3"
    assert rotation.release("mayadeen-2") is True
    assert rotation.release("mayadeen-3") is False
    assert rotation.retire_current() == "mayadeen-3"
    assert rotation.retire_current() is None  # mayadeen-4 has served nothing yet
    assert rotation.current == "mayadeen-4"


def test_find_browser_reasons(tmp_path):
    missing = str(tmp_path / "chromium")
    assert find_browser(project_settings(MAYADEEN_BROWSER_EXECUTABLE=missing)) == (
        None, f"MAYADEEN_BROWSER_EXECUTABLE={missing} is not an executable file"
    )  # fmt: skip
    assert find_browser(project_settings(MAYADEEN_BROWSER_ENABLED=False)) == (
        None, "MAYADEEN_BROWSER_ENABLED is off"
    )  # fmt: skip
    fake = tmp_path / "chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert find_browser(project_settings(MAYADEEN_BROWSER_EXECUTABLE=str(fake))) == (str(fake), "")
    fake.chmod(0o644)  # not executable
    assert find_browser(project_settings(MAYADEEN_BROWSER_EXECUTABLE=str(fake)))[0] is None


def test_addon_installs_the_handler_only_with_a_browser(tmp_path):
    without = project_settings(MAYADEEN_BROWSER_EXECUTABLE=str(tmp_path / "none"))
    handlers_before = dict(without.getdict("DOWNLOAD_HANDLERS"))
    BrowserAddon().update_settings(without)
    assert without.getbool("MAYADEEN_BROWSER_AVAILABLE") is False
    assert dict(without.getdict("DOWNLOAD_HANDLERS")) == handlers_before
    assert not without.get("PLAYWRIGHT_LAUNCH_OPTIONS")

    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    with_browser = project_settings(MAYADEEN_BROWSER_EXECUTABLE=str(fake), MAYADEEN_BASE_URL=BASE,
                                    USER_AGENT="Mozilla/5.0 (X11) Test/1.0")  # fmt: skip
    BrowserAddon().update_settings(with_browser)
    assert with_browser.getbool("MAYADEEN_BROWSER_AVAILABLE") is True
    handlers = with_browser.getdict("DOWNLOAD_HANDLERS")
    assert (handlers["http"], handlers["https"]) == (HANDLER, HANDLER)
    assert HANDLER == "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"  # not ours
    assert with_browser.getdict("DOWNLOADER_MIDDLEWARES")[BrowserContextMiddleware] == 950
    assert BrowserContextMiddleware not in without.getdict("DOWNLOADER_MIDDLEWARES")
    assert with_browser.getdict("PLAYWRIGHT_LAUNCH_OPTIONS") == {
        "executable_path": str(fake), "headless": True,
        # The crawl's user agent in the page too: a clearance is bound to it.
        "args": [*LAUNCH_ARGS, "--user-agent=Mozilla/5.0 (X11) Test/1.0"],
    }  # fmt: skip
    policy = with_browser.get("PLAYWRIGHT_ABORT_REQUEST")
    assert policy.origin == ("http", "127.0.0.1", 8089)


def test_load_more_button_is_found_on_the_js_listing_only():
    catalog = Catalog(articles=1000, seed=1, base_url=BASE)
    renderer = Renderer(BASE)
    js = renderer.listing_page(catalog.listing("section", "in-pictures", 1), catalog.furniture())
    plain = renderer.listing_page(catalog.listing("section", "news", 1), catalog.furniture())
    assert has_load_more(Selector(js)) is True
    assert has_load_more(Selector(plain)) is False
    assert has_load_more(Selector("<div role='button'> Show more stories</div>")) is True
    assert has_load_more(Selector("<button>Load comments</button>")) is False


def test_browser_memory_is_read_from_the_process_tree(tmp_path):
    assert browser_pids() == []
    assert browser_rss() == 0
    # A process whose name is a browser's, started by this process: a script named chromium
    # (the kernel names a process after the file it executes) that says when it runs.
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho ready\nread line\n")
    fake.chmod(0o755)
    child = subprocess.Popen([str(fake)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "ready\n"
        with open(f"/proc/{child.pid}/comm") as comm:
            assert comm.read().strip() == "chromium"
        assert browser_pids() == [child.pid]
        assert browser_pids(root=child.pid) == []  # below the process, not the process
        assert browser_rss() > 0
        assert browser_pids(root=os.getppid()) == [child.pid]
    finally:
        child.communicate("\n")
    assert browser_pids() == []


class FakeContext:
    def __init__(self) -> None:
        self.closed = 0

    async def close(self) -> None:
        self.closed += 1


def _contexts_middleware(monkeypatch, pss_mib: int = 10, **settings):
    from mayadeen.browser import contexts

    monkeypatch.setattr(contexts, "browser_rss", lambda: 20 * 2**20)
    monkeypatch.setattr(contexts, "browser_pss", lambda: pss_mib * 2**20)
    crawler = get_crawler(
        settings_dict={
            "MAYADEEN_BROWSER_PAGES_PER_CONTEXT": 2,
            "MAYADEEN_BROWSER_MEMORY_LIMIT_MB": 1024,
            "MAYADEEN_BROWSER_MEMORY_CHECK_SECONDS": 0,
            **settings,
        }
    )
    crawler.stats.open_spider()
    return BrowserContextMiddleware.from_crawler(crawler), crawler.stats


def _render(middleware, request, context, fail=False):
    """What the download does with the request: the handler runs the init callback on the new
    page (unless no page could be made), then the render ends in a response or a failure."""
    if context is not None and request.meta.get("playwright_page_init_callback") == INIT_CALLBACK:
        asyncio.run(note_context(SimpleNamespace(context=context), request))
    if fail:
        return asyncio.run(middleware.process_exception(request, TimeoutError()))
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    return asyncio.run(middleware.process_response(request, response))


def test_contexts_are_named_rotated_and_closed_through_the_request_meta(monkeypatch):
    middleware, stats = _contexts_middleware(monkeypatch)
    first, second = FakeContext(), FakeContext()
    requests = [Request(f"{BASE}/p{i}", meta={"playwright": True}) for i in range(3)]
    for request in requests:
        middleware.process_request(request)
    assert [r.meta["playwright_context"] for r in requests] == ["mayadeen-0"] * 2 + ["mayadeen-1"]
    assert all(r.meta["playwright_page_init_callback"] == INIT_CALLBACK for r in requests)

    _render(middleware, requests[0], first)
    assert first.closed == 0  # its second page still renders
    _render(middleware, requests[1], first, fail=True)  # a failed render ends a page too
    assert first.closed == 1  # full and idle: closed
    _render(middleware, requests[2], second)
    assert second.closed == 0  # still taking pages
    assert stats.get_value("mayadeen/browser/renders") == 3
    assert stats.get_value("mayadeen/browser/contexts_closed") == 1
    assert stats.get_value("mayadeen/browser/rss_peak_mib") == 20

    # A retry of a request placed here is placed again (mayadeen-1 still takes a page).
    retry = requests[2].copy()
    middleware.process_request(retry)
    assert retry.meta["playwright_context"] == "mayadeen-1"
    _render(middleware, retry, second)
    assert second.closed == 1
    # The caller's own context is left alone, but counted as a render.
    chosen = Request(f"{BASE}/x", meta={"playwright": True, "playwright_context": "mine"})
    middleware.process_request(chosen)
    assert "playwright_page_init_callback" not in chosen.meta
    _render(middleware, chosen, FakeContext())
    assert stats.get_value("mayadeen/browser/renders") == 5
    # Plain requests, and failures before this middleware saw the request, are not renders.
    plain = Request(f"{BASE}/plain")
    middleware.process_request(plain)
    assert plain.meta == {}
    skipped = Request(f"{BASE}/skipped", meta={"playwright": True})
    asyncio.run(middleware.process_exception(skipped, TimeoutError()))
    assert stats.get_value("mayadeen/browser/renders") == 5


def test_a_context_is_retired_when_the_browser_memory_is_over_the_limit(monkeypatch):
    middleware, stats = _contexts_middleware(
        monkeypatch, pss_mib=300, MAYADEEN_BROWSER_MEMORY_LIMIT_MB=256,
        MAYADEEN_BROWSER_PAGES_PER_CONTEXT=50,
    )  # fmt: skip
    context = FakeContext()
    request = Request(f"{BASE}/p", meta={"playwright": True})
    middleware.process_request(request)
    _render(middleware, request, context)
    assert context.closed == 1  # retired with one page served, none in flight
    assert stats.get_value("mayadeen/browser/memory_retirements") == 1
    assert stats.get_value("mayadeen/browser/pss_peak_mib") == 300
    following = Request(f"{BASE}/q", meta={"playwright": True})
    middleware.process_request(following)
    assert following.meta["playwright_context"] == "mayadeen-1"
