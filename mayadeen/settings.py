"""Scrapy settings: polite defaults for the live site; every one overridable with -s.

Against the replica, lift the politeness: -s MAYADEEN_BASE_URL=http://127.0.0.1:PORT
-s AUTOTHROTTLE_ENABLED=False -s DOWNLOAD_DELAY=0 -s CONCURRENT_REQUESTS_PER_DOMAIN=16
"""

from mayadeen import site
from mayadeen.items import ARTICLE_FIELDS, BREAKING_FIELDS

BOT_NAME = "mayadeen"
SPIDER_MODULES = ["mayadeen.spiders"]
NEWSPIDER_MODULE = "mayadeen.spiders"

# The site crawled; the replica's address in tests and demos.
MAYADEEN_BASE_URL = site.BASE_URL

ROBOTSTXT_OBEY = True
# Cloudflare answers 403 to bot-looking clients: look like the browser a reader uses.
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
DEFAULT_REQUEST_HEADERS = {
    "Accept": (
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
    ),
    "Accept-Language": "en-US,en;q=0.9",
    "Sec-Fetch-Dest": "document",
    "Sec-Fetch-Mode": "navigate",
    "Sec-Fetch-Site": "none",
    "Sec-Fetch-User": "?1",
    "Upgrade-Insecure-Requests": "1",
}

# Politeness: one site, a news outlet's servers, no hurry.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy starts this many asyncio tasks for the output of EVERY response (default 100); the
# pipelines store one item at a time, so parallel items buy nothing and the tasks were a sixth of
# a replica crawl's time (bench/NOTES.md).
CONCURRENT_ITEMS = 8
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
DOWNLOAD_TIMEOUT = 60

DOWNLOADER_MIDDLEWARES = {
    "mayadeen.downloadermiddlewares.samesite.SameSiteGuardMiddleware": 50,
    # Browser requests: skipped without a browser, backoff before a browser retry.
    "mayadeen.browser.BrowserGateMiddleware": 60,
    # Below RetryMiddleware (550) in process_response order: sees challenges before it does;
    # after the plain retries, one more through the browser.
    "mayadeen.browser.BrowserChallengeMiddleware": 560,
    # Above BrowserChallengeMiddleware: sees challenges first; a site that challenges every
    # request is passed with one browser solve per clearance (mayadeen/browser/clearance.py).
    # Below CookiesMiddleware (700) in process_request order: the cookies it sets go in the jar.
    "mayadeen.browser.ClearanceMiddleware": 565,
    "mayadeen.downloadermiddlewares.truncated.TruncatedPageMiddleware": 570,
    # Above RetryMiddleware: a 429/503's Retry-After holds every request to the site that long.
    "mayadeen.downloadermiddlewares.retryafter.RetryAfterMiddleware": 580,
    # Above RetryMiddleware: a host name the resolver refused (private address) is not retried.
    "mayadeen.downloadermiddlewares.privateaddress.PrivateResolutionMiddleware": 590,
}
MAYADEEN_CHALLENGE_RETRIES = 2
MAYADEEN_RETRY_AFTER_MAX = 300  # seconds; a longer Retry-After is capped (logged); 0: ignored
MAYADEEN_RETRY_AFTER_CODES = [429, 503]  # the statuses whose Retry-After is honoured
# An article body under this share of the metadata's word count is a page cut short: retried,
# never stored (mayadeen/spiders/short_body.py); 0 turns the check off.
MAYADEEN_SHORT_BODY_RATIO = 0.5

# A real browser (Debian's chromium through scrapy-playwright, see mayadeen/browser/) for listings
# that grow only through "Load more" and for challenged pages; a render costs about a hundred
# plain requests, so nothing else uses it. Without chromium those pages are skipped (a warning).
MAYADEEN_BROWSER_ENABLED = True
MAYADEEN_BROWSER_EXECUTABLE = None  # None: /usr/bin/chromium or `chromium` on PATH
MAYADEEN_BROWSER_RETRY_BACKOFF = 10.0  # seconds before the browser retry of a challenged page
MAYADEEN_BROWSER_PAGES_PER_CONTEXT = 50  # then a fresh context (cache, cookies, leaks dropped)
MAYADEEN_BROWSER_MEMORY_LIMIT_MB = 1024  # chromium's PSS above this: a fresh context at once
MAYADEEN_BROWSER_MEMORY_CHECK_SECONDS = 1.0  # reading chromium's memory takes ~50 ms
MAYADEEN_BROWSER_WAIT_SECONDS = 15.0  # for the page to change after a click
MAYADEEN_LOAD_MORE_MAX_CLICKS = 100
MAYADEEN_BROWSER_ALLOWED_HOSTS: list[str] = []  # besides the site's own origin
# Clearance mode (mayadeen/browser/clearance.py): when this share of the last WINDOW plain
# responses were challenges (a managed challenge: all of them; random challenges of a few percent
# never get there), solve once in the browser and send its cookies with every plain request
# until the site challenges them again. False: every challenged page is rendered, one by one.
MAYADEEN_CLEARANCE_ENABLED = True
MAYADEEN_CLEARANCE_THRESHOLD = 0.9
MAYADEEN_CLEARANCE_WINDOW = 20
MAYADEEN_CLEARANCE_MAX_REQUEUES = 3  # then a challenged request goes the usual way
MAYADEEN_CLEARANCE_MAX_FAILURES = 3  # failed solves in a row, then the mode is off for the crawl
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
PLAYWRIGHT_MAX_CONTEXTS = 2  # the current context and one retiring
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000  # ms

