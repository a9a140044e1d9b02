"""Command line: ``python -m testground.replica serve --port 8089 [--articles N] [--seed S]
[--skin NAME]`` (skins.py: the same catalog and manifest in other markup and URL shapes)."""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys
import time

from aiohttp import web

from testground.replica.catalog import Catalog
from testground.replica.clearance import MODES
from testground.replica.faults import HANG_SECONDS, SLOW_SECONDS, Faults, parse_faults
from testground.replica.server import ReplicaServer
from testground.replica.skins import SKINS, skin


def _loopback(host: str) -> str:
    """The host if it is a loopback address: the replica never listens on other interfaces."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as exc:
        raise argparse.ArgumentTypeError(f"cannot resolve host {host!r}: {exc}") from None
    if not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise argparse.ArgumentTypeError(f"host {host!r} is not a loopback address")
    return host


def _faults(spec: str) -> dict[str, float]:
    try:
        return parse_faults(spec)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m testground.replica")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the replica over HTTP on a loopback address")
    serve.add_argument("--port", type=int, default=8089)
    serve.add_argument("--host", type=_loopback, default="127.0.0.1")
    serve.add_argument("--articles", type=int, default=300, help="generated articles (default 300)")
    serve.add_argument("--seed", type=int, default=1)
    serve.add_argument(
        "--faults", type=_faults, default=parse_faults(None), help="e.g. error=0.05,throttle=0.02"
    )
    serve.add_argument("--base-url", help="URL of links and canonicals (default http://HOST:PORT)")
    serve.add_argument("--slow-seconds", type=float, default=SLOW_SECONDS)
    serve.add_argument("--hang-seconds", type=float, default=HANG_SECONDS)
    serve.add_argument(
        "--skin",
        choices=list(SKINS),
        default="default",
        help="markup and URL shapes of the pages (default: the replica's own guesses)",
    )
    serve.add_argument(
        "--challenge",
        choices=MODES,
        default="none",
        help="site: a managed challenge in front of every page (a clearance cookie passes it)",
    )
    serve.add_argument(
        "--clearance-requests", type=int, default=0, help="pages one clearance serves (0: no limit)"
    )
    serve.add_argument(
        "--clearance-seconds", type=float, default=0.0, help="a clearance's lifetime (0: no limit)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.articles < 0:
        print("--articles must be >= 0", file=sys.stderr)
        return 2
    if args.clearance_requests < 0 or args.clearance_seconds < 0:
        print("--clearance-requests and --clearance-seconds must be >= 0", file=sys.stderr)
        return 2
    base_url = args.base_url or f"http://{args.host}:{args.port}"
    started = time.perf_counter()
    catalog = Catalog(articles=args.articles, seed=args.seed, base_url=base_url)
    faults = Faults(args.faults, args.seed, args.slow_seconds, args.hang_seconds)
    app = ReplicaServer(
        catalog, faults, skin(args.skin), args.challenge, args.clearance_requests,
        args.clearance_seconds,
    ).app()
    took = time.perf_counter() - started
    message = (
        f"replica: {catalog.size} articles (seed {args.seed}, skin {args.skin}) "
        f"built in {took:.2f}s; "
        f"serving {base_url} on {args.host}:{args.port}"
    )
    # run_app handles SIGINT and SIGTERM: a clean shutdown and exit status 0. Hanging responses
    # (a fault) do not hold the shutdown for long.
    web.run_app(
        app,
        host=args.host,
        port=args.port,
        shutdown_timeout=1.0,
        print=lambda _: print(message, flush=True),
        access_log=None,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
