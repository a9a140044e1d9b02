"""Shared fixtures: `postgres_server`, a private PostgreSQL cluster for the session, and
`replica`, a factory that starts the real replica server as a subprocess.

`replica(articles=300, seed=1, faults="", **options)` starts `python -m testground.replica serve`
on a free loopback port (once per distinct argument set in the session), waits until it answers, and
returns its base URL. `options` are further `serve` flags, e.g. `skin="jsonld"` (skins.py). At the
end of the session each server gets SIGTERM and must exit cleanly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from testground.devservers import PostgresServer
from testground.replica.process import ReplicaProcess


@pytest.fixture(scope="session")
def replica(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., str]]:
    started: dict[tuple, ReplicaProcess] = {}
    logs = tmp_path_factory.mktemp("replica-logs")

    def start(articles: int = 300, seed: int = 1, faults: str = "", **options: object) -> str:
        key = (articles, seed, faults, tuple(sorted(options.items())))
        if key not in started:
            process = ReplicaProcess(
                articles=articles,
                seed=seed,
                faults=faults or None,
                log_path=logs / f"replica-{len(started)}.log",
                **options,
            )
            started[key] = process.start()
        return started[key].base_url

    yield start
    failures = []
    for process in started.values():
        code = process.stop()
        if code != 0:
            log = process.log_path.read_text(errors="replace")[-2000:] if process.log_path else ""
            failures.append(f"{process.base_url}: exit {code}: {log}")
    assert not failures, failures


@pytest.fixture(scope="session")
def postgres_server():
    """One private PostgreSQL cluster for the session (make test installs the server)."""
    with PostgresServer() as server:
        yield server
