"""`scrapy crawl` (mayadeen/commands/crawl.py): Scrapy's usage errors and start-up failure codes
kept; exit 3 when a run monitor failed is tested on real crawls (tests/monitoring,
tests/spider/test_callback_errors.py)."""

from __future__ import annotations

import subprocess

import pytest

from testground.replica.process import PACKAGE_ROOT, scrapy_command, scrapy_env


def _crawl(*args: str) -> subprocess.CompletedProcess:
    command = scrapy_command("crawl", *args, LOG_LEVEL="INFO", TELNETCONSOLE_ENABLED="False")
    return subprocess.run(command, cwd=PACKAGE_ROOT, env=scrapy_env(), capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Usage"),
        (("articles", "articles"), "running 'scrapy crawl' with more than one spider"),
    ],
)
def test_usage_errors_are_scrapys(args, message):
    done = _crawl(*args)
    assert done.returncode == 2
    assert message in done.stdout + done.stderr


def test_an_unknown_spider_is_a_start_up_failure():
    done = _crawl("no_such_spider")
    assert done.returncode == 1
    assert "KeyError: 'Spider not found: no_such_spider'" in done.stderr
