"""How much memory the browser holds: the resident set of chromium's process tree, from /proc.

Chromium runs as a tree (browser, zygotes, renderers, utility processes) under Playwright's
driver, itself a child of the crawl. psutil would do, but /proc is all we need on Linux and adds
no dependency. RSS summed over processes counts shared pages (the chromium binary, shared
memory) once per process: an upper bound. PSS splits them among their users: the tree's real
share of memory.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PROC = Path("/proc")
# Process names (/proc/PID/comm, at most 15 characters) of a Chromium-family browser.
BROWSER_NAMES = ("chromium", "chrome", "headless_shell")


def _stat(pid: int) -> tuple[str, int] | None:
    """(comm, parent pid) of a process, None when it is gone."""
    try:
        raw = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # comm is in parentheses and may itself hold spaces or parentheses.
    comm = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    return comm, int(fields[1])


def descendants(root: int) -> dict[int, str]:
    """Every live process below ``root`` (not root itself): pid -> comm."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        found = _stat(int(entry.name))
        if found is not None:
            names[int(entry.name)], parents[int(entry.name)] = found
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    out: dict[int, str] = {}
    stack = list(children.get(root, ()))
    while stack:
        pid = stack.pop()
        out[pid] = names[pid]
        stack.extend(children.get(pid, ()))
    return out


def rss_bytes(pid: int) -> int:
    """Resident set size of one process (0 when it is gone)."""
    try:
        pages = int((PROC / str(pid) / "statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def pss_bytes(pid: int) -> int:
    """Proportional set size of one process: shared pages split among their users, so the sum
    over a tree is what the tree really holds (0 when the process is gone or unreadable)."""
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def browser_pids(root: int | None = None, names: Iterable[str] = BROWSER_NAMES) -> list[int]:
    """The browser processes started (at any depth) by process ``root`` (default: this one)."""
    wanted = tuple(names)
    tree = descendants(os.getpid() if root is None else root)
    return sorted(pid for pid, comm in tree.items() if comm.startswith(wanted))


def browser_rss(root: int | None = None) -> int:
    """Total RSS in bytes of the browser processes below ``root`` (0 when none runs)."""
    return sum(rss_bytes(pid) for pid in browser_pids(root))


def browser_pss(root: int | None = None) -> int:
    """Total PSS in bytes of the browser processes below ``root`` (0 when none runs)."""
    return sum(pss_bytes(pid) for pid in browser_pids(root))
