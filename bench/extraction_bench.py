"""Extraction benchmark: our ArticlePage against trafilatura's bare_extraction (with metadata)
and newspaper4k on the same replica pages, and against a bare lxml parse of each page.

Usage: python -m bench.extraction_bench [--articles N] [--skin NAME] [--profile]

Time per page and field accuracy against the replica's manifest: title, date (the day, the
granularity every extractor gives), authors (ordered list), tags (set) and body token F1 over
the pages whose manifest body is not empty (video pages have none).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html

from mayadeen.extraction import ArticlePage
from testground.replica.process import ReplicaProcess
from testground.replica.skins import SKINS

_TOKEN_RE = re.compile(r"\w+")
ROOT = Path(__file__).resolve().parent.parent
# The extraction before the layers and fallbacks of issue 14 (the JSON-LD layer, the body found by
# structure, the in-line spellings): the restructured house, which extracted as fast as the round
# before it. Issue 14 allows the default skin's pages at most 10% more time than this.
BASELINE_COMMIT = "4f6e1d3"
BASELINE_ROUNDS = 3  # baseline and current alternately, each the best of its passes


def token_f1(found: str | None, expected: str) -> float:
    """F1 of the word tokens (lower case, multiset) of two texts."""
    got = Counter(_TOKEN_RE.findall((found or "").lower()))
    want = Counter(_TOKEN_RE.findall(expected.lower()))
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def _day(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def ours(html: str, url: str) -> dict[str, Any]:
    item = ArticlePage.from_html(html, url).to_item()
    return {"title": item["title"], "date": item["published_at"], "authors": item["authors"],
            "tags": item["tags"], "body": item["body"]}  # fmt: skip


def trafilatura_extract(html: str, url: str) -> dict[str, Any]:
    from trafilatura import bare_extraction

    document = bare_extraction(html, url=url, with_metadata=True)
    data = document.as_dict() if hasattr(document, "as_dict") else (document or {})
    author = data.get("author")
    return {"title": data.get("title"), "date": data.get("date"),
            "authors": [a.strip() for a in re.split(r";|,| and ", author)] if author else [],
            "tags": list(data.get("tags") or []), "body": data.get("text")}  # fmt: skip


def newspaper_extract(html: str, url: str) -> dict[str, Any]:
    from newspaper import Article

    # No image fetching: it would try to download the images from the (real) site.
    article = Article(url, fetch_images=False)
    article.download(input_html=html)
    article.parse()
    return {"title": article.title, "date": article.publish_date, "authors": article.authors,
            "tags": list(article.tags or []), "body": article.text}  # fmt: skip


def lxml_parse(html: str, url: str) -> None:
    lxml.html.fromstring(html)


EXTRACTORS: dict[str, Callable[[str, str], Any]] = {
    "ours (ArticlePage)": ours,
    "trafilatura bare_extraction": trafilatura_extract,
    "newspaper4k": newspaper_extract,
}


def _share(results: list[dict], manifest: list[dict], same: Callable[[dict, dict], bool]) -> float:
    return sum(same(r, m) for r, m in zip(results, manifest, strict=True)) / len(manifest)


def accuracy(results: list[dict[str, Any]], manifest: list[dict[str, Any]]) -> dict[str, float]:
    texts = [(r, m) for r, m in zip(results, manifest, strict=True) if m["body"]]
    return {
        "title": _share(results, manifest, lambda r, m: r["title"] == m["title"]),
        "date": _share(results, manifest, lambda r, m: _day(r["date"]) == m["published_at"][:10]),
        "date_exact": _share(results, manifest, lambda r, m: str(r["date"]) == m["published_at"]),
        "authors": _share(results, manifest, lambda r, m: list(r["authors"]) == m["authors"]),
        "tags": _share(results, manifest, lambda r, m: set(r["tags"]) == set(m["tags"])),
        "body_f1": sum(token_f1(r["body"], m["body"]) for r, m in texts) / len(texts),
    }


def timed(function: Callable[[str, str], Any], pages: list[tuple[str, str]]) -> tuple[float, list]:
    """Seconds per page over every page (after one warm-up call) and the results."""
    function(*pages[0])
    started = time.perf_counter()
    results = [function(html, url) for html, url in pages]
    return (time.perf_counter() - started) / len(pages), results


def fetch_pages(
    articles: int, skin: str = "default"
) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """Every article page of an N-article replica in a skin, with its manifest entry."""
    with ReplicaProcess(articles=articles, skin=skin) as replica:
        manifest = replica.manifest()
        pages = [
            (replica.get(m["url"].removeprefix(replica.base_url)).decode("utf-8"), m["url"])
            for m in manifest
        ]
    return pages, manifest


def run(articles: int = 300, skin: str = "default") -> dict[str, Any]:
    warnings.simplefilter("ignore")  # newspaper4k warns that nltk is missing (NLP unused)
    pages, manifest = fetch_pages(articles, skin)
    floor, _ = timed(lxml_parse, pages)
    rows = {}
    for name, function in EXTRACTORS.items():
        per_page, results = timed(function, pages)
        shares = accuracy(results, manifest)
        rows[name] = {"ms_per_page": round(per_page * 1000, 3),
                      "accuracy": {k: round(v, 4) for k, v in shares.items()}}  # fmt: skip
    ours_ms = rows["ours (ArticlePage)"]["ms_per_page"]
    return {
        "baseline": baseline(pages),
        "pages": len(pages),
        "text_pages": sum(bool(m["body"]) for m in manifest),
        "lxml_ms_per_page": round(floor * 1000, 3),
        "extractors": rows,
        "speedup_vs_trafilatura": round(
            rows["trafilatura bare_extraction"]["ms_per_page"] / ours_ms, 2
        ),
        "speedup_vs_newspaper4k": round(rows["newspaper4k"]["ms_per_page"] / ours_ms, 2),
        "ratio_to_lxml_parse": round(ours_ms / (floor * 1000), 2),
    }


def baseline(pages: list[tuple[str, str]], commit: str = BASELINE_COMMIT) -> dict[str, Any]:
    """Extraction time per page of this checkout against ``commit``'s, on the same pages, in the
    same run: each timed in its own process (bench/extraction_timing.py), alternately."""
    with tempfile.TemporaryDirectory(prefix="mayadeen-baseline-") as tmp:
        checkout = Path(tmp) / "baseline"
        added = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach",
                                str(checkout), commit], capture_output=True, text=True,
                               check=False)  # fmt: skip
        if added.returncode != 0:
            return {"commit": commit, "error": added.stderr.strip()[-300:]}
        try:
            pages_file = Path(tmp) / "pages.json"
            pages_file.write_text(json.dumps(pages), "utf-8")
            times: dict[str, list[float]] = {"baseline": [], "current": []}
            for _ in range(BASELINE_ROUNDS):
                for name, root in (("baseline", checkout), ("current", ROOT)):
                    done = subprocess.run(
                        [sys.executable, str(ROOT / "bench" / "extraction_timing.py"), str(root),
                         str(pages_file)], capture_output=True, text=True, check=True, cwd=tmp,
                    )  # fmt: skip
                    times[name].append(float(done.stdout))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(checkout)], capture_output=True, check=False)  # fmt: skip
    best = {name: min(values) for name, values in times.items()}
    return {
        "commit": commit,
        "baseline_ms_per_page": round(best["baseline"], 4),
        "current_ms_per_page": round(best["current"], 4),
        "growth": round(best["current"] / best["baseline"] - 1, 4),
    }


def profile(articles: int = 100, skin: str = "default") -> str:
    """pyinstrument's text profile of our extraction over the pages of a small replica."""
    from pyinstrument import Profiler

    pages, _ = fetch_pages(articles, skin)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for html, url in pages:
            ours(html, url)
    return profiler.output_text(unicode=False, color=False, show_all=False)


def main() -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300, help="replica size (default 300)")
    parser.add_argument("--skin", choices=list(SKINS), default="default", help="replica skin")
    parser.add_argument(
        "--profile", action="store_true", help="print pyinstrument's profile of ours instead"
    )
    args = parser.parse_args()
    if args.profile:
        print(profile(args.articles, args.skin))
    else:
        print(json.dumps(run(args.articles, args.skin), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
