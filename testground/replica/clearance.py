"""`--challenge site`: the replica behind a managed challenge, as a news site under load may be.

Every request without a valid clearance cookie gets the Cloudflare-style "Just a moment..."
page (HTTP 403, `cf-mitigated: challenge`). Its inline script loads the challenge script
(CHALLENGE_SCRIPT_PATH), which only a browser runs: it hashes the page's Ray ID with
`navigator.userAgent` and posts the answer (and that user agent) to VERIFY_PATH. The server
checks the answer and that the posted user agent is the request's User-Agent header, then sets
the `cf_clearance` cookie, bound to that user agent, and the script reloads the page: now the
real one. A clearance is valid for `requests` pages and `seconds` seconds (0: no limit); after
that, or with another User-Agent, the challenge again. Exempt: the /__replica__/ API and the
challenge's own paths. /rss stays a challenge whatever the cookie (it always was one).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from mayadeen import site
from testground.replica.render import Renderer

COOKIE = "cf_clearance"
CHALLENGE_PREFIX = "/cdn-cgi/challenge-platform/"
CHALLENGE_SCRIPT_PATH = CHALLENGE_PREFIX + "h/g/orchestrate/chl_page/v1"
VERIFY_PATH = CHALLENGE_PREFIX + "h/g/flow/ov1"
MODES = ("none", "site")
# Rays whose answer may still come in (a browser answers in well under a second).
OUTSTANDING_RAYS = 10_000

# The challenge script: FNV-1a of "<ray>|<navigator.userAgent>", posted with the user agent; on
# success the page reloads (the cookie now set). Plain HTTP clients never run it.
SCRIPT = """(function () {
  var ray = window._cf_chl_opt.cRay, ua = navigator.userAgent, s = ray + "|" + ua;
  var h = 0x811c9dc5;
  for (var i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  var body = "ray=" + ray + "&answer=" + h.toString(16) + "&ua=" + encodeURIComponent(ua);
  fetch(VERIFY_PATH, {method: "POST", credentials: "same-origin", body: body,
               headers: {"Content-Type": "application/x-www-form-urlencoded"}})
    .then(function (r) { if (r.ok) { location.reload(); } });
})();
""".replace("VERIFY_PATH", repr(VERIFY_PATH))


def answer(ray: str, user_agent: str) -> str:
    """What the challenge script computes (FNV-1a, 32 bits, over UTF-16 code units as JS does)."""
    data = f"{ray}|{user_agent}".encode("utf-16-le")
    value = 0x811C9DC5
    for i in range(0, len(data), 2):
        unit = int.from_bytes(data[i : i + 2], "little")
        value = ((value ^ unit) * 0x01000193) & 0xFFFFFFFF
    return format(value, "x")


@dataclass
class Clearance:
    user_agent: str
    issued: float  # time.monotonic()
    served: int = 0


class ClearanceGate:
    """The managed challenge: an aiohttp middleware in front of every page, and the two
    endpoints of the challenge script."""

    def __init__(
        self, renderer: Renderer, seed: int, requests: int = 0, seconds: float = 0.0
    ) -> None:
        self.renderer = renderer
        self.seed = seed
        self.max_requests = requests
        self.max_seconds = seconds
        self.clearances: dict[str, Clearance] = {}
        self.rays: OrderedDict[str, None] = OrderedDict()
        self.issued = 0
        self.counts: Counter[str] = Counter()

    def routes(self, app: web.Application) -> None:
        app.router.add_get(CHALLENGE_SCRIPT_PATH, self.script)
        app.router.add_post(VERIFY_PATH, self.verify)
        app.middlewares.append(self.middleware)

    def _digest(self, kind: str, number: int) -> str:
        # Deterministic per seed: the replica's output never depends on chance.
        return hashlib.sha256(f"{self.seed}:{kind}:{number}".encode()).hexdigest()[:16]

    def valid(self, request: web.Request) -> bool:
        """Whether the request carries a live clearance for its User-Agent; counts the use."""
        clearance = self.clearances.get(request.cookies.get(COOKIE, ""))
        if clearance is None:
            return False
        if clearance.user_agent != request.headers.get("User-Agent", ""):
            self.counts["wrong_user_agent"] += 1
            return False
        expired_by_requests = self.max_requests and clearance.served >= self.max_requests
        age = time.monotonic() - clearance.issued
        if expired_by_requests or (self.max_seconds and age >= self.max_seconds):
            self.counts["expired"] += 1
            return False
        clearance.served += 1
        return True

    def challenge(self) -> web.Response:
        self.counts["challenges"] += 1
        ray = self._digest("ray", self.counts["challenges"])
        self.rays[ray] = None
        while len(self.rays) > OUTSTANDING_RAYS:
            self.rays.popitem(last=False)
        return web.Response(
            status=403,
            text=self.renderer.challenge_page(ray),
            content_type="text/html",
            headers={"cf-mitigated": "challenge"},
        )

    @web.middleware
    async def middleware(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        path = request.path
        if path.startswith(("/__replica__/", CHALLENGE_PREFIX)) or path == site.RSS_PATH:
            return await handler(request)
        if not self.valid(request):
            return self.challenge()
        self.counts["cleared"] += 1
        return await handler(request)

    async def script(self, request: web.Request) -> web.Response:
        return web.Response(text=SCRIPT, content_type="application/javascript")

    async def verify(self, request: web.Request) -> web.Response:
        form = await request.post()
        ray, user_agent = str(form.get("ray", "")), str(form.get("ua", ""))
        if (
            ray not in self.rays
            or user_agent != request.headers.get("User-Agent", "")
            or form.get("answer") != answer(ray, user_agent)
        ):
            self.counts["failed_answers"] += 1
            return web.Response(status=403, text="challenge failed")
        del self.rays[ray]
        self.issued += 1
        cookie_value = self._digest("clearance", self.issued)
        self.clearances[cookie_value] = Clearance(user_agent, time.monotonic())
        self.counts["clearances"] += 1
        response = web.Response(text="ok")
        response.set_cookie(
            COOKIE,
            cookie_value,
            path="/",
            httponly=True,
            samesite="Lax",
            max_age=math.ceil(self.max_seconds) if self.max_seconds else None,
        )
        return response

    def stats(self) -> dict[str, int]:
        return dict(self.counts)
