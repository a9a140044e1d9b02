"""`make reliability`: the figures of issue 9 (faults, hostile input, crashes, security) in one run,
written to bench/RELIABILITY.md and into the README's "Reliability" table.

Each area is a module `bench/reliability_<area>.py` with `measure(workdir: Path, quick: bool) ->
list[Figure]`; this runner calls them in order, gives each a fresh work directory and renders the
table. A section that raises, or returns no figures, is reported as a failed row, never hidden;
its work directory is kept (path on stderr), the others are removed. Only a full run of every
area writes bench/RELIABILITY.md and the README table; --quick or --only print the table.
Usage: python bench/reliability.py [--quick] [--only AREA ...] [--keep]
Exit status: 0 when every figure held, 1 otherwise.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import re
import shutil
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


def run_area(
    area: str, quick: bool, keep: bool = False, root: Path | None = None
) -> tuple[list[Figure], float]:
    """The figures of one area and the seconds it took; its work directory is made in ``root``
    (default the system's temporary directory)."""
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix=f"mayadeen-reliability-{area}-", dir=root))
    try:
        module = importlib.import_module(f"bench.reliability_{area}")
        figures = list(module.measure(workdir, quick))
        if not figures:
            figures = [Figure(area, "section ran", "no figures", "figures", False)]
    except Exception:  # a broken section is a failed row, with its traceback on stderr
        traceback.print_exc()
        figures = [Figure(area, "section ran", "raised (see stderr)", "no error", False)]
    if keep or not all(f.ok for f in figures):
        print(f"[reliability] {area}: work directory kept: {workdir}", file=sys.stderr)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
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
    parser.add_argument("--keep", action="store_true", help="keep every work directory")
    args = parser.parse_args(argv)

    figures: list[Figure] = []
    seconds: dict[str, float] = {}
    for area in args.only:
        print(f"[reliability] {area} ...", flush=True)
        found, seconds[area] = run_area(area, args.quick, args.keep)
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
    # Only a full run of every area is the project's record; a partial or quick one is a try.
    if not args.quick and sorted(args.only) == sorted(AREAS):
        (BENCH / "RELIABILITY.md").write_text(
            f"# Reliability figures\n\n{header}\n\n{text}\n", encoding="utf-8"
        )
        if not args.no_readme:
            write_readme(ROOT / "README.md", f"{header}\n\n{text}")
    print(header, text, sep="\n\n")
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    # Run as bench.reliability, the module the areas import Figure from: one Figure class.
    from bench.reliability import main as package_main

    sys.exit(package_main())
