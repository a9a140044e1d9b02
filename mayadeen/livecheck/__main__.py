"""`make live-check` / `python -m mayadeen.livecheck`: first contact with the live site.

Fetches robots.txt, the sitemap index, the home page, one listing and a few articles (politely,
one at a time), saves them under output/live-check/<time>/, and writes report.json and
report.txt there: which layer gave each field of each article, and which facts of the site
profile held. Exit codes: 0 every fact held, 1 some fact did not (mayadeen/site.py needs a look),
2 the site could not be reached (no network, DNS, refused) - said in one line, no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mayadeen import site
from mayadeen.calibrate.proposals import SavedPage, propose
from mayadeen.extraction import ListingPage
from mayadeen.livecheck import facts
from mayadeen.livecheck.fetch import Fetched, Fetcher, Unreachable

EXIT_OK, EXIT_FACTS_FAILED, EXIT_UNREACHABLE = 0, 1, 2
LISTING_PATH = "/news/politics"


class LiveCheck:
    def __init__(self, base_url: str, folder: Path, articles: int, fetcher: Fetcher):
        self.base_url = base_url.rstrip("/")
        self.folder = folder
        self.articles = articles
        self.fetcher = fetcher
        self.saved: list[dict[str, Any]] = []
        self.facts: list[facts.Fact] = []

    def fetch(self, name: str, path_or_url: str, suffix: str) -> Fetched:
        url = path_or_url if "://" in path_or_url else self.base_url + path_or_url
        fetched = self.fetcher.get(url)
        target = self.folder / f"{name}{suffix}"
        target.write_bytes(fetched.body)
        self.saved.append({"name": name, "url": url, "final_url": fetched.url,
                           "status": fetched.status, "file": target.name})  # fmt: skip
        return fetched

    def run(self) -> dict[str, Any]:
        robots = self.fetch("robots", "/robots.txt", ".txt")
        if robots.status == 200:
            self.facts += facts.robots_facts(robots.body.decode("utf-8", "replace"), self.base_url)
        sitemap = self.fetch("sitemap-index", site.SITEMAP_INDEX_PATH, ".xml")
        self.facts.append(facts.not_blocked(sitemap.body, sitemap.url, sitemap.status))
        if sitemap.status == 200:
            self.facts += facts.sitemap_index_facts(sitemap.body)
        pages = [self.fetch("home", "/", ".html"), self.fetch("listing", LISTING_PATH, ".html")]
        for page in pages:
            self.facts.append(facts.not_blocked(page.body, page.url, page.status))
        home, listing = pages
        if home.status == 200:
            self.facts += facts.home_facts(home.body, home.url)
        if listing.status == 200:
            self.facts += facts.listing_facts(listing.body, listing.url)
        candidates = [
            url
            for page in pages
            if page.status == 200
            for url in ListingPage(facts.response_of(page.body, page.url)).article_urls()
        ]
        articles, pages = [], []
        for number, url in enumerate(dict.fromkeys(candidates).keys(), 1):
            if number > self.articles:
                break
            fetched = self.fetch(f"article-{number}", url, ".html")
            self.facts.append(facts.not_blocked(fetched.body, fetched.url, fetched.status))
            if fetched.status == 200:
                articles.append(facts.article_report(fetched.body, fetched.url))
                pages.append(SavedPage(fetched.url, fetched.body.decode("utf-8", "replace")))
        self.facts += [facts.Fact(**f) for a in articles for f in a["facts"]]
        if not articles:
            self.facts.append(facts.Fact("article pages fetched", False, "no article page"))
        summary = facts.summarize(self.facts)
        return {
            "base_url": self.base_url,
            "checked_at": datetime.now(UTC).isoformat(),
            "held": all(f.held is not False for f in summary),
            "facts": [f.as_dict() for f in summary],
            "layers": facts.layer_counts(articles),
            "articles": articles,
            # Profile entries these pages do not fit (the calibration's proposals).
            "misfits": [p.as_dict() for p in propose(pages) if p.changed] if pages else [],
            "fetched": self.saved,
        }


def text_report(report: dict[str, Any]) -> str:
    mark = {True: "HELD", False: "FAILED", None: "UNKNOWN"}
    lines = [
        f"Live check of {report['base_url']} at {report['checked_at']}: "
        + ("every fact held" if report["held"] else "SOME FACTS FAILED"),
        "",
        "Pages fetched:",
        *(f"  {p['status']}  {p['url']}  -> {p['file']}" for p in report["fetched"]),
        "",
        "Site profile facts:",
        *(f"  [{mark[f['held']]:7}] {f['name']}: {f['evidence']}" for f in report["facts"]),
        "",
        f"Which layer gave each field ({len(report['articles'])} articles):",
        *(
            f"  {field:<18} " + ", ".join(f"{layer} {n}" for layer, n in counts.items())
            for field, counts in report["layers"].items()
        ),
    ]
    if report["misfits"]:
        lines += ["", "Profile entries these pages do not fit (mayadeen/site.py):",
                  *(f"  {m['key']}: {m['current']!r}, the pages want {m['proposed']!r}"
                    for m in report["misfits"])]  # fmt: skip
    if not report["held"] or report["misfits"]:
        lines += ["", "To get a profile that fits: make calibrate CALIBRATE_URL="
                  f"{report['base_url']} (writes a profile file; mayadeen/site.py stays as is)"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default=site.BASE_URL)
    parser.add_argument("--articles", type=int, default=3)
    parser.add_argument("--output", type=Path, default=Path("output/live-check"))
    parser.add_argument("--delay", type=float, default=2.0, help="seconds between requests")
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args(argv)

    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S")
    folder = args.output / stamp
    folder.mkdir(parents=True, exist_ok=True)
    check = LiveCheck(args.base_url, folder, args.articles, Fetcher(args.delay, args.timeout))
    try:
        report = check.run()
    except Unreachable as error:
        host = urlsplit(args.base_url).netloc
        print(f"live check: cannot reach {host} ({error}). No network access to the site from "
              f"this machine? Nothing was checked; pages saved so far: {folder}",
              file=sys.stderr)  # fmt: skip
        return EXIT_UNREACHABLE
    (folder / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    text = text_report(report)
    (folder / "report.txt").write_text(text, "utf-8")
    print(text + f"\nSaved under {folder}")
    return EXIT_OK if report["held"] else EXIT_FACTS_FAILED


if __name__ == "__main__":
    sys.exit(main())
