"""A real Scrapyd for the tests: started from the repository's deploy/scrapyd.conf in a state
directory of its own, on a free loopback port, with nothing of the working tree importable (jobs
run the deployed egg); the project deployed with scrapyd-deploy from a copy of the checkout."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from testground.replica.process import PACKAGE_ROOT, ManagedServer, free_port, terminate

SCRAPYD_CONF = PACKAGE_ROOT / "deploy" / "scrapyd.conf"
SCHEDULE = PACKAGE_ROOT / "scripts" / "schedule.sh"
BIN = Path(sys.executable).parent


def isolated_env(**extra: str) -> dict[str, str]:
    """The environment without the project on the path nor an inherited database URL."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "MAYADEEN_DATABASE_URL") and not k.startswith("SCRAPYD_")
    }
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    env.update(extra)
    return env


class ScrapydServer(ManagedServer):
    """``with ScrapydServer(home) as scrapyd: scrapyd.url`` runs Scrapyd with its state in home."""

    def __init__(self, home: Path, port: int | None = None, **env: str) -> None:
        self.home = home
        self.port = port or free_port()
        self.extra_env = env
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        # HOME: no ~/.scrapyd.conf or ~/.netrc of the user running the tests.
        return isolated_env(HOME=str(self.home), SCRAPYD_HTTP_PORT=str(self.port),
                            **self.extra_env)  # fmt: skip

    def start(self, timeout: float = 60.0) -> ScrapydServer:
        self.home.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SCRAPYD_CONF, self.home / "scrapyd.conf")
        log = open(self.home / "scrapyd.out", "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scrapyd"],
            cwd=self.home, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()  # the child has its own descriptor
        try:
            self.wait_until_answering(self.process, self._answers, timeout, "scrapyd", 0.2)
        except RuntimeError as error:
            raise RuntimeError(f"{error}: {self.output()[-2000:]}") from None
        return self

    def _answers(self) -> bool:
        return self.get("daemonstatus.json")["status"] == "ok"

    def stop(self, timeout: float = 30.0) -> int | None:
        if self.process is None:
            return None
        return terminate(self.process, timeout)

    def output(self) -> str:
        return (self.home / "scrapyd.out").read_text(errors="replace")

    def get(self, endpoint: str, **query: str) -> Any:
        url = f"{self.url}/{endpoint}" + ("?" + urllib.parse.urlencode(query) if query else "")
        request = urllib.request.Request(url)
        if "SCRAPYD_USERNAME" in self.extra_env:  # basic auth on
            user, password = self.extra_env["SCRAPYD_USERNAME"], self.extra_env["SCRAPYD_PASSWORD"]
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def jobs(self) -> dict[str, list[dict[str, Any]]]:
        return self.get("listjobs.json", project="mayadeen")

    def wait_finished(self, *job_ids: str, timeout: float = 150.0) -> dict[str, dict[str, Any]]:
        """Poll listjobs.json until every job is finished; their finished entries by id."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            finished = {job["id"]: job for job in self.jobs()["finished"]}
            if all(job_id in finished for job_id in job_ids):
                return {job_id: finished[job_id] for job_id in job_ids}
            time.sleep(0.5)
        raise AssertionError(f"jobs {job_ids} not finished in {timeout:.0f}s: {self.jobs()}")

    def job_log(self, job_id: str) -> str:
        return (self.home / "logs" / "mayadeen" / "articles" / f"{job_id}.log").read_text("utf-8")


def checkout_copy(target: Path) -> Path:
    """The project's files as a clean clone would have them (tracked and new, not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PACKAGE_ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = PACKAGE_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def scrapyd_deploy(checkout: Path, *args: str, url: str | None = None) -> str:
    """`scrapyd-deploy <args>` in a checkout; with `url`, aimed there (its scrapy.cfg's url)."""
    if url is not None:
        cfg = checkout / "scrapy.cfg"
        lines = cfg.read_text().splitlines()
        cfg.write_text("\n".join(f"url = {url}" if line.startswith("url =") else line
                                 for line in lines) + "\n")  # fmt: skip
    done = subprocess.run(
        [str(BIN / "scrapyd-deploy"), *args],
        cwd=checkout, env=isolated_env(HOME=str(checkout)), capture_output=True, text=True,
        timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def schedule(mode: str, *args: str, **env: str) -> str:
    """scripts/schedule.sh MODE ARGS, as cron runs it; returns the job id it prints."""
    done = subprocess.run(
        ["bash", str(SCHEDULE), mode, *args],
        env=isolated_env(**env), capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()
