"""The site profile as data: a TOML file overrides entries of mayadeen/site.py, checked at start."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from mayadeen import site
from mayadeen.profile import ProfileError, apply_profile, load_profile, reset_profile
from testground.replica.process import PACKAGE_ROOT, scrapy_env


@pytest.fixture(autouse=True)
def defaults_again():
    yield
    reset_profile()


def _profile(tmp_path, text: str):
    path = tmp_path / "profile.toml"
    path.write_text(text, "utf-8")
    return path


def test_entries_take_the_defaults_shape(tmp_path):
    path = _profile(tmp_path, """
BODY_CONTAINER_SELECTOR = "div.story-body"
READ_TIME_RE = '(?:^|·\\s*)(?P<n>\\d+)\\s+min read'
REGIONS = [["africa", "Africa"], ["west-asia", "West Asia"]]
SITE_TIMEZONE = "Asia/Beirut"
[META]
title = "meta[name='twitter:title']::attr(content)"
""")
    entries = load_profile(path)
    assert entries["BODY_CONTAINER_SELECTOR"] == "div.story-body"
    assert entries["READ_TIME_RE"].flags & re.I  # the default's flags are kept
    assert entries["READ_TIME_RE"].search("19 Shares · 4 MIN READ")["n"] == "4"
    assert entries["REGIONS"] == [("africa", "Africa"), ("west-asia", "West Asia")]
    assert entries["META"] == {"title": "meta[name='twitter:title']::attr(content)"}
    apply_profile(entries)
    assert site.BODY_CONTAINER_SELECTOR == "div.story-body"
    assert site.LEDE_SELECTOR == "p.lg_para.summary"  # entries not named keep site.py's
    reset_profile()
    assert site.BODY_CONTAINER_SELECTOR == "div.p-content"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('LEDE_SELECTR = "p.x"', "LEDE_SELECTR: not an entry of the site profile "
                                 "(did you mean LEDE_SELECTOR?)"),
        ("SHARES_RE = '(?P<n>[\\d,]+ Shares'", "SHARES_RE: the pattern does not compile"),
        ("BODY_CONTAINER_SELECTOR = 3", "BODY_CONTAINER_SELECTOR: str expected, got 3"),
        ('REGIONS = [["africa"]]', "REGIONS: every item must have 2 parts"),
        ('SITE_TIMEZONE = "Mars/Olympus"', "SITE_TIMEZONE: unknown time zone"),
        ('BASE_URL = "https://example.com"', "BASE_URL: not an entry of the site profile"),
        ("LEDE_SELECTOR = ", "not a TOML file"),
    ],
)
def test_a_bad_entry_is_named(tmp_path, text, message):
    path = _profile(tmp_path, text + "\n")
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ProfileError, match="cannot read the site profile"):
        load_profile(tmp_path / "nowhere.toml")


def test_a_broken_profile_stops_the_crawl_at_start(tmp_path):
    path = _profile(tmp_path, 'LEDE_SELECTR = "p.x"\n')
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "articles", "-s", f"MAYADEEN_SITE_PROFILE={path}",
         "-s", "MAYADEEN_BASE_URL=http://127.0.0.1:9", "-s", "LOG_LEVEL=INFO"],
        cwd=PACKAGE_ROOT, env=scrapy_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "LEDE_SELECTR: not an entry of the site profile" in done.stderr
    assert "Spider opened" not in done.stderr  # stopped before anything was fetched


def test_the_structure_fallback_switch_is_a_boolean(tmp_path):
    assert load_profile(_profile(tmp_path, "BODY_STRUCTURE_FALLBACK = false")) == {
        "BODY_STRUCTURE_FALLBACK": False
    }
    with pytest.raises(ProfileError, match="BODY_STRUCTURE_FALLBACK: bool expected"):
        load_profile(_profile(tmp_path, "BODY_STRUCTURE_FALLBACK = 0"))
