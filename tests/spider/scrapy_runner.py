"""Running the spider for real: `scrapy crawl` / `scrapy check` in a subprocess, against the
replica (started by the `replica` fixture factory of tests/conftest.py)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from testground.replica.process import PACKAGE_ROOT, scrapy_command, scrapy_env

ROOT = PACKAGE_ROOT
TEST_SETTINGS = {
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": "False",
    # The replica's "hang" fault outlasts this: the request times out and is retried.
    "DOWNLOAD_TIMEOUT": "5",
    # No per-run feeds in the repository's output/: a test names its feed with -O.
    "FEEDS": "{}",
}


def scrapy(
    *args: str,
    base_url: str | None = None,
    timeout: float = 300,
    database: str | None = None,
    **settings: str,
) -> subprocess.CompletedProcess:
    """`scrapy <args>` from the project root, with the replica settings when base_url is given.

    Every call stores into its own fresh SQLite database (so each crawl is a first crawl and
    nothing is written into the repository's output/) unless `database` names one."""
    scratch = Path(tempfile.mkdtemp(prefix="mayadeen-test-"))
    if database is None:
        database = f"sqlite:///{scratch / 'db.sqlite3'}"
    # Run reports and the web archive in the scratch folder, not the repository's output/.
    merged = {**TEST_SETTINGS, "MAYADEEN_DATABASE_URL": database,
              "MAYADEEN_REPORTS_DIR": str(scratch / "reports"),
              "MAYADEEN_WARC_DIR": str(scratch / "warc"), **settings}  # fmt: skip
    command = scrapy_command(*args, base_url=base_url, **merged)
    return subprocess.run(
        command, cwd=ROOT, env=scrapy_env(), capture_output=True, text=True, timeout=timeout,
        check=False,
    )  # fmt: skip
