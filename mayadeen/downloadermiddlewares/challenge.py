"""`ChallengeMiddleware`: Cloudflare answers suspicious clients with a "Just a moment..."
challenge (403 on /rss, reported on the live site): counted, retried and then reported loudly,
never silently."""

from __future__ import annotations

from scrapy.http import Response

from mayadeen.downloadermiddlewares.pageretry import PageRetryMiddleware

# Cloudflare's interstitial markers (its challenge script path, page title and options object).
CHALLENGE_MARKERS = (
    b"/cdn-cgi/challenge-platform/",
    b"<title>Just a moment...</title>",
    b"window._cf_chl_opt",
)



def is_challenge(response: Response) -> bool:
    """True when the response is a Cloudflare challenge page, whatever its status."""
    head = response.body[:20000]
    return any(marker in head for marker in CHALLENGE_MARKERS)



class ChallengeMiddleware(PageRetryMiddleware):
    """Retries a challenged request (MAYADEEN_CHALLENGE_RETRIES times), then drops it with an
    error log; stats: mayadeen/challenge (every challenge), mayadeen/challenge_blocked."""

    detect = staticmethod(is_challenge)
    reason = "cloudflare_challenge"
    seen_stat = "mayadeen/challenge"
    given_up_stat = "mayadeen/challenge_blocked"
    given_up_message = "blocked by a Cloudflare challenge (HTTP {status}): {url}"
    max_retries_setting = "MAYADEEN_CHALLENGE_RETRIES"

