"""A real browser where the site needs one (scrapy-playwright and Debian's chromium): listings
that grow only through "Load more", and pages a Cloudflare challenge keeps from plain HTTP.

- addon.py: finds chromium at start-up and only then installs scrapy-playwright's handler;
- contexts.py: context rotation and memory watching around scrapy-playwright's handler, through
  its request meta (memory.py, policy.py);
- listing.py: the load-more page method and the request that uses it;
- middleware.py: skipping browser pages without a browser, challenge -> browser retry;
- cleared.py: the page method that waits for a challenge's script to let the page through;
- clearance.py: clearance mode, one browser solve whose cookies plain requests then reuse.
Only requests with meta["playwright"] = True use the browser; every other request stays plain.
"""

from mayadeen.browser.addon import BrowserAddon, find_browser
from mayadeen.browser.clearance import ClearanceMiddleware
from mayadeen.browser.listing import load_more_request
from mayadeen.browser.middleware import BrowserChallengeMiddleware, BrowserGateMiddleware

__all__ = [
    "BrowserAddon",
    "BrowserChallengeMiddleware",
    "BrowserGateMiddleware",
    "ClearanceMiddleware",
    "find_browser",
    "load_more_request",
]
