"""A target name resolving to a private address is refused at DNS (mayadeen/resolver.py); a
target configured as a private address (the replica) is not."""

from __future__ import annotations

import json
import socket
import subprocess

import pytest
from scrapy.settings import Settings

from mayadeen.middlewares import is_private_host
from mayadeen.replica.process import PACKAGE_ROOT, ReplicaProcess, crawl_command, scrapy_env
from mayadeen.resolver import PrivateAddressRefused, PublicAddressResolver, refused_names

REFUSED_STAT = "mayadeen/refused/private_address"


class _Process:
    """What Scrapy hands the resolver: something with settings."""

    def __init__(self, **settings: str) -> None:
        self.settings = Settings({"DNSCACHE_ENABLED": True, "DNSCACHE_SIZE": 10, "DNS_TIMEOUT": 5,
                                  **settings})  # fmt: skip


def test_private_answers_are_allowed_only_for_a_private_target():
    live = PublicAddressResolver.from_crawler(_Process(), reactor=None)
    assert live.allow_private is False  # the site's own name: english.almayadeen.net
    assert live.checked("93.184.216.34", "english.almayadeen.net") == "93.184.216.34"
    for address in ("127.0.0.1", "10.1.2.3", "169.254.169.254", "192.168.0.7", "::1"):
        with pytest.raises(PrivateAddressRefused, match=f"resolves to {address}, a private"):
            live.checked(address, "english.almayadeen.net")
    assert refused_names["english.almayadeen.net"] == "::1"
    replica = PublicAddressResolver.from_crawler(
        _Process(MAYADEEN_BASE_URL="http://127.0.0.1:8089"), reactor=None
    )
    assert replica.allow_private is True


def _private_name() -> str:
    """This machine's host name when it resolves to a private address (it does in the
    project's sandboxes: /etc/hosts maps it to 127.0.0.1)."""
    name = socket.gethostname()
    try:
        address = socket.gethostbyname(name)
    except OSError:
        pytest.skip(f"host name {name!r} does not resolve here")
    if is_private_host(name) or not is_private_host(address):
        pytest.skip(f"host name {name!r} resolves to {address}, not a private address")
    return name


def test_a_crawl_whose_target_name_resolves_privately_fetches_nothing(tmp_path):
    name = _private_name()
    with ReplicaProcess(articles=5, log_path=tmp_path / "replica.log") as replica:
        port = replica.base_url.rsplit(":", 1)[1]
        stats_file = tmp_path / "stats.json"
        command = crawl_command(
            f"http://{name}:{port}", MAYADEEN_STATS_FILE=str(stats_file), FEEDS="{}",
            MAYADEEN_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            MAYADEEN_REPORTS_DIR=str(tmp_path), LOG_LEVEL="INFO",
        )  # fmt: skip
        done = subprocess.run(command, cwd=PACKAGE_ROOT, env=scrapy_env(), capture_output=True,
                              text=True, timeout=300, check=False)  # fmt: skip
        served = replica.get("/__replica__/stats")
    stats = json.loads(stats_file.read_text("utf-8"))
    # robots.txt, the home page and the sitemap index: each refused once, none retried.
    assert (stats[REFUSED_STAT], stats.get("retry/count", 0)) == (3, 0), done.stderr[-3000:]
    assert stats.get("item_scraped_count", 0) == 0
    assert stats.get("downloader/response_count", 0) == 0
    assert done.stderr.count(f"{name} resolves to 127.0.0.1, a private address: refused") == 1
    assert "CRITICAL" not in done.stderr
    assert set(json.loads(served)["requests"]) == {"stats"}  # no page asked for
