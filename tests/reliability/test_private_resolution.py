"""A target name resolving to a private address is refused at DNS (mayadeen/resolver.py); a
target configured as a private address (the replica) is not."""

from __future__ import annotations

import pytest

from bench.reliability_security import crawl_private_name, private_name
from mayadeen.resolver import PrivateAddressRefused, PublicAddressResolver, refused_names
from testground.projectsettings import project_settings

REFUSED_STAT = "mayadeen/refused/private_address"


class _Process:
    """What Scrapy hands the resolver: something with settings."""

    def __init__(self, **settings: str) -> None:
        self.settings = project_settings(
            DNSCACHE_ENABLED=True, DNSCACHE_SIZE=10, DNS_TIMEOUT=5, **settings
        )


def test_private_answers_are_allowed_only_for_a_private_target():
    live = PublicAddressResolver.from_crawler(_Process(), reactor=None)
    assert live.allow_private is False  # the site's own name: english.almayadeen.net
    assert live.checked("93.184.216.34", "english.almayadeen.net") == "93.184.216.34"
    for address in ("127.0.0.1", "10.1.2.3", "169.254.169.254", "192.168.0.7", "::1"):
        with pytest.raises(PrivateAddressRefused, match=f"resolves to {address}, a private"):
            live.checked(address, "english.almayadeen.net")
    assert refused_names["english.almayadeen.net"] == "::1"
    # Addresses written as such involve no DNS; proxies and allowed names may be private.
    assert live.checked("10.0.0.5", "10.0.0.5") == "10.0.0.5"
    with pytest.raises(PrivateAddressRefused):  # names compare as DNS does: case, final dot
        live.checked("10.0.0.6", "English.Almayadeen.NET.")
    assert refused_names["english.almayadeen.net"] == "10.0.0.6"


def test_proxies_and_allowed_names_may_resolve_privately(monkeypatch):
    monkeypatch.setenv("https_proxy", "http://proxy.corp.example:3128")
    resolver = PublicAddressResolver.from_crawler(
        _Process(MAYADEEN_PRIVATE_NAMES_ALLOWED="Mirror.Internal."), reactor=None
    )
    assert resolver.allowed_names >= {"proxy.corp.example", "mirror.internal"}
    assert resolver.checked("10.0.0.5", "proxy.corp.example") == "10.0.0.5"
    assert resolver.checked("192.168.1.9", "MIRROR.internal") == "192.168.1.9"
    with pytest.raises(PrivateAddressRefused):
        resolver.checked("192.168.1.9", "other.internal")
    monkeypatch.setenv("https_proxy", "")
    no_proxy = PublicAddressResolver.from_crawler(_Process(HTTPPROXY_ENABLED=False), reactor=None)
    assert "proxy.corp.example" not in no_proxy.allowed_names
    replica = PublicAddressResolver.from_crawler(
        _Process(MAYADEEN_BASE_URL="http://127.0.0.1:8089"), reactor=None
    )
    assert replica.allow_private is True


def test_a_crawl_whose_target_name_resolves_privately_fetches_nothing(tmp_path):
    found = private_name()
    if found is None:
        pytest.skip("no host name resolves to a private address here")
    name, address = found
    run = crawl_private_name(tmp_path, name)
    # robots.txt, the home page and the sitemap index: each refused once, none retried.
    assert (run.stats[REFUSED_STAT], run.stats.get("retry/count", 0)) == (3, 0), run.stderr[-3000:]
    assert run.stats.get("item_scraped_count", 0) == 0
    assert run.stats.get("downloader/response_count", 0) == 0
    assert run.stderr.count(f"{name} resolves to {address}, a private address: refused") == 1
    assert "CRITICAL" not in run.stderr
    assert run.replica_pages == 0  # the replica on that address saw no request
