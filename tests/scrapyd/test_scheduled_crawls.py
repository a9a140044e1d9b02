"""Scheduled crawls on a real Scrapyd: the egg deployed with scrapyd-deploy, jobs scheduled with
scripts/schedule.sh (the command of deploy/crontab and the systemd timers) against a replica,
followed through listjobs.json; the database is the shared truth, feeds are per job."""

from __future__ import annotations

import json
import signal
import subprocess
import zipfile
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapyd_server import ScrapydServer, checkout_copy, isolated_env, schedule, scrapyd_deploy
from sqlalchemy import create_engine, func, select

from mayadeen.storage.schema import article_versions, articles, crawl_runs
from testground.replica.compare import compare_to_manifest
from testground.replica.process import REPLICA_CRAWL_SETTINGS, ReplicaProcess

ARTICLES = 60
# Politeness off for the loopback replica, as in every replica crawl of the suite.
REPLICA_SETTINGS = [f"setting={name}={value}" for name, value in REPLICA_CRAWL_SETTINGS.items()]


@pytest.fixture(scope="module")
def replica(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReplicaProcess]:
    log = tmp_path_factory.mktemp("scrapyd-replica") / "replica.log"
    with ReplicaProcess(articles=ARTICLES, seed=23, log_path=log) as process:
        yield process


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return checkout_copy(tmp_path_factory.mktemp("checkout"))


@pytest.fixture(scope="module")
def egg(tmp_path_factory: pytest.TempPathFactory, checkout: Path) -> Path:
    """The egg scrapyd-deploy builds from a copy of the checkout."""
    path = tmp_path_factory.mktemp("egg") / "mayadeen.egg"
    scrapyd_deploy(checkout, "--build-egg", str(path))
    return path


@pytest.fixture(scope="module")
def scrapyd(
    tmp_path_factory: pytest.TempPathFactory, checkout: Path, egg: Path
) -> Iterator[ScrapydServer]:
    with ScrapydServer(tmp_path_factory.mktemp("scrapyd-home")) as server:
        out = scrapyd_deploy(checkout, "--egg", str(egg), "--version", "1", url=server.url)
        assert json.loads(out)["status"] == "ok", out
        yield server


def run_jobs(
    scrapyd: ScrapydServer,
    replica: ReplicaProcess,
    database: str,
    feeds: Path,
    count: int = 1,
    mode: str = "full",
    **env: str,
) -> dict[str, dict[str, Any]]:
    """Schedule `count` jobs at once through scripts/schedule.sh; wait until all are finished."""
    env = {"SCRAPYD_URL": scrapyd.url, "MAYADEEN_BASE_URL": replica.base_url,
           "MAYADEEN_DATABASE_URL": database, "MAYADEEN_FEEDS_DIR": str(feeds),
           "MAYADEEN_WARC_DIR": str(feeds.parent / "warc"), **env}  # fmt: skip
    job_ids = [schedule(mode, *REPLICA_SETTINGS, "setting=LOG_LEVEL=INFO", **env)
               for _ in range(count)]  # fmt: skip
    finished = scrapyd.wait_finished(*job_ids)
    for job_id in job_ids:
        log = scrapyd.job_log(job_id)
        assert "Spider closed (finished)" in log, log[-3000:]
        assert " ERROR: " not in log, log[-3000:]
    return finished


def feed(feeds: Path, job_id: str) -> list[dict[str, Any]]:
    path = feeds / f"articles-{job_id}.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def stored_items(database: str) -> list[dict[str, Any]]:
    """The current version of every stored article, as the item that was stored."""
    engine = create_engine(database)
    with engine.connect() as conn:
        rows = conn.execute(
            select(article_versions.c.item).join(
                articles,
                (articles.c.id == article_versions.c.article_id)
                & (articles.c.version == article_versions.c.version),
            )
        ).scalars()
        items = list(rows)
    engine.dispose()
    return items


def runs(database: str) -> list[tuple]:
    engine = create_engine(database)
    with engine.connect() as conn:
        found = conn.execute(
            select(crawl_runs.c.job, crawl_runs.c.finish_reason, crawl_runs.c.items_new,
                   crawl_runs.c.items_unchanged).order_by(crawl_runs.c.id)
        ).all()  # fmt: skip
        assert conn.execute(select(func.count()).select_from(articles)).scalar() == len(
            {row.post_id for row in conn.execute(select(articles.c.post_id))}
        )
    engine.dispose()
    return [tuple(row) for row in found]


