"""scripts/schedule.sh: what deploy/crontab and the systemd timers run, and what it refuses
before asking Scrapyd anything."""

from __future__ import annotations

import re
import subprocess

from scrapyd_server import SCHEDULE, ScrapydServer, isolated_env

from testground.replica.process import PACKAGE_ROOT

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


def test_basic_auth_from_the_environment_or_netrc(tmp_path):
    credentials = {"SCRAPYD_USERNAME": "crawler", "SCRAPYD_PASSWORD": "s3cret"}
    with ScrapydServer(tmp_path / "scrapyd", **credentials) as scrapyd:
        refused = run("full", SCRAPYD_URL=scrapyd.url, HOME=str(tmp_path))
        assert (refused.returncode, "401" in refused.stderr) == (1, True)
        # Let in, the request reaches Scrapyd's own checks (nothing deployed to this one).
        let_in = run("full", SCRAPYD_URL=scrapyd.url, SCRAPYD_AUTH="crawler:s3cret")
        assert let_in.returncode == 1
        assert "project 'mayadeen' not found" in let_in.stderr
        (tmp_path / ".netrc").write_text("machine 127.0.0.1 login crawler password s3cret\n")
        (tmp_path / ".netrc").chmod(0o600)
        from_netrc = run("full", SCRAPYD_URL=scrapyd.url, HOME=str(tmp_path))
        assert "project 'mayadeen' not found" in from_netrc.stderr