EXTENSIONS = {
    # The local feed files (FEED_STORAGES below), flushed before each database commit.
    "mayadeen.feeds.files.FeedFiles": 0,
    # With -s JOBDIR=...: a finished job's dir is reusable.
    "mayadeen.extensions.jobdir.FinishedJobReset": 100,
    # The web archive: WARC files of the pages fetched (see below).
    "mayadeen.extensions.archive.WebArchive": 300,
    "mayadeen.extensions.coverage.FieldCoverage": 400,
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,  # run monitors, see below
    # With -s MAYADEEN_STATS_FILE=path: final stats as JSON.
    "mayadeen.extensions.statsfile.StatsFile": 900,
}
# The web archive (mayadeen/archive/, extensions/archive.py): every article page fetched, with its
# request, into WARC files (gzip per record) under MAYADEEN_WARC_DIR, indexed in the database;
# `scrapy reparse` extracts them again without the site. A page already archived with the same
# payload is written as a revisit record (headers only).
MAYADEEN_WARC_ENABLED = True
MAYADEEN_WARC_DIR = "output/warc"
# Kinds of page archived: article, listing (home, sections, tags), sitemap.
MAYADEEN_WARC_PAGES = ["article"]
MAYADEEN_WARC_MAX_BYTES = 1_000_000_000  # a new file past this size (the usual 1 GB)
# ISA-L deflate level (0-3) of each record's gzip member: 2 costs a sixth of zlib level 6's CPU
# for 5% more bytes (README, "The web archive").
MAYADEEN_WARC_COMPRESSION_LEVEL = 2
MAYADEEN_WARC_INDEX_BATCH = 100  # records per write of the archive index
# `scrapy reparse`: worker processes extracting the archived pages beside the one running the
# pipelines (mayadeen/archive/reextract.py); None: one per CPU, at most 4; 0: none (all in one
# process).
MAYADEEN_REPARSE_PROCESSES = None
MAYADEEN_STATS_FILE = None  # a path: the crawl's final stats as JSON there
# Distributed crawls: off unless MAYADEEN_REDIS_URL (setting or environment) names a Redis server;
# then the processes sharing it share one request queue and dupefilter (mayadeen/distributed.py).
MAYADEEN_REDIS_URL = None
# A TOML file overriding entries of mayadeen/site.py (mayadeen/profile.py; `make calibrate` writes
# one); the environment variable of the same name wins.
MAYADEEN_SITE_PROFILE = None
ADDONS = {
    "mayadeen.profile.SiteProfileAddon": -10,  # first: every other component sees the profile
    "mayadeen.browser.BrowserAddon": 0,
    "mayadeen.distributed.DistributedAddon": 0,
}
SPIDER_CONTRACTS = {
    "mayadeen.spiders.contracts.SiteUrlContract": 1,
}
# Validate, then store (and drop what is unchanged since the last run). Within a run the spider
# emits each article (post id) and ticker line (text) once.
ITEM_PIPELINES = {
    "mayadeen.pipelines.ValidationPipeline": 100,
    "mayadeen.pipelines.DatabasePipeline": 300,
}
# SQLite by default; a PostgreSQL URL here or in the environment variable of the same name.
MAYADEEN_DATABASE_URL = "sqlite:///output/mayadeen.sqlite3"
MAYADEEN_DB_BATCH_SIZE = None  # items per commit: 1 on SQLite, 100 on PostgreSQL (storage/engine)
MAYADEEN_DB_RETRIES = 3
MAYADEEN_DB_RETRY_DELAY = 1.0
# Incremental crawls (`-a full=true` ignores the database): stored articles published within this
# many days of the newest stored one are fetched again to catch edits.
MAYADEEN_REVISIT_DAYS = 3
# Discovery beyond the URL shapes of the profile (mayadeen/spiders/exploration.py): a link of an
# unknown shape is fetched to learn what its shape leads to; this many probes per shape decide
# it, at most this many probes per crawl, and links found on probed pages that are neither
# articles nor listings are followed this many levels deep.
MAYADEEN_EXPLORE_PROBES_PER_SHAPE = 2
MAYADEEN_EXPLORE_MAX_REQUESTS = 200
MAYADEEN_EXPLORE_MAX_DEPTH = 2

