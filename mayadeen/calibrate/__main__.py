"""`make calibrate` / `python -m mayadeen.calibrate --base-url URL`: propose a site profile.

Fetches, politely (robots.txt obeyed, one request at a time, the live check's fetcher), robots.txt,
the home page, one listing and a few article pages; works out for each profile entry of
mayadeen/site.py the value that fits those pages (mayadeen/calibrate/proposals.py); and writes,
under output/calibrate/<time>/, the pages, `profile.toml` (the proposed entries: give it to a
crawl with MAYADEEN_SITE_PROFILE) and report.txt / report.json (every entry, current and proposed,
with its evidence). It never edits code. Exit codes: 0 the current profile fits, 1 a profile was
proposed, 2 the site could not be reached or showed no article page.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import tomli_w
from protego import Protego

from mayadeen import settings, site
from mayadeen.calibrate.proposals import SavedPage, layer_report, propose, proposed_entries
from mayadeen.extraction import ArticlePage, ListingPage, kind
from mayadeen.livecheck.__main__ import LISTING_PATH, LiveCheck
from mayadeen.livecheck.facts import response_of
from mayadeen.livecheck.fetch import Fetcher, Unreachable
from mayadeen.profile import as_toml_value

EXIT_FITS, EXIT_PROPOSED, EXIT_UNREACHABLE = 0, 1, 2


def is_article_page(page: ArticlePage) -> bool:
    """What the page says it is, by the crawl's own rule (extraction/kind.py: post id, JSON-LD
    @type, og:type, else headline + date + content), whatever its URL."""
    article, _ = kind.article_evidence(page)
    return kind.has_article_structure(page) if article is None else article


def candidate_links(body: bytes, url: str, base_url: str) -> list[str]:
    """Article links the profile recognises first, then every other same-site link that is not
    a listing: an article of an unknown URL shape is still found by what it says it is."""
    listing = ListingPage(response_of(body, url))
    known = listing.article_urls()
    host = urlsplit(base_url).netloc
    others = []
    for href in response_of(body, url).xpath("//a/@href").getall():
        link = urljoin(url, href).split("#")[0]
        parts = urlsplit(link)
        if parts.netloc == host and parts.path.strip("/").count("/") >= 1 and not parts.query:
            others.append(link)
    return list(dict.fromkeys([*known, *others]))


class Calibration(LiveCheck):
    """The live check's polite fetching and saving, aimed at proposing a profile."""

    def __init__(self, base_url: str, folder: Path, articles: int, fetcher: Fetcher):
        super().__init__(base_url, folder, articles, fetcher)
        self.robots: Protego | None = None

    def allowed(self, url: str) -> bool:
        return self.robots is None or self.robots.can_fetch(url, settings.USER_AGENT)

    def calibrate(self) -> dict[str, Any]:
        robots = self.fetch("robots", "/robots.txt", ".txt")
        robots_text = robots.body.decode("utf-8", "replace") if robots.status == 200 else None
        if robots_text is not None:
            self.robots = Protego.parse(robots_text)
        entry_pages = (("home", "/"), ("listing", LISTING_PATH))
        pages = [self.fetch(name, path, ".html") for name, path in entry_pages
                 if self.allowed(self.base_url + path)]  # fmt: skip
        candidates = [u for p in pages if p.status == 200
                      for u in candidate_links(p.body, p.url, self.base_url)]  # fmt: skip
        articles: list[SavedPage] = []
        parsed: list[ArticlePage] = []
        for url in candidates[: self.articles * 6]:
            if len(articles) >= self.articles:
                break
            if not self.allowed(url):
                continue
            fetched = self.fetch(f"page-{len(self.saved)}", url, ".html")
            html = fetched.body.decode("utf-8", "replace")
            page = ArticlePage.from_html(html, fetched.url)
            if fetched.status == 200 and is_article_page(page):
                articles.append(SavedPage(fetched.url, html))
                parsed.append(page)
        proposals = propose(articles, robots_text) if articles else []
        return {
            "base_url": self.base_url,
            "calibrated_at": datetime.now(UTC).isoformat(),
            "articles": [a.url for a in articles],
            "layers": layer_report(parsed),  # which structured layers the pages carry
            "proposals": [p.as_dict() for p in proposals],
            "profile": {k: as_toml_value(v) for k, v in proposed_entries(proposals).items()},
            "fetched": self.saved,
        }


def text_report(report: dict[str, Any]) -> str:
    lines = [
        f"Calibration of {report['base_url']} at {report['calibrated_at']} on "
        f"{len(report['articles'])} article pages:",
        *(f"  {url}" for url in report["articles"]),
        "",
        "Structured layers (pages carrying each):",
        *(f"  {layer}: {n}" for layer, n in report["layers"].items()),
        "",
    ]
    for proposal in report["proposals"]:
        mark = "CHANGE" if proposal["changed"] else ("same" if proposal["proposed"] else "unknown")
        lines.append(f"[{mark:7}] {proposal['key']}")
        lines.append(f"          current:  {as_toml_value(proposal['current'])!r}")
        if proposal["changed"]:
            lines.append(f"          proposed: {as_toml_value(proposal['proposed'])!r}")
        lines += [f"          evidence: {e}" for e in proposal["evidence"]]
    return "\n".join(lines) + "\n"


def write_profile(entries: dict[str, Any], path: Path, base_url: str) -> None:
    header = (
        f"# Site profile proposed by `python -m mayadeen.calibrate --base-url {base_url}`\n"
        f"# on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Entries override mayadeen/site.py;\n"
        "# use it with: scrapy crawl articles -s MAYADEEN_SITE_PROFILE=" + str(path) + "\n"
    )
    path.write_text(header + tomli_w.dumps(entries), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default=site.BASE_URL)
    parser.add_argument("--articles", type=int, default=5, help="article pages to read (3-5)")
    parser.add_argument("--output", type=Path, default=Path("output/calibrate"))
    parser.add_argument("--delay", type=float, default=2.0, help="seconds between requests")
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args(argv)

    folder = args.output / datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S")
    folder.mkdir(parents=True, exist_ok=True)
    fetcher = Fetcher(args.delay, args.timeout)
    calibration = Calibration(args.base_url, folder, args.articles, fetcher)
    try:
        report = calibration.calibrate()
    except Unreachable as error:
        print(f"calibrate: cannot reach {urlsplit(args.base_url).netloc} ({error}); "
              f"pages saved so far: {folder}", file=sys.stderr)  # fmt: skip
        return EXIT_UNREACHABLE
    (folder / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    text = text_report(report)
    (folder / "report.txt").write_text(text, "utf-8")
    if not report["articles"]:
        print(text + f"\nNo article page found; pages saved under {folder}", file=sys.stderr)
        return EXIT_UNREACHABLE
    if not report["profile"]:
        print(text + f"\nThe current profile fits these pages. Saved under {folder}")
        return EXIT_FITS
    profile = folder / "profile.toml"
    write_profile(report["profile"], profile, args.base_url)
    print(text + f"\nProposed profile: {profile}\n"
          f"Crawl with it: scrapy crawl articles -s MAYADEEN_SITE_PROFILE={profile}")  # fmt: skip
    return EXIT_PROPOSED


if __name__ == "__main__":
    sys.exit(main())

