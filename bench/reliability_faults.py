"""Issue 9, faults: a whole crawl of a replica serving the issue's fault mix (faults.ISSUE_RATES),
measured against the replica's own record of what it served and its manifest.

Figures: faults served per kind (the replica's /__replica__/stats), retries per reason (the crawl's
stats) against the faults that call for them, manifest articles found exactly once and with every
field equal, duplicates, pages stored from a cut or challenge answer (read back from the SQLite
database), throttled URLs asked again before their Retry-After, retries given up, the run's
monitors. A control crawl with the short-body check and the Retry-After middleware turned off
shows that both measures catch what those two guard against.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.reliability import Figure
from mayadeen.storage.schema import articles as articles_table
from testground.replica.compare import compare_to_manifest
from testground.replica.faults import ISSUE_RATES, parse_faults
from testground.replica.process import PACKAGE_ROOT, ReplicaProcess, crawl_command, scrapy_env

AREA = "faults"
ARTICLES = {True: 500, False: 4000}  # quick (about 1 minute), full (about 3)
CONTROL_ARTICLES = 300
SEED = 9
DOWNLOAD_TIMEOUT = "10"  # seconds: a hang (faults.HANG_SECONDS) outlasts it, a slow page does not
# Replica requests that draw per-attempt faults: HTML pages (faults.py says which).
PAGE_REQUESTS = ("home", "section", "region", "tag", "author", "coverage", "article", "fault")
# Retry reason in the crawl's stats -> the fault kind that calls for it.
RETRY_REASONS = (
    ("500 Internal Server Error + 503 Service Unavailable", "error"),
    ("429 Unknown Status", "throttle"),
    ("scrapy.exceptions.DownloadTimeoutError", "hang"),
    ("truncated_html", "truncate"),
    ("short_body", "short"),
    ("cloudflare_challenge", "challenge"),
)
KIND_NAMES = {
    "error": "500/503",
    "throttle": "429 + Retry-After",
    "slow": "slow (1.5 s)",
    "hang": "hanging",
    "truncate": "truncated in transit",
    "short": "whole page, body cut short",
    "challenge": "challenge",
    "redirect": "redirect (301/302)",
    "tracking": "tracking-query link",
}


def crawl(replica: ReplicaProcess, workdir: Path, name: str, **settings: str) -> dict[str, Any]:
    """`scrapy crawl articles` against the replica: exit code, stats, feed, database path."""
    database = workdir / f"{name}.sqlite3"
    feed, stats_file = workdir / f"{name}.jsonl", workdir / f"{name}.stats.json"
    command = crawl_command(
        replica.base_url, "-O", str(feed),
        FEEDS="{}", MAYADEEN_DATABASE_URL=f"sqlite:///{database}",
        MAYADEEN_STATS_FILE=str(stats_file), MAYADEEN_REPORTS_DIR=str(workdir / f"reports-{name}"),
        MAYADEEN_WARC_DIR=str(workdir / f"warc-{name}"),
        LOG_FILE=str(workdir / f"{name}.log"), LOG_LEVEL="INFO", TELNETCONSOLE_ENABLED="False",
        DOWNLOAD_TIMEOUT=DOWNLOAD_TIMEOUT, **settings,
    )  # fmt: skip
    code = subprocess.run(command, cwd=PACKAGE_ROOT, env=scrapy_env(), check=False).returncode
    items = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
    return {
        "exit_code": code,
        "stats": json.loads(stats_file.read_text("utf-8")),
        "articles": [i for i in items if "post_id" in i],
        "database": database,
    }


def stored_not_the_article(database: Path, manifest: list[dict[str, Any]]) -> int:
    """Rows of the database whose content is not their article's (a cut or challenge page)."""
    expected = {m["post_id"]: m["content_hash"] for m in manifest}
    engine = sa.create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.select(articles_table.c.post_id, articles_table.c.content_hash)
            ).all()
    finally:
        engine.dispose()
    return sum(1 for post_id, digest in rows if expected.get(post_id) != digest)


def served_figures(served: dict[str, int], page_requests: int) -> list[Figure]:
    rates = parse_faults(ISSUE_RATES)
    figures = []
    for kind, name in KIND_NAMES.items():
        n = served.get(kind, 0)
        if kind in ("redirect", "tracking"):
            measured, expected = f"{n}", f"> 0 (rate {rates[kind]:g} per URL/link)"
        else:
            measured = f"{n} of {page_requests} page answers ({n / page_requests:.1%})"
            if kind in ("slow", "hang"):
                share = "three quarters" if kind == "slow" else "a quarter"
                expected = f"> 0 ({share} of {rates['slow']:g})"
            else:
                expected = f"> 0 (drawn at {rates[kind]:g})"
        figures.append(Figure(AREA, f"faults served: {name}", measured, expected, n > 0))
    return figures


