"""Running the spider for real: `scrapy crawl` / `scrapy check` in a subprocess, against the
replica (started by the `replica` fixture factory of tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The polite live-site defaults make no sense against a local replica.
REPLICA_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": "False",
    # The replica's "hang" fault outlasts this: the request times out and is retried.
    "DOWNLOAD_TIMEOUT": "5",
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
