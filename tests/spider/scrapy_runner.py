"""Running the spider for real: `scrapy crawl` / `scrapy check` in a subprocess, against the
replica (the `replica` fixture of tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The polite live-site defaults make no sense against a local replica.
REPLICA_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": "False",
}


def scrapy(
    *args: str, base_url: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """`scrapy <args>` from the project root, with the replica settings when base_url is given."""
    command = [sys.executable, "-m", "scrapy", *args]
    if base_url is not None:
        settings = {**REPLICA_SETTINGS, "MAYADEEN_BASE_URL": base_url}
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def replica_url_of(request) -> str:
    """The base URL of the running replica of the `replica` fixture (skip until merged)."""
    try:
        replica = request.getfixturevalue("replica")
    except pytest.FixtureLookupError:
        pytest.skip("the replica fixture (tests/conftest.py) is not merged yet")
    return replica if isinstance(replica, str) else replica.base_url
