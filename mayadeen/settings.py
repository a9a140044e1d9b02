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
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
DOWNLOAD_TIMEOUT = 60

DOWNLOADER_MIDDLEWARES = {
    "mayadeen.middlewares.SameSiteGuardMiddleware": 50,
    # Below RetryMiddleware (550) in process_response order: sees challenges before it does.
    "mayadeen.middlewares.ChallengeMiddleware": 560,
    "mayadeen.middlewares.TruncatedPageMiddleware": 570,
}
MAYADEEN_CHALLENGE_RETRIES = 2
SPIDER_CONTRACTS = {
    "mayadeen.spiders.contracts.SiteUrlContract": 1,
}
# Validate, dedupe within the run, then store (and drop what is unchanged since the last run).
ITEM_PIPELINES = {
    "mayadeen.pipelines.ValidationPipeline": 100,
    "mayadeen.pipelines.DedupePipeline": 200,
    "mayadeen.pipelines.DatabasePipeline": 300,
}
# SQLite by default; a PostgreSQL URL here or in the environment variable of the same name.
MAYADEEN_DATABASE_URL = None  # -> sqlite:///output/mayadeen.sqlite3
MAYADEEN_DB_BATCH_SIZE = 100
MAYADEEN_DB_RETRIES = 3
MAYADEEN_DB_RETRY_DELAY = 1.0

# One set of feeds per run, named by its start time: JSON Lines (primary) and CSV with the same
# columns for articles, JSON Lines for the BREAKING ticker.
_ARTICLE_FEED = {
    "encoding": "utf8",
    "item_classes": ["mayadeen.items.ArticleItem"],
    "fields": list(ARTICLE_FIELDS),
}
FEEDS = {
    "output/feeds/articles-%(time)s.jsonl": {"format": "jsonlines", **_ARTICLE_FEED},
    "output/feeds/articles-%(time)s.csv": {"format": "csv", **_ARTICLE_FEED},
    "output/feeds/breaking-%(time)s.jsonl": {
        "format": "jsonlines",
        "encoding": "utf8",
        "item_classes": ["mayadeen.items.BreakingItem"],
        "fields": list(BREAKING_FIELDS),
    },
}
FEED_EXPORTERS = {"csv": "mayadeen.exporters.JsonListsCsvItemExporter"}
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Run monitors (mayadeen/monitoring): at spider close spidermon runs the checks, a report goes to
# MAYADEEN_REPORTS_DIR/<run>.json and .txt, and `scrapy crawl` (mayadeen/commands/crawl.py) exits 3
# when a check failed. Thresholds are for a full crawl; lower MAYADEEN_MONITOR_MIN_ARTICLES etc.
# with -s for small or incremental runs.
COMMANDS_MODULE = "mayadeen.commands"
EXTENSIONS = {
    "mayadeen.monitoring.coverage.FieldCoverage": 400,
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,
}
MAYADEEN_MONITORS_ENABLED = True
SPIDERMON_ENABLED = True
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
MAYADEEN_MONITOR_FINISH_REASONS = ["finished", r"max_articles=\d+ reached"]