def test_egg_holds_the_package_and_its_schema(egg: Path, tmp_path: Path):
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
        schema = json.loads(archive.read("mayadeen/schema/article.schema.json"))
    assert {"mayadeen/settings.py", "mayadeen/spiders/articles.py", "mayadeen/feeds/uri.py",
            "mayadeen/storage/engine.py"} <= names  # fmt: skip
    assert schema["title"] and "post_id" in schema["properties"]
    assert "[scrapy]\nsettings = mayadeen.settings" in entry_points
    assert not [n for n in names if n.startswith(("tests/", "scripts/", "deploy/", "bench/"))]
    # Outside the checkout, without PYTHONPATH, nothing but the egg provides `mayadeen`: the jobs
    # below run the deployed code, not the working tree.
    probe = subprocess.run(
        ["python", "-c", "import mayadeen"], cwd=tmp_path, env=isolated_env(),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "No module named 'mayadeen'" in probe.stderr


def test_scheduled_jobs_store_the_manifest_then_export_nothing_new(scrapyd, replica, tmp_path):
    assert scrapyd.get("listspiders.json", project="mayadeen")["spiders"] == ["articles", "reparse"]
    database = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    feeds = tmp_path / "feeds"
    manifest = replica.manifest()
    assert len(manifest) > ARTICLES  # the generated articles and the anchors

    (first,) = run_jobs(scrapyd, replica, database, feeds)
    comparison = compare_to_manifest(stored_items(database), manifest)
    assert comparison.ok, comparison.describe()
    assert compare_to_manifest(feed(feeds, first), manifest).ok
    assert (feeds / f"articles-{first}.csv").exists()
    assert (feeds / f"breaking-{first}.jsonl").read_text().count("\n") == 10

    (second,) = run_jobs(scrapyd, replica, database, feeds)
    assert feed(feeds, second) == []
    assert (feeds / f"breaking-{second}.jsonl").read_text() == ""
    # The second, incremental run fetches again only the revisit window: the articles published
    # within 3 days of the newest stored one.
    published = [datetime.fromisoformat(m["published_at"]) for m in manifest]
    window = [p for p in published if p >= max(published) - timedelta(days=3)]
    assert runs(database) == [
        (first, "finished", len(manifest), 0),
        (second, "finished", 0, len(window)),
    ]
    assert compare_to_manifest(stored_items(database), manifest).ok

    # Restarting Scrapyd keeps the finished jobs (SqliteJobStorage in deploy/scrapyd.conf).
    before = scrapyd.jobs()["finished"]
    assert {first, second} <= {job["id"] for job in before}
    # twistd shuts down on SIGTERM, then ends by that signal so that its exit status tells why.
    assert scrapyd.stop() == -signal.SIGTERM
    assert scrapyd.output().rstrip().endswith("Server Shut Down.")
    scrapyd.start()
    after = scrapyd.jobs()
    assert (after["pending"], after["running"], after["finished"]) == ([], [], before)


def test_overlapping_jobs_store_each_article_once(scrapyd, replica, tmp_path):
    database = f"sqlite:///{tmp_path / 'overlap.sqlite3'}"
    feeds = tmp_path / "feeds"
    manifest = replica.manifest()

    jobs = run_jobs(scrapyd, replica, database, feeds, count=2)
    (a, b) = jobs.values()
    assert a["start_time"] < b["end_time"] and b["start_time"] < a["end_time"]  # they overlapped

    assert compare_to_manifest(stored_items(database), manifest).ok
    # Each article exported by exactly one of the two jobs: the other found it stored.
    exported = Counter(item["post_id"] for job_id in jobs for item in feed(feeds, job_id))
    assert sorted(exported) == sorted(m["post_id"] for m in manifest)
    assert set(exported.values()) == {1}
    found = runs(database)
    assert sorted(job for job, *_ in found) == sorted(jobs)
    assert [(reason, new + unchanged) for _, reason, new, unchanged in found] == [
        ("finished", len(manifest)),
        ("finished", len(manifest)),
    ]
    assert sum(new for _, _, new, _ in found) == len(manifest)


def test_fresh_schedule_crawls_the_chosen_sections(scrapyd, replica, tmp_path):
    database = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    feeds = tmp_path / "feeds"
    politics = [m for m in replica.manifest() if "/news/politics/" in m["url"]]
    assert politics

    (job,) = run_jobs(scrapyd, replica, database, feeds, mode="fresh", MAYADEEN_SECTIONS="politics")
    comparison = compare_to_manifest(stored_items(database), politics)
    assert comparison.ok, comparison.describe()
    assert runs(database) == [(job, "finished", len(politics), 0)]


def test_backfill_schedule_crawls_the_last_days_from_the_sitemaps(scrapyd, replica, tmp_path):
    database = f"sqlite:///{tmp_path / 'backfill.sqlite3'}"
    since = date(2025, 6, 1)  # the replica's last days ("now" is 2025-06-12)
    days = (datetime.now(UTC).date() - since).days
    recent = [m for m in replica.manifest() if m["published_at"][:10] >= since.isoformat()]
    assert recent

    (job,) = run_jobs(scrapyd, replica, database, tmp_path / "feeds", mode="backfill",
                      MAYADEEN_BACKFILL_DAYS=str(days))  # fmt: skip
    comparison = compare_to_manifest(stored_items(database), recent)
    assert comparison.ok, comparison.describe()
    assert runs(database) == [(job, "finished", len(recent), 0)]
    assert f"'-a', 'since={since.isoformat()}'" in scrapyd.output()
