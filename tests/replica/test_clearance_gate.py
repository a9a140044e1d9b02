"""`--challenge site`: every request without a valid clearance cookie gets the challenge; the
challenge script's answer earns a cookie bound to the user agent, valid for N pages or S seconds.

Plain HTTP here, doing what the script does (tests/spider/test_clearance_crawl.py has chromium
run the script itself)."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from mayadeen.downloadermiddlewares.challenge import CHALLENGE_MARKERS
from testground.replica import anchors
from testground.replica.clearance import CHALLENGE_SCRIPT_PATH, COOKIE, VERIFY_PATH, answer

UA = "Mozilla/5.0 (X11; Linux x86_64) Test/1.0"
SEED_PATH = anchors.SEED.path


def fetch(
    url: str, user_agent: str = UA, cookie: str | None = None, data: bytes | None = None
) -> tuple[int, dict, bytes]:
    headers = {"User-Agent": user_agent}
    if cookie is not None:
        headers["Cookie"] = f"{COOKIE}={cookie}"
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def is_challenge(status: int, headers: dict, body: bytes) -> bool:
    return (
        status == 403
        and headers.get("cf-mitigated") == "challenge"
        and all(marker in body for marker in CHALLENGE_MARKERS)
    )


def solve(base: str, path: str = "/", user_agent: str = UA, posted_ua: str | None = None):
    """What the challenge script does: read the Ray ID, post the answer; (status, cookie)."""
    status, headers, body = fetch(base + path, user_agent)
    assert is_challenge(status, headers, body)
    ray = re.search(rb"cRay: '([0-9a-f]+)'", body).group(1).decode()
    posted = user_agent if posted_ua is None else posted_ua
    form = f"ray={ray}&answer={answer(ray, posted)}&ua={urllib.parse.quote(posted)}".encode()
    status, headers, _ = fetch(base + VERIFY_PATH, user_agent, data=form)
    found = re.search(rf"{COOKIE}=(\w+)", headers.get("Set-Cookie", ""))
    return status, found.group(1) if found else None


def test_every_page_is_challenged_until_a_clearance_and_the_cookie_expires_after_n_pages(replica):
    base = replica(articles=30, challenge="site", clearance_requests=3)
    for path in ("/", "/news", SEED_PATH, "/robots.txt", "/sitemaps/all.xml"):
        assert is_challenge(*fetch(base + path)), path
    # The challenge script is served; the API is not behind the challenge.
    status, _, script = fetch(base + CHALLENGE_SCRIPT_PATH)
    assert status == 200 and b"navigator.userAgent" in script and b"location.reload()" in script
    assert fetch(base + "/__replica__/stats")[0] == 200

    status, cookie = solve(base)
    assert status == 200 and cookie
    # Three pages with the cookie and the same user agent, then the challenge again.
    for path in ("/", "/news", SEED_PATH):
        status, _, body = fetch(base + path, cookie=cookie)
        assert status == 200 and b"Just a moment" not in body, path
    assert is_challenge(*fetch(base + "/news", cookie=cookie))

    # Bound to the user agent: another one is challenged, and does not use the cookie up.
    _, cookie = solve(base)
    assert is_challenge(*fetch(base + "/news", user_agent="Other/2.0", cookie=cookie))
    assert fetch(base + "/news", cookie=cookie)[0] == 200
    # /rss stays a challenge whatever the cookie, as without --challenge.
    assert is_challenge(*fetch(base + "/rss", cookie=cookie))

    stats = json.loads(fetch(base + "/__replica__/stats")[2])["clearance"]
    assert stats["clearances"] == 2
    assert stats["expired"] == 1
    assert stats["wrong_user_agent"] == 1


def test_a_wrong_answer_or_user_agent_earns_no_cookie(replica):
    base = replica(articles=30, challenge="site", clearance_requests=3)
    # The user agent the script saw in the page must be the one in the request's header.
    assert solve(base, posted_ua="HeadlessChrome/131") == (403, None)
    body = fetch(base + "/news")[2]
    ray = re.search(rb"cRay: '([0-9a-f]+)'", body).group(1).decode()
    wrong = f"ray={ray}&answer=0&ua={urllib.parse.quote(UA)}".encode()
    assert fetch(base + VERIFY_PATH, data=wrong)[0] == 403
    unknown = f"ray=feed&answer={answer('feed', UA)}&ua={urllib.parse.quote(UA)}".encode()
    assert fetch(base + VERIFY_PATH, data=unknown)[0] == 403


def test_a_clearance_expires_after_its_seconds(replica):
    base = replica(articles=30, challenge="site", clearance_seconds=1)
    status, cookie = solve(base)
    assert status == 200
    assert fetch(base + "/news", cookie=cookie)[0] == 200
    time.sleep(1.2)  # the clearance's lifetime passes (behaviour, not a speed measure)
    assert is_challenge(*fetch(base + "/news", cookie=cookie))


def test_without_the_option_nothing_is_challenged(replica):
    base = replica(articles=30)
    assert fetch(base + "/news")[0] == 200
    assert fetch(base + CHALLENGE_SCRIPT_PATH)[0] == 404
