"""`python -m mayadeen.browse` on a crawled replica, driven in chromium: ranked search finds the
seed article first, a section facet and canned queries agree with the database, the article page
links where it should, the plots render without console errors, and nothing can be written."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from mayadeen.browser.addon import LAUNCH_ARGS, find_browser
from testground.projectsettings import project_settings
from testground.replica.process import PACKAGE_ROOT, ReplicaProcess, free_port, terminate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "spider"))
from crawl_tools import crawl

BROWSER = find_browser(project_settings())[0]
pytestmark = pytest.mark.skipif(BROWSER is None, reason="chromium is missing: `make test`")
SEED_POST_ID = "1548720"
SEED_PHRASE = "killed 13 law enforcement officers and wounded 353 others"
EDITS = 6


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    """A 100-article replica crawled, then edited and crawled again (so versions exist)."""
    work = tmp_path_factory.mktemp("browse-crawl")
    path = work / "crawl.sqlite3"
    with ReplicaProcess(articles=100, seed=1, log_path=work / "replica.log") as replica:
        crawl(replica.base_url, f"sqlite:///{path}", work, "first")
        replica.advance(new=4, edit=EDITS)
        crawl(replica.base_url, f"sqlite:///{path}", work, "second")
    return path


@pytest.fixture(scope="module")
def server(database, tmp_path_factory) -> str:
    port = free_port()
    log = tmp_path_factory.mktemp("browse-server") / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mayadeen.browse", "--db", f"sqlite:///{database}",
             "--port", str(port)],
            cwd=PACKAGE_ROOT, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base_url + "/-/versions.json", timeout=5).close()
            break
        except (urllib.error.URLError, ConnectionError):
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    yield base_url
    # uvicorn shuts down gracefully on SIGTERM, then re-raises it: the exit is by that signal.
    assert terminate(process) in (0, -signal.SIGTERM), log.read_text()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=BROWSER, args=list(LAUNCH_ARGS))
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, tmp_path):
    """A page that records console errors and uncaught exceptions; screenshots go to tmp_path."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def query(database: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(database) as conn:
        return conn.execute(sql, params).fetchall()


def table_rows(page: Page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "table.rows-and-columns tbody tr",
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.innerText.trim()))",
    )


def column_names(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "table.rows-and-columns thead th", "ths => ths.map(th => th.innerText.trim())"
    )


def test_search_finds_the_seed_article_first(server, database, page, tmp_path):
    [(seed_id, seed_title)] = query(
        database, "SELECT id, title FROM articles WHERE post_id = ?", SEED_POST_ID
    )
    page.goto(server + "/")
    page.fill("form.mayadeen-search input[name=q]", SEED_PHRASE)
    page.click("form.mayadeen-search input[type=submit]")
    page.wait_for_selector("table.rows-and-columns")
    page.screenshot(path=tmp_path / "search.png", full_page=True)

    first = page.locator("table.rows-and-columns tbody tr").first
    assert first.locator("td.col-title").inner_text() == seed_title
    link = first.locator("td.col-title a")
    assert link.get_attribute("href") == f"/mayadeen/articles/{seed_id}"
    assert first.locator("td.col-excerpt mark").count() >= 1  # the matches are highlighted
    # Every word of the phrase must occur: what is listed, the database's index says so too.
    words = " ".join(f'"{word}"' for word in SEED_PHRASE.split())
    matching = query(database, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                     words)[0][0]  # fmt: skip
    assert len(table_rows(page)) == matching
    assert page.errors == []


def test_section_facet_count_matches_the_database(server, database, page, tmp_path):
    page.goto(server + "/mayadeen/article_list")
    assert page.locator(".facet-info[data-column=section]").count() == 1
    for column in ("content_type", "region", "coverage", "month", "tags", "authors"):
        assert page.locator(f".facet-info[data-column={column}]").count() == 1, column
    page.click(".facet-info[data-column=section] a:text-is('Politics')")
    page.wait_for_url("**section=Politics**")
    page.screenshot(path=tmp_path / "facet.png")

    [(politics,)] = query(database, "SELECT count(*) FROM articles WHERE section = 'Politics'")
    assert politics > 10
    count = page.locator("h3").first.inner_text()
    assert count.startswith(f'{politics} rows where section = "Politics"'), count
    # Newest first, by the instant (the site's offset changes with summer time).
    newest = query(database, "SELECT id FROM articles WHERE section = 'Politics' "
                   "ORDER BY published_utc DESC LIMIT 3")  # fmt: skip
    ids = [row[column_names(page).index("id")] for row in table_rows(page)[:3]]
    assert ids == [str(article) for (article,) in newest]
    first_title = page.locator("table.rows-and-columns tbody tr td.col-title a").first
    assert first_title.get_attribute("href") == f"/mayadeen/articles/{newest[0][0]}"
    assert page.errors == []


def test_top_tags_canned_query_matches_the_database(server, database, page, tmp_path):
    page.goto(server + "/mayadeen/top_tags?days=30")
    page.wait_for_selector("table.rows-and-columns")
    page.screenshot(path=tmp_path / "top-tags.png", full_page=True)

    # The same from the raw rows: the window ends at the newest article, not today.
    rows = query(database, "SELECT published_at, tags FROM articles")
    newest = max(datetime.fromisoformat(published) for published, _ in rows)
    counts = Counter(
        tag
        for published, tags in rows
        if datetime.fromisoformat(published) >= newest - timedelta(days=30)
        for tag in json.loads(tags)
    )
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:30]
    assert column_names(page) == ["tag", "articles"]
    assert [(tag, int(n)) for tag, n in table_rows(page)] == expected
    assert len(expected) > 5
    assert page.errors == []