# One set of feeds per run, named by its Scrapyd job id or else its start time (mayadeen.feeds):
# JSON Lines (primary), CSV and Parquet (typed columns, mayadeen/feeds/parquet.py) with the same
# columns for articles, JSON Lines for the ticker.
MAYADEEN_FEEDS_DIR = "output/feeds"
FEED_URI_PARAMS = "mayadeen.feeds.uri.feed_uri_params"
_ARTICLE_FEED = {
    "encoding": "utf8",
    "item_classes": ["mayadeen.items.ArticleItem"],
    "fields": list(ARTICLE_FIELDS),
}
FEEDS = {
    "%(feeds_dir)s/articles-%(run)s.jsonl": {"format": "jsonlines", **_ARTICLE_FEED},
    "%(feeds_dir)s/articles-%(run)s.csv": {"format": "csv", **_ARTICLE_FEED},
    "%(feeds_dir)s/articles-%(run)s.parquet": {"format": "parquet", **_ARTICLE_FEED},
    "%(feeds_dir)s/breaking-%(run)s.jsonl": {
        "format": "jsonlines",
        "encoding": "utf8",
        "item_classes": ["mayadeen.items.BreakingItem"],
        "fields": list(BREAKING_FIELDS),
    },
}
FEED_EXPORTERS = {
    "csv": "mayadeen.feeds.exporters.JsonListsCsvItemExporter",
    "parquet": "mayadeen.feeds.parquet.ParquetItemExporter",
}
# Scrapy's FileFeedStorage, known to the FeedFiles extension (mayadeen/feeds/files.py).
FEED_STORAGES = {
    "": "mayadeen.feeds.files.LocalFeedStorage",
    "file": "mayadeen.feeds.files.LocalFeedStorage",
}
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# Scrapy's caching resolver, refusing names resolving to private addresses (mayadeen/resolver.py).
TWISTED_DNS_RESOLVER = "mayadeen.resolver.PublicAddressResolver"
MAYADEEN_PRIVATE_NAMES_ALLOWED: list[str] = []  # host names that may resolve to private addresses

# Run monitors (mayadeen/monitoring): at spider close spidermon runs the checks, a report goes to
# MAYADEEN_REPORTS_DIR/<run>.json and .txt, and `scrapy crawl` (mayadeen/commands/crawl.py) exits 3
# when a check failed. Thresholds are for a full crawl; lower MAYADEEN_MONITOR_MIN_ARTICLES etc.
# with -s for small or incremental runs.
COMMANDS_MODULE = "mayadeen.commands"
SPIDERMON_ENABLED = True  # the one switch of the run monitors (and the coverage they read)
SPIDERMON_SPIDER_CLOSE_MONITORS = ["mayadeen.monitoring.monitors.CloseSpiderMonitors"]
MAYADEEN_REPORTS_DIR = "output/reports"
MAYADEEN_MONITOR_MIN_ARTICLES = 1
# Share of the run's articles with a non-empty field. Video pages have no text body and some
# pages no image, tags or source: these stay well under the replica's rates (body 87%, tags 89%).
MAYADEEN_MONITOR_FIELD_COVERAGE = {
    "url": 1.0,
    "post_id": 0.99,
    "title": 1.0,
    "published_at": 1.0,
    "summary": 0.95,
    "authors": 0.95,
    "section": 0.99,
    "body": 0.75,
    "tags": 0.75,
    "image_url": 0.7,
    "image_caption": 0.5,
    "source": 0.5,
    "read_time_minutes": 0.75,
    "shares": 0.75,
    "language": 0.99,
}
MAYADEEN_MONITOR_COVERAGE_MIN_ARTICLES = 50  # fewer: coverage is reported, not judged
MAYADEEN_MONITOR_MAX_ERRORS = 0
MAYADEEN_MONITOR_MAX_RETRY_SHARE = 0.25
MAYADEEN_MONITOR_MAX_RETRIES_EXHAUSTED = 0
MAYADEEN_MONITOR_MAX_BLOCKED = 0
MAYADEEN_MONITOR_MAX_NOT_ARTICLE_SHARE = 0.05
# Regular expressions; max_articles=N stops the spider with "max_articles=N reached".
# "shutdown": stopped by the operator (SIGTERM, Ctrl-C), to be resumed with JOBDIR: not a fault.
MAYADEEN_MONITOR_FINISH_REASONS = ["finished", "shutdown", r"max_articles=\d+ reached"]
