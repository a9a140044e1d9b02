"""`make reliability`: the figures of issue 9 (faults, hostile input, crashes, security) in one run,
written to bench/RELIABILITY.md and into the README's "Reliability" table.

Each area is a module `bench/reliability_<area>.py` with `measure(workdir: Path, quick: bool) ->
list[Figure]`; this runner calls them in order, gives each a fresh work directory and renders the
table. A section that raises is reported as a failed row, never hidden.
Usage: python bench/reliability.py [--quick] [--only AREA ...]
"""

from __future__ import annotations

import argparse
import importlib
import platform
import re
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

AREAS = ("faults", "fuzz", "crash", "security")
README_START = "<!-- reliability-table:start -->"
README_END = "<!-- reliability-table:end -->"


@dataclass(frozen=True)
class Figure:
    """One row of the table: what was checked, what was measured, what must hold."""

    area: str
    check: str
    measured: str
    expected: str
    ok: bool


def run_area(area: str, quick: bool) -> tuple[list[Figure], float]:
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix=f"mayadeen-reliability-{area}-"))
    try:
        module = importlib.import_module(f"bench.reliability_{area}")
        figures = list(module.measure(workdir, quick))
    except Exception:  # a broken section is a failed row, with its traceback on stderr
        traceback.print_exc()
        figures = [Figure(area, "section ran", "raised (see stderr)", "no error", False)]
    return figures, time.perf_counter() - started


def table(figures: list[Figure]) -> str:
    rows = ["| area | check | measured | expected | |", "|---|---|---|---|---|"]
    for f in figures:
        verdict = "held" if f.ok else "**failed**"
        rows.append(f"| {f.area} | {f.check} | {f.measured} | {f.expected} | {verdict} |")
    return "\n".join(rows)


def write_readme(readme: Path, text: str) -> None:
    """Replace the table between the README's markers (the section must exist)."""
    source = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(source):
        raise SystemExit(f"{readme}: no {README_START} ... {README_END} markers")
    block = f"{README_START}\n{text}\n{README_END}"
    readme.write_text(pattern.sub(lambda _: block, source), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, to try it out")
    parser.add_argument("--only", nargs="+", choices=AREAS, default=list(AREAS))
    parser.add_argument("--no-readme", action="store_true", help="leave README.md alone")
    args = parser.parse_args(argv)

    figures: list[Figure] = []
    seconds: dict[str, float] = {}
    for area in args.only:
        print(f"[reliability] {area} ...", flush=True)
        found, seconds[area] = run_area(area, args.quick)
        figures += found
        print(f"[reliability] {area}: {seconds[area]:.0f}s", flush=True)
    text = table(figures)
    header = (
        f"Written by `make reliability` (`bench/reliability.py`"
        f"{' --quick' if args.quick else ''}) on {platform.machine()}, CPython "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}; sections took "
        + ", ".join(f"{a} {s:.0f}s" for a, s in seconds.items())
        + "."
    )
    (BENCH / "RELIABILITY.md").write_text(
        f"# Reliability figures\n\n{header}\n\n{text}\n", encoding="utf-8"
    )
    if not args.no_readme and not args.quick and args.only == list(AREAS):
        write_readme(ROOT / "README.md", f"{header}\n\n{text}")
    print(text)
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