def retry_figures(stats: dict[str, Any], served: dict[str, int]) -> list[Figure]:
    figures = []
    for reasons, kind in RETRY_REASONS:
        n = sum(stats.get(f"retry/reason_count/{r}", 0) for r in reasons.split(" + "))
        want = served.get(kind, 0)
        # A page slowed past the timeout by the loaded machine is a timeout too: at least.
        ok = n >= want if kind == "hang" else n == want
        expected = f"{'≥' if kind == 'hang' else '='} {want} ({KIND_NAMES[kind]} served)"
        figures.append(Figure(AREA, f"retries: {reasons}", str(n), expected, ok))
    return figures


def measure(workdir: Path, quick: bool) -> list[Figure]:
    articles = ARTICLES[quick]
    with ReplicaProcess(articles=articles, seed=SEED, faults=ISSUE_RATES,
                        log_path=workdir / "replica.log") as replica:  # fmt: skip
        run = crawl(replica, workdir, "faults")
        manifest = replica.manifest()
        replica_stats = json.loads(replica.get("/__replica__/stats"))
    served, stats = replica_stats["faults"], run["stats"]
    page_requests = sum(replica_stats["requests"].get(k, 0) for k in PAGE_REQUESTS)
    result = compare_to_manifest(run["articles"], manifest)
    n = result.expected
    found_once = n - len(result.missing) - len(result.duplicates)
    stored_bad = stored_not_the_article(run["database"], manifest)
    throttled = served.get("throttle", 0)
    given_up = sum(stats.get(k, 0) for k in ("retry/max_reached", "mayadeen/truncated_dropped",
                   "mayadeen/short_body_dropped", "mayadeen/challenge_blocked"))  # fmt: skip
    monitors_ok = run["exit_code"] == 0 and stats.get("mayadeen/monitors/failed") == 0
    figures = [
        Figure(
            AREA,
            "replica crawled",
            f"{n} articles, {page_requests} page answers, "
            f"{stats.get('downloader/request_count', 0)} requests",
            f"faults.ISSUE_RATES, seed {SEED}",
            True,
        ),
        *served_figures(served, page_requests),
        *retry_figures(stats, served),
        Figure(
            AREA,
            "manifest articles found exactly once",
            f"{found_once}/{n}",
            f"{n}/{n}",
            found_once == n and not result.unexpected,
        ),
        Figure(
            AREA,
            "articles with every field equal",
            f"{result.exact}/{n}",
            f"{n}/{n}",
            result.exact == n,
        ),
        Figure(AREA, "duplicate articles", str(len(result.duplicates)), "0", not result.duplicates),
        Figure(
            AREA,
            "truncated, short-body or challenge pages stored",
            str(stored_bad),
            "0",
            stored_bad == 0,
        ),
        Figure(
            AREA,
            "throttled URLs asked again before Retry-After",
            f"{replica_stats['early_retries']} of {throttled}",
            "0",
            replica_stats["early_retries"] == 0,
        ),
        Figure(AREA, "retries given up", str(given_up), "0", given_up == 0),
        Figure(
            AREA,
            "run monitors passed",
            "yes" if monitors_ok else f"no (exit {run['exit_code']})",
            "yes",
            monitors_ok,
        ),
    ]
    return figures + control_figures(workdir)


def control_figures(workdir: Path) -> list[Figure]:
    """The same fault mix with the short-body check and the Retry-After middleware off: the
    measures above must see what they guard against."""
    with ReplicaProcess(articles=CONTROL_ARTICLES, seed=SEED, faults=ISSUE_RATES,
                        log_path=workdir / "replica-control.log") as replica:  # fmt: skip
        run = crawl(
            replica, workdir, "control", MAYADEEN_SHORT_BODY_RATIO="0", MAYADEEN_RETRY_AFTER_MAX="0"
        )
        manifest = replica.manifest()
        replica_stats = json.loads(replica.get("/__replica__/stats"))
    served = replica_stats["faults"]
    stored_bad = stored_not_the_article(run["database"], manifest)
    early = replica_stats["early_retries"]
    return [
        Figure(AREA, "control, short-body check off: cut pages stored",
               f"{stored_bad} ({served.get('short', 0)} served)", "> 0", stored_bad > 0),
        Figure(AREA, "control, Retry-After ignored: throttled URLs asked again early",
               f"{early} of {served.get('throttle', 0)}", "> 0", early > 0),
    ]  # fmt: skip
