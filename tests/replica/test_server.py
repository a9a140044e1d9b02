"""The real server (a subprocess): page kinds, sitemaps, manifest, advance, faults, determinism."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import datetime

from mayadeen import site
from testground.replica import anchors
from testground.replica.render import load_more_token

SEED_PATH = anchors.SEED.path


def get(url: str, method: str = "GET", timeout: float = 10) -> tuple[int, dict, bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, method=method), timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_every_page_kind(replica) -> None:
    base = replica()
    pages = {
        "/": (200, "text/html"),
        "/news": (200, "text/html"),
        "/news/politics?page=2": (200, "text/html"),
        "/articles/opinion": (200, "text/html"),
        "/videos/tv": (200, "text/html"),
        "/infographs": (200, "text/html"),
        "/in-pictures": (200, "text/html"),
        "/region/asia": (200, "text/html"),
        "/tags/csto": (200, "text/html"),
        "/authors/al-mayadeen-net": (200, "text/html"),
        "/coverage/war-on-gaza": (200, "text/html"),
        SEED_PATH: (200, "text/html"),
        SEED_PATH + "/": (200, "text/html"),
        SEED_PATH + "?utm_source=x": (200, "text/html"),
        "/robots.txt": (200, "text/plain"),
        site.SITEMAP_INDEX_PATH: (200, "application/xml"),
        "/sitemaps/all/sitemap-2022-1.xml": (200, "application/xml"),
        "/rss": (403, "text/html"),
        "/news/politics?page=999": (404, "text/html"),
        "/news/no-such-story": (404, "text/html"),
        "/in-pictures?page=2": (404, "text/html"),
        "/__replica__/stats": (200, "application/json"),
    }
    for path, (status, ctype) in pages.items():
        code, headers, _ = get(base + path)
        assert (path, code, headers["Content-Type"].split(";")[0]) == (path, status, ctype)
    assert b"Just a moment..." in get(base + "/rss")[2]
    robots = get(base + "/robots.txt")[2].decode()
    assert (
        f"Sitemap: {base}{site.SITEMAP_INDEX_PATH}" in robots
        and "Disallow: /__replica__/" in robots
    )


def test_listing_pages_union(replica) -> None:
    base = replica()
    seen, page = [], 1
    while True:
        code, _, body = get(f"{base}/news/politics?page={page}")
        if code == 404:
            break
        html = body.decode()
        listing = html[html.index('<section class="listing') : html.index("</section>")]
        seen += re.findall(r'<h3 class="[^"]*__title"><a href="([^"]+)"', listing)
        assert ('rel="next"' in html) == (page < 100 and f"?page={page + 1}" in html)
        page += 1
    assert len(seen) == len(set(seen)) and len(seen) > 40
    manifest = [
        json.loads(line) for line in get(base + "/__replica__/manifest.jsonl")[2].splitlines()
    ]
    politics = [m["url"].removeprefix(base) for m in manifest if "/news/politics/" in m["url"]]
    assert seen == politics  # newest first, same order as the manifest


def test_load_more_needs_token(replica) -> None:
    base = replica(articles=1000)
    url = "/in-pictures/load-more?page=2"
    assert get(base + url)[0] == 403
    code, _, body = get(f"{base}{url}&token={load_more_token(url)}")
    assert code == 200 and body.count(b"<h3") == 20


def test_sitemaps_list_every_article_once(replica) -> None:
    base = replica()
    index = get(base + site.SITEMAP_INDEX_PATH)[2].decode()
    months = re.findall(r"<loc>([^<]+)</loc>", index)
    assert months[0] == base + "/sitemaps/all/sitemap-2025-6.xml"
    locs = []
    manifest = [json.loads(x) for x in get(base + "/__replica__/manifest.jsonl")[2].splitlines()]
    updated = {m["url"]: m["updated_at"] for m in manifest}
    for month_url in months:
        xml = get(month_url)[2].decode()
        y, m = map(int, re.search(r"sitemap-(\d{4})-(\d{1,2})\.xml", month_url).groups())
        for loc, lastmod in re.findall(r"<loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>", xml):
            locs.append(loc)
            assert lastmod == updated[loc]
        assert xml.count("<url>") == len(re.findall("<loc>", xml))
    assert sorted(locs) == sorted(m["url"] for m in manifest)
    by_url = {m["url"]: m for m in manifest}
    for month_url in months[:3]:
        y, m = map(int, re.search(r"sitemap-(\d{4})-(\d{1,2})\.xml", month_url).groups())
        for loc in re.findall(r"<loc>([^<]+)</loc>", get(month_url)[2].decode()):
            assert by_url[loc]["published_at"].startswith(f"{y}-{m:02d}-")


def test_manifest_seed_line(replica) -> None:
    base = replica()
    lines = get(base + "/__replica__/manifest.jsonl")[2].splitlines()
    items = [json.loads(x) for x in lines]
    assert len(items) == 300 + len(anchors.ANCHORS)
    assert len({i["post_id"] for i in items}) == len(items)
    seed = next(i for i in items if i["post_id"] == anchors.SEED.post_id)
    assert seed["url"] == base + SEED_PATH and seed["shares"] == 3
    dates = [datetime.fromisoformat(i["published_at"]) for i in items]
    assert dates == sorted(dates, reverse=True)


def test_advance(replica) -> None:
    base = replica(articles=120, seed=4)
    before = [json.loads(x) for x in get(base + "/__replica__/manifest.jsonl")[2].splitlines()]
    code, _, body = get(base + "/__replica__/advance?new=3&edit=2", method="POST")
    changes = json.loads(body)
    assert code == 200 and len(changes["new"]) == 3 and len(changes["edited"]) == 2
    after = [json.loads(x) for x in get(base + "/__replica__/manifest.jsonl")[2].splitlines()]
    assert len(after) == len(before) + 3
    assert [a["url"] for a in after[:3]] == [c["url"] for c in changes["new"]]
    old = {b["post_id"]: b for b in before}
    changed = [a for a in after[3:] if a != old[a["post_id"]]]
    assert {c["post_id"] for c in changed} == {c["post_id"] for c in changes["edited"]}
    for c in changed:
        assert c["updated_at"] > old[c["post_id"]]["updated_at"]
    home = get(base + "/")[2].decode()
    assert changes["new"][0]["url"] in home  # the ticker links the newest
    assert get(base + "/__replica__/advance?new=x", method="POST")[0] == 400


def test_determinism_same_seed_same_bytes(replica) -> None:
    a, b, c = (
        replica(articles=50, seed=9),
        replica(articles=50, seed=9, slow_seconds=1.0),
        replica(articles=50, seed=10),
    )
    for path in ("/news", "/sitemaps/all.xml"):
        body_a = get(a + path)[2].replace(a.encode(), b"BASE")
        assert body_a == get(b + path)[2].replace(b.encode(), b"BASE")
        assert body_a != get(c + path)[2].replace(c.encode(), b"BASE")


def test_each_fault_kind_and_retry(replica) -> None:
    for spec, expect in [("error=1", {500, 503}), ("throttle=1", {429}), ("challenge=1", {403})]:
        base = replica(articles=30, faults=spec)
        codes = [get(base + "/news")[0] for _ in range(3)]
        assert set(codes[:2]) <= expect and codes[2] == 200, (spec, codes)
        if spec == "throttle=1":
            assert get(base + "/region/asia")[1]["Retry-After"] == "1"
        if spec == "challenge=1":
            assert b"/cdn-cgi/challenge-platform/" in get(base + "/tags/csto")[2]
    base = replica(articles=30, faults="truncate=1")
    body = get(base + SEED_PATH)[2]
    assert not body.rstrip().endswith(b"</html>")
    get(base + SEED_PATH)
    assert get(base + SEED_PATH)[2].rstrip().endswith(b"</html>")
    base = replica(articles=30, faults="slow=1", slow_seconds=0.3, hang_seconds=3)
    timings, kinds = [], Counter()
    for n in range(24):
        start = time.perf_counter()
        try:
            code = get(f"{base}/news?page=1&n={n}", timeout=1.5)[0]
            kinds["slow"] += 1
        except (TimeoutError, urllib.error.URLError):
            kinds["hang"] += 1
        timings.append(time.perf_counter() - start)
    assert kinds["slow"] and kinds["hang"] and code == 200
    stats = json.loads(get(base + "/__replica__/stats")[2])
    assert stats["faults"]["slow"] + stats["faults"]["hang"] == 24


def test_redirect_and_tracking(replica) -> None:
    base = replica(articles=60, faults="redirect=1,tracking=1")
    code, headers, _ = get(base + SEED_PATH)
    assert code in (301, 302) and headers["Location"] == SEED_PATH + "/"
    code, _, body = get(base + SEED_PATH + "/")
    assert code == 200 and f'href="{base}{SEED_PATH}"'.encode() in body  # canonical
    html = get(base + "/news")[2].decode()
    links = re.findall(r'href="(/news/[^"]+)"', html)
    articles = [link for link in links if link.count("/") == 3]
    assert articles and all("?utm_source=" in link for link in articles)
    target = articles[0].replace("&amp;", "&")
    assert get(base + target.split("?")[0] + "/?" + target.split("?")[1])[0] == 200
