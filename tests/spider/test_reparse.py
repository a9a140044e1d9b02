"""The web archive end to end: a crawl with a wrong profile stores wrong bodies; a second crawl
with nothing new adds revisit records only (< 5% of the first run's archive bytes); with the
replica stopped, `scrapy reparse` with the right profile makes the database and its new feed
equal to the manifest, each changed article a new version of cause `reparse`, without one
request."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from crawl_tools import crawl_process, feed_rows
from scrapy_runner import TEST_SETTINGS
from sqlalchemy import create_engine, select

from mayadeen.storage.schema import article_versions, articles, crawl_runs, warc_files
from mayadeen.storage.store import ARTICLE_COLUMNS
from testground.replica.compare import compare_to_manifest
from testground.replica.process import PACKAGE_ROOT, ReplicaProcess, scrapy_command, scrapy_env

# A body container that matches nothing, with the body found by structure switched off (it would
# mend the bodies at once).
WRONG_PROFILE = 'BODY_CONTAINER_SELECTOR = "div.nowhere"\nBODY_STRUCTURE_FALLBACK = false\n'


def wrong_crawl(
    base_url: str, database: str, workdir: Path, name: str, exit_code: int
) -> tuple[list, dict]:
    profile = workdir / "wrong-profile.toml"
    profile.write_text(WRONG_PROFILE, "utf-8")
    # The short-body retry would drop the empty bodies: off, so that wrong bodies are stored.
    process = crawl_process(base_url, database, workdir, name, MAYADEEN_SITE_PROFILE=str(profile),
                            MAYADEEN_SHORT_BODY_RATIO="0",
                            MAYADEEN_REPORTS_DIR=str(workdir / "reports"))  # fmt: skip
    assert process.wait(300) == exit_code, (workdir / f"{name}.log").read_text()[-3000:]
    stats = json.loads((workdir / f"{name}.stats.json").read_text())
    return feed_rows(workdir / f"{name}.jsonl")[0], stats


def reparse(
    database: str, workdir: Path, name: str, exit_code: int = 0, **settings: str
) -> tuple[subprocess.CompletedProcess, dict]:
    command = scrapy_command(
        "reparse", **{**TEST_SETTINGS, "FEEDS": json.dumps({
            str(workdir / f"{name}.jsonl"): {"format": "jsonlines", "item_classes":
                                             ["mayadeen.items.ArticleItem"]}})},
        MAYADEEN_DATABASE_URL=database, MAYADEEN_REPORTS_DIR=str(workdir / "reports"),
        MAYADEEN_STATS_FILE=str(workdir / f"{name}.stats.json"),
        LOG_FILE=str(workdir / f"{name}.log"), **settings,
    )  # fmt: skip
    done = subprocess.run(command, cwd=PACKAGE_ROOT, env=scrapy_env(), capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == exit_code, done.stderr[-3000:]
    return done, json.loads((workdir / f"{name}.stats.json").read_text())


def stored(database: str) -> tuple[list[dict], dict[str, list[tuple[int, str]]]]:
    """Every stored article (its columns as an item) and each one's versions with their cause."""
    engine = create_engine(database)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(
            select(*(articles.c[name] for name in ARTICLE_COLUMNS)))]  # fmt: skip
        history: dict[str, list[tuple[int, str]]] = {}
        for post_id, version, cause in conn.execute(
            select(articles.c.post_id, article_versions.c.version, article_versions.c.cause)
            .join(article_versions, article_versions.c.article_id == articles.c.id)
            .order_by(article_versions.c.version)
        ):  # fmt: skip
            history.setdefault(post_id, []).append((version, cause))
    engine.dispose()
    return rows, history


def archive_bytes(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.glob("*.warc.gz"))


def test_reparse_mends_a_wrong_profile_from_the_archive_without_the_site(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    warc = tmp_path / "warc"
    with ReplicaProcess(articles=150, seed=7, log_path=tmp_path / "replica.log") as replica:
        manifest = replica.manifest()
        # Exit 3: the body-coverage monitor sees the empty bodies (as it should).
        first, first_stats = wrong_crawl(replica.base_url, database, tmp_path, "first", 3)
        first_bytes = archive_bytes(warc)
        # Too few articles fetched again for coverage to be judged: exit 0.
        second, second_stats = wrong_crawl(replica.base_url, database, tmp_path, "second", 0)
    expected = {m["post_id"]: m for m in manifest}

    # The wrong profile stored wrong bodies.
    wrong = {a["post_id"] for a in first if a["body"] != expected[a["post_id"]]["body"]}
    assert len(first) == len(manifest) and len(wrong) > 0.8 * len(manifest)
    assert all(a["body"] == "" for a in first)
    # Every article page was archived once; the no-change crawl refetched some as revisits only.
    assert first_stats["mayadeen/warc/response"] == len(manifest)
    assert second == [] and second_stats.get("mayadeen/warc/response", 0) == 0
    assert second_stats["mayadeen/warc/revisit"] > 0
    grown = archive_bytes(warc) - first_bytes
    assert 0 < grown < 0.05 * first_bytes, (grown, first_bytes)

    # The replica is stopped: any request would fail. The right profile is the default one (no
    # profile file).
    done, stats = reparse(database, tmp_path, "reparse")
    assert not any(key.startswith("downloader/") for key in stats), stats
    assert stats["mayadeen/reparse/pages_read"] == len(manifest)
    assert f"Pages read: {len(manifest)} " in done.stdout
    rows, history = stored(database)
    result = compare_to_manifest(rows, manifest)
    assert result.ok, result.describe()
    feed = feed_rows(tmp_path / "reparse.jsonl")[0]
    changed = {item["post_id"] for item in feed}
    assert changed == {a["post_id"] for a in first if a != {**expected[a["post_id"]],
                       "scraped_at": a["scraped_at"]}}  # fmt: skip
    assert compare_to_manifest(feed, [expected[p] for p in changed]).ok
    assert stats["mayadeen/items/updated"] == len(changed)
    assert stats["mayadeen/items/changed_field/body"] == len(wrong)
    assert stats.get("mayadeen/items/unchanged", 0) == len(manifest) - len(changed)
    for post_id, versions in history.items():
        assert versions == ([(1, "site"), (2, "reparse")] if post_id in changed
                            else [(1, "site")]), post_id  # fmt: skip

    # Again: nothing changes, nothing is exported. A run monitor that fails (here: more articles
    # wanted than the archive holds) makes it exit 3, as `scrapy crawl` does, after its summary.
    done, again = reparse(database, tmp_path, "again", 3,
                          MAYADEEN_MONITOR_MIN_ARTICLES=str(len(manifest) + 1))  # fmt: skip
    assert again["mayadeen/monitors/failed"] == 1
    assert f"Pages read: {len(manifest)} " in done.stdout
    assert feed_rows(tmp_path / "again.jsonl")[0] == []
    assert again["mayadeen/items/unchanged"] == len(manifest)
    engine = create_engine(database)
    with engine.connect() as conn:
        runs = conn.execute(select(crawl_runs.c.spider, crawl_runs.c.scope)).all()
        files = conn.execute(select(warc_files.c.run_id, warc_files.c.closed_at)).all()
    engine.dispose()
    assert runs == [("articles", "site"), ("articles", "site"), ("reparse", "reparse"),
                    ("reparse", "reparse")]  # fmt: skip
    assert sorted(run for run, _ in files) == [1, 2] and all(closed for _, closed in files)
