"""Time one checkout's extraction on saved pages: `python bench/extraction_timing.py ROOT PAGES`.

ROOT is a checkout of the project (this one, or an older commit's: extraction_bench.baseline);
PAGES a JSON file of [html, url] pairs. Prints the best of several passes in ms per page of
`ArticlePage.from_html(html, url).to_item()`, the call every version of the project has.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

PASSES = 5


def main() -> int:
    root, pages_file = sys.argv[1], sys.argv[2]
    sys.path.insert(0, root)
    from mayadeen.extraction import ArticlePage

    pages = json.loads(Path(pages_file).read_text("utf-8"))

    def one_pass() -> float:
        started = time.perf_counter()
        for html, url in pages:
            ArticlePage.from_html(html, url).to_item()
        return (time.perf_counter() - started) / len(pages)

    one_pass()  # warm-up: imports, regex compiling, caches
    print(f"{min(one_pass() for _ in range(PASSES)) * 1000:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
