"""Run the replica server as a child process: for the demo, the tests and the benchmarks."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A loopback port that is free now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def terminate(process: subprocess.Popen[Any], timeout: float = 15.0) -> int:
    """SIGTERM a child and wait; SIGKILL only if it does not stop. Returns its exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


class ManagedServer:
    """``with Server(...) as server:`` starts it and stops it, whatever happens inside."""

    def start(self) -> Any:
        raise NotImplementedError

    def wait_until_answering(
        self,
        process: subprocess.Popen[Any],
        answers: Callable[[], bool],
        timeout: float,
        name: str,
        interval: float = 0.1,
    ) -> None:
        """Ask ``answers()`` until it says True (a refused connection counts as not yet). If the
        child exits first, or ``timeout`` passes, the server is stopped and RuntimeError says so."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self.stop()
                raise RuntimeError(f"{name} exited with code {process.returncode} at start-up")
            try:
                if answers():
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(interval)
        self.stop()
        raise RuntimeError(f"{name} did not answer within {timeout:.0f}s")

    def stop(self) -> Any:
        raise NotImplementedError

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class ReplicaProcess(ManagedServer):
    """``with ReplicaProcess(articles=500) as replica: replica.base_url`` serves a replica."""

    def __init__(
        self,
        articles: int = 300,
        seed: int = 1,
        faults: str | None = None,
        port: int | None = None,
        startup_timeout: float = 60.0,
        log_path: Path | None = None,
        **options: object,
    ) -> None:
        self.articles = articles
        self.seed = seed
        self.faults = faults
        self.port = port or free_port()
        self.startup_timeout = startup_timeout
        self.log_path = log_path
        # Further `serve` flags: slow_seconds=1.0 -> --slow-seconds 1.0, skin="jsonld" -> --skin.
        self.options = options
        self.process: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "testground.replica", "serve", "--port", str(self.port),
               "--articles", str(self.articles), "--seed", str(self.seed)]  # fmt: skip
        if self.faults:
            cmd += ["--faults", self.faults]
        for name, value in self.options.items():
            cmd += ["--" + name.replace("_", "-"), str(value)]
        return cmd

    def start(self) -> ReplicaProcess:
        env = scrapy_env()
        self._log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            self.command(), env=env, stdout=self._log, stderr=subprocess.STDOUT
        )
        name = "the replica" + (f" (log: {self.log_path})" if self.log_path else "")
        self.wait_until_answering(self.process, self._answers, self.startup_timeout, name)
        return self

    def _answers(self) -> bool:
        with urllib.request.urlopen(self.base_url + "/__replica__/stats", timeout=2):
            return True

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM, wait; SIGKILL only if it does not stop. Returns the exit code."""
        if self.process is None:
            return None
        code = terminate(self.process, timeout)
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
        return code

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.base_url + path, timeout=120) as response:
            return response.read()

    def manifest(self) -> list[dict[str, Any]]:
        """The replica's ground truth: the expected item of every live article."""
        return [json.loads(line) for line in self.get("/__replica__/manifest.jsonl").splitlines()]

    def advance(self, new: int = 0, edit: int = 0) -> dict[str, Any]:
        request = urllib.request.Request(
            f"{self.base_url}/__replica__/advance?new={new}&edit={edit}", method="POST"
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())


# Politeness is for the live site; against our own loopback replica it only slows the crawl down.
REPLICA_CRAWL_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
}


def scrapy_command(*args: str, base_url: str | None = None, **settings: str) -> list[str]:
    """`scrapy <args>`; with `base_url`, aimed at a replica with politeness off. `settings` last."""
    merged = {"MAYADEEN_BASE_URL": base_url, **REPLICA_CRAWL_SETTINGS} if base_url else {}
    merged.update(settings)
    cmd = [sys.executable, "-m", "scrapy", *args]
    for name, value in merged.items():
        cmd += ["-s", f"{name}={value}"]
    return cmd


def crawl_command(base_url: str, *args: str, **settings: str) -> list[str]:
    """`scrapy crawl articles` against a replica."""
    return scrapy_command("crawl", "articles", *args, base_url=base_url, **settings)


def scrapy_env() -> dict[str, str]:
    """The environment for a scrapy child process: the project importable, no inherited
    database URL (it would win over the -s setting)."""
    env = {k: v for k, v in os.environ.items() if k != "MAYADEEN_DATABASE_URL"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")]))
    return env
