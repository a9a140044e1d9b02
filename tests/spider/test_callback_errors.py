"""A callback that raises in a real crawl: Scrapy's scraper logs it with the URL and traceback,
sends spider_error, counts spider_exceptions/<Type>; what the callback yielded stands, no other
item is lost, the run report lists the error and the crawl exits 3 (the errors monitor)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from failing_spider import SIGNALS_STAT

from testground.replica.process import PACKAGE_ROOT, scrapy_command, scrapy_env

HERE = Path(__file__).parent


def test_an_exception_in_a_callback_is_counted_and_loses_nothing(replica, tmp_path):
    base_url = replica(articles=60, seed=4)
    manifest = [json.loads(line) for line in _get(base_url + "/__replica__/manifest.jsonl")]
    failing = manifest[len(manifest) // 2]["url"]
    suffix = failing[len(base_url) :]
    command = scrapy_command(
        "crawl", "failing_articles", "-O", str(tmp_path / "items.jsonl"), base_url=base_url,
        LOG_LEVEL="INFO", TELNETCONSOLE_ENABLED="False", FEEDS="{}",
        SPIDER_MODULES="mayadeen.spiders,failing_spider", FAILING_URL_SUFFIX=suffix,
        MAYADEEN_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MAYADEEN_REPORTS_DIR=str(tmp_path / "reports"),
        MAYADEEN_STATS_FILE=str(tmp_path / "stats.json"),
    )  # fmt: skip
    env = scrapy_env()
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), env["PYTHONPATH"]])
    done = subprocess.run(command, cwd=PACKAGE_ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip

    assert done.returncode == 3, done.stderr[-3000:]
    rows = [json.loads(line) for line in (tmp_path / "items.jsonl").read_text().splitlines()]
    post_ids = [row["post_id"] for row in rows if "post_id" in row]
    # Every article once, the failing page's item too: it was yielded before the error.
    assert sorted(post_ids) == sorted(m["post_id"] for m in manifest)
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["spider_exceptions/RuntimeError"] == stats["spider_exceptions/count"] == 1
    assert stats[SIGNALS_STAT] == 1
    assert f"Spider error processing <GET {failing}>" in done.stderr
    assert "RuntimeError: a bug the fuzzing missed" in done.stderr
    (report,) = [json.loads(p.read_text()) for p in (tmp_path / "reports").glob("*.json")]
    (errors,) = [c for c in report["checks"] if c["name"] == "errors"]
    assert errors["status"] == "failed"
    assert errors["message"] == "1 errors logged (maximum 0); 1 pages failed in a callback"
    assert errors["details"]["spider_exceptions"] == {"RuntimeError": 1}
    assert report["finish_reason"] == "finished"


def _get(url: str) -> list[str]:
    from urllib.request import urlopen

    with urlopen(url, timeout=30) as answer:
        return answer.read().decode("utf-8").splitlines()