def test_edited_articles_side_by_side(server, database, page):
    page.goto(server + "/mayadeen/edited_articles")
    page.wait_for_selector("table.rows-and-columns")
    edits = query(
        database,
        "SELECT a.title, v.version FROM article_versions v JOIN articles a ON a.id = v.article_id "
        "WHERE v.version > 1 ORDER BY v.recorded_at DESC, a.id, v.version DESC",
    )
    assert 1 <= len(edits) <= EDITS + 4  # the edits the second crawl saw, some new pages too
    names = column_names(page)
    shown = [(row[names.index("title")], int(row[names.index("version")]))
             for row in table_rows(page)]  # fmt: skip
    assert shown == edits
    assert {"previous_body", "new_body", "previous_title", "new_title"} <= set(names)


def test_article_page_links_live_url_versions_and_tags(server, database, page, tmp_path):
    [(seed_id, url, tags, authors)] = query(
        database, "SELECT id, url, tags, authors FROM articles WHERE post_id = ?", SEED_POST_ID
    )
    page.goto(f"{server}/mayadeen/articles/{seed_id}")
    page.screenshot(path=tmp_path / "article.png")
    assert page.locator(".mayadeen-authors").inner_text() == ", ".join(json.loads(authors))
    assert page.locator("a.mayadeen-live").get_attribute("href") == url
    assert page.locator("a.mayadeen-tag").all_inner_texts() == json.loads(tags)
    versions = page.locator("a.mayadeen-versions")
    assert versions.inner_text() == "1 version"
    versions.click()
    page.wait_for_selector("table.rows-and-columns")
    assert len(table_rows(page)) == 1
    page.go_back()
    page.locator("a.mayadeen-tag", has_text="CSTO").click()
    page.wait_for_url("**tags__arraycontains=CSTO**")
    [(csto,)] = query(
        database, "SELECT count(*) FROM articles, json_each(articles.tags) WHERE value = 'CSTO'"
    )
    assert page.locator("h3").first.inner_text().startswith(f"{csto} row")
    assert page.errors == []


def test_plots_render_without_console_errors(server, page, tmp_path):
    page.goto(server + "/plots")
    for chart in ("articles-per-day", "ticker-per-day", "tag-trends"):
        page.wait_for_selector(f"#{chart}[data-drawn=true] .main-svg", timeout=30_000)
    page.screenshot(path=tmp_path / "plots.png", full_page=True)
    assert page.locator("#articles-per-day g.trace.bars").count() > 5  # one per section
    assert page.locator("#ticker-per-day g.trace.bars").count() == 1
    assert page.locator("#tag-trends g.trace.scatter").count() == 8  # the eight top tags
    assert page.locator(".mayadeen-truncated").count() == 0  # every row drawn
    assert page.errors == []


def test_nothing_can_be_written(server, database):
    before = query(database, "SELECT count(*) FROM articles")
    sql = urllib.parse.quote("DELETE FROM articles")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{server}/mayadeen.json?sql={sql}", timeout=10)
    assert refused.value.code == 400
    assert "Statement must be a SELECT" in refused.value.read().decode()
    assert query(database, "SELECT count(*) FROM articles") == before


def canned(server: str, name: str, **params: str) -> list[dict]:
    query_string = urllib.parse.urlencode({**params, "_shape": "array"})
    with urllib.request.urlopen(f"{server}/mayadeen/{name}.json?{query_string}") as answer:
        return json.loads(answer.read())


def test_other_canned_queries_match_the_database(server, database):
    # Articles per day per section, the day being the site's (the offset in published_at).
    per_day = Counter(
        (published[:10], section)
        for published, section in query(database, "SELECT published_at, section FROM articles")
    )
    rows = canned(server, "articles_per_day")
    assert {(r["day"], r["section"]): r["articles"] for r in rows} == per_day
    assert len(rows) == len(per_day)
    assert [r["day"] for r in rows] == sorted((r["day"] for r in rows), reverse=True)

    # The runs: two crawls, the second exporting only what was new or edited.
    runs = canned(server, "runs")
    first, second = sorted(runs, key=lambda r: r["run"])
    assert first["exported"] == first["new"] == first["versions_stored"] == 111
    assert second["exported"] == second["new"] + second["updated"] == second["versions_stored"]
    assert second["new"] == 4 and 1 <= second["updated"] <= EDITS
    assert {first["finish_reason"], second["finish_reason"]} == {"finished"}

    # The ticker, newest first, every stored line once.
    ticker = canned(server, "breaking_timeline")
    stored = query(database, "SELECT text FROM breaking ORDER BY first_seen_at DESC, id DESC")
    assert [r["text"] for r in ticker] == [text for (text,) in stored]
    assert len(ticker) == 14  # 10 lines, then 4 more with the 4 new articles

    # Ranked search through the JSON API too, a blank query finding nothing (not an error).
    [(seed_title,)] = query(database, "SELECT title FROM articles WHERE post_id = ?", SEED_POST_ID)
    hits = canned(server, "search", q=f'"{SEED_PHRASE}"')  # quoted: as a phrase
    assert [h["title"] for h in hits] == [seed_title]
    assert canned(server, "search", q="  ") == []
