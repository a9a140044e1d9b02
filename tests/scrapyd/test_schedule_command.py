"""scripts/schedule.sh: what deploy/crontab and the systemd timers run, and what it refuses
before asking Scrapyd anything."""

from __future__ import annotations

import re
import subprocess

from scrapyd_server import SCHEDULE, isolated_env

from mayadeen.replica.process import PACKAGE_ROOT

DEPLOY = PACKAGE_ROOT / "deploy"


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCHEDULE), *args], env=isolated_env(**env),
                          capture_output=True, text=True, check=False)  # fmt: skip


def test_crontab_and_timers_run_the_schedule_command():
    crontab = (DEPLOY / "crontab").read_text()
    jobs = [line for line in crontab.splitlines() if re.match(r"^[\d*/,-]+ ", line)]
    commands = [re.search(r"(\S+/scripts/schedule\.sh \w+)", line) for line in jobs[:2]]
    assert [c.group(1) for c in commands if c] == [
        "/opt/mayadeen/scripts/schedule.sh fresh",
        "/opt/mayadeen/scripts/schedule.sh backfill",
    ]
    service = (DEPLOY / "systemd" / "mayadeen-schedule@.service").read_text()
    assert "ExecStart=/opt/mayadeen/scripts/schedule.sh %i" in service.splitlines()
    for mode in ("fresh", "backfill"):
        timer = (DEPLOY / "systemd" / f"mayadeen-{mode}.timer").read_text()
        assert f"Unit=mayadeen-schedule@{mode}.service" in timer.splitlines()


def test_refuses_what_would_go_wrong_under_scrapyd():
    unknown = run("hourly")
    assert (unknown.returncode, unknown.stderr.strip()) == (
        2, "schedule.sh: usage: schedule.sh fresh|backfill|full [NAME=VALUE ...]"
    )  # fmt: skip
    relative = run("fresh", MAYADEEN_DATABASE_URL="sqlite:///output/db.sqlite3")
    assert relative.returncode == 2
    assert "must be an absolute sqlite:////path" in relative.stderr
    slash = run("fresh", SCRAPYD_URL="http://127.0.0.1:6800/")
    assert (slash.returncode, "must not end with '/'" in slash.stderr) == (2, True)
    loose = run("full", "sections")
    assert (loose.returncode, loose.stderr.strip()) == (
        2, "schedule.sh: expected NAME=VALUE, got 'sections'"
    )  # fmt: skip


def test_scrapyd_away_fails_the_cron_job():
    away = run("full", SCRAPYD_URL="http://127.0.0.1:9")  # discard port: nothing listens
    assert away.returncode == 1
    assert away.stdout == ""
