"""Credentials come from the environment and are never logged nor kept in the repository."""

from __future__ import annotations

import configparser
import re
import subprocess

from sqlalchemy.engine import make_url

from testground.replica.process import PACKAGE_ROOT, crawl_command, free_port, scrapy_env

PASSWORD = "pw-Xq7-never-logged"
# scheme://user:password@host in a URL (not a {placeholder} as in bench/reliability_security.py)
URL_WITH_PASSWORD = re.compile(r"[a-z][a-z0-9+.-]*://[^\s/@:'\"]+:[^\s/@'\"{}]+@", re.I)
# password = value (a config line), but not password = $VARIABLE
SECRET_ASSIGNMENT = re.compile(r"\s*(password|passwd|secret|token)\s*=\s*[^$\s]", re.I)


def _crawl_with_database_from_env(url: str, base_url: str, tmp_path) -> str:
    command = crawl_command(
        base_url, "-a", "max_articles=3", "-a", "sitemaps=false", "-a", "follow_tags=false",
        LOG_LEVEL="DEBUG", FEEDS="{}", TELNETCONSOLE_ENABLED="False",
        MAYADEEN_BROWSER_ENABLED="False", SPIDERMON_ENABLED="False",
        MAYADEEN_DB_RETRIES="0", MAYADEEN_REPORTS_DIR=str(tmp_path / "reports"),
        MAYADEEN_WARC_DIR=str(tmp_path / "warc"),
    )  # fmt: skip
    env = {**scrapy_env(), "MAYADEEN_DATABASE_URL": url}
    done = subprocess.run(command, cwd=PACKAGE_ROOT, env=env, capture_output=True, text=True,
                          timeout=180, check=False)  # fmt: skip
    return done.stdout + done.stderr


def test_the_database_password_is_never_logged(replica, postgres_server, tmp_path):
    base_url = replica(articles=40, seed=3)
    # The private cluster trusts every local connection: any password is accepted.
    url = make_url(postgres_server.url).set(password=PASSWORD).render_as_string(False)
    output = _crawl_with_database_from_env(url, base_url, tmp_path)
    assert "Storing items in postgresql+psycopg://" in output
    assert ":***@127.0.0.1" in output
    assert PASSWORD not in output

    away = url.replace(f":{make_url(url).port}/", f":{free_port()}/")  # nothing listens
    output = _crawl_with_database_from_env(away, base_url, tmp_path)
    assert "Connection refused" in output or "connection failed" in output
    assert PASSWORD not in output


def test_no_credentials_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=PACKAGE_ROOT, capture_output=True,
                             text=True, check=True).stdout.split()  # fmt: skip
    found = []
    for name in tracked:
        if name.startswith("tests/"):  # the tests' throw-away servers' made-up credentials
            continue
        path = PACKAGE_ROOT / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{name}: {m.group(0)}" for m in URL_WITH_PASSWORD.finditer(text)]
        found += [f"{name}: {line.strip()}" for line in text.splitlines()
                  if SECRET_ASSIGNMENT.match(line)]  # fmt: skip
    assert found == []


def test_scrapyd_binds_to_loopback_without_stored_credentials():
    config = configparser.ConfigParser()
    config.read(PACKAGE_ROOT / "deploy" / "scrapyd.conf")
    assert config["scrapyd"]["bind_address"] == "127.0.0.1"
    assert not {"username", "password"} & set(config["scrapyd"])
    deploy = configparser.ConfigParser(interpolation=None)
    deploy.read(PACKAGE_ROOT / "scrapy.cfg")
    assert not {"username", "password"} & set(deploy["deploy"])


def test_scrapyd_deploy_reads_credentials_from_the_environment(tmp_path, monkeypatch):
    from scrapyd_client.utils import get_config

    (tmp_path / "scrapy.cfg").write_text(
        "[deploy]\nurl = http://127.0.0.1:6800\nproject = mayadeen\n"
        "username = $SCRAPYD_USERNAME\npassword = $SCRAPYD_PASSWORD\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCRAPYD_USERNAME", "crawler")
    monkeypatch.setenv("SCRAPYD_PASSWORD", PASSWORD)
    deploy = get_config()["deploy"]
    assert (deploy["username"], deploy["password"]) == ("crawler", PASSWORD)


def test_schedule_refuses_a_database_password():
    env = {**scrapy_env(), "MAYADEEN_DATABASE_URL": f"postgresql+psycopg://u:{PASSWORD}@db/x",
           "SCRAPYD_URL": f"http://127.0.0.1:{free_port()}"}  # fmt: skip
    done = subprocess.run(["bash", str(PACKAGE_ROOT / "scripts" / "schedule.sh"), "full"],
                          env=env, capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 2
    assert "holds a password, which Scrapyd would log" in done.stderr
    assert PASSWORD not in done.stderr
