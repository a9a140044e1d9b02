"""Shared fixtures: `replica`, a factory that starts the real replica server as a subprocess.

`replica(articles=300, seed=1, faults="")` starts `python -m mayadeen.replica serve` on a free
loopback port (once per distinct argument set in the session), waits until it answers, and returns
its base URL. At the end of the session each server gets SIGTERM and must exit cleanly (status 0).
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

STARTUP_TIMEOUT = 60.0
ROOT = Path(__file__).resolve().parent.parent  # the repository: `-m mayadeen.replica` runs there


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(proc: subprocess.Popen, base_url: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"replica exited with {proc.returncode}: {proc.stderr.read()}")
        try:
            with urllib.request.urlopen(base_url + "/__replica__/stats", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("replica did not start in time")


@pytest.fixture(scope="session")
def replica() -> Iterator[Callable[..., str]]:
    started: dict[tuple, tuple[subprocess.Popen, str]] = {}

    def start(articles: int = 300, seed: int = 1, faults: str = "", **options: object) -> str:
        key = (articles, seed, faults, tuple(sorted(options.items())))
        if key not in started:
            port = _free_port()
            base_url = f"http://127.0.0.1:{port}"
            cmd = [sys.executable, "-m", "mayadeen.replica", "serve", "--port", str(port)]
            cmd += ["--articles", str(articles), "--seed", str(seed)]
            if faults:
                cmd += ["--faults", faults]
            for name, value in options.items():
                cmd += ["--" + name.replace("_", "-"), str(value)]
            proc = subprocess.Popen(
                cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            _wait_ready(proc, base_url)
            started[key] = (proc, base_url)
        return started[key][1]

    yield start
    failures = []
    for proc, base_url in started.values():
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = "timeout"
        if code != 0:
            failures.append(f"{base_url}: exit {code}: {proc.stderr.read()}")
    assert not failures, failures
