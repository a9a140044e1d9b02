"""Throw-away local servers (PostgreSQL, Redis) for tests, benchmarks and development.

Debian's PostgreSQL never auto-starts here, so we run our own cluster: `initdb` as the postgres
user into a temporary directory with trust auth, listening on 127.0.0.1 only, and stop it by its
data directory when done.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine

from testground.replica.process import ManagedServer, free_port, terminate


def postgres_bin(name: str) -> str | None:
    """A PostgreSQL server binary (Debian keeps them outside PATH), newest version first."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]), reverse=True)  # fmt: skip
    return candidates[0] if candidates else None


class PostgresServer(ManagedServer):
    """``with PostgresServer() as pg: pg.url`` is a fresh database on a private cluster."""

    def __init__(self, port: int | None = None, database: str = "mayadeen") -> None:
        self.port = port or free_port()
        self.database = database
        self.user = "postgres"
        self.datadir: Path | None = None
        self._tmp: str | None = None

    @property
    def url(self) -> str:
        return self.url_of(self.database)

    def url_of(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self, name: str) -> str:
        """A fresh, empty database on this server (one per test or trial); its URL."""
        admin = create_engine(self.url_of("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        finally:
            admin.dispose()
        return self.url_of(name)

    def _as_postgres(self, *cmd: str) -> list[str]:
        # initdb refuses to run as root; elsewhere run as ourselves.
        return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)

    def start(self) -> PostgresServer:
        initdb, pg_ctl = postgres_bin("initdb"), postgres_bin("pg_ctl")
        if not (initdb and pg_ctl):
            raise RuntimeError("PostgreSQL server binaries not found: apt-get install postgresql")
        self._tmp = tempfile.mkdtemp(prefix="mayadeen-pg-")
        self.datadir = Path(self._tmp) / "data"
        if os.geteuid() == 0:
            shutil.chown(self._tmp, "postgres")
        else:
            self.user = os.environ.get("USER") or "postgres"
        subprocess.run(
            self._as_postgres(initdb, "-D", str(self.datadir), "-A", "trust", "-U", self.user,
                              "-E", "UTF8", "--no-sync"),
            check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run(
            self._as_postgres(
                pg_ctl, "-D", str(self.datadir), "-l", str(self.datadir / "server.log"), "-w",
                "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self._tmp} -c fsync=off",
                "start",
            ),
            check=True, capture_output=True,
        )  # fmt: skip
        createdb = postgres_bin("createdb") or "createdb"
        for _ in range(50):
            done = subprocess.run(
                self._as_postgres(createdb, "-h", "127.0.0.1", "-p", str(self.port),
                                  "-U", self.user, self.database),
                capture_output=True,
            )  # fmt: skip
            if done.returncode == 0:
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"createdb failed: {done.stderr.decode(errors='replace')}")

    def stop(self) -> None:
        if self.datadir is not None and (self.datadir / "postmaster.pid").exists():
            subprocess.run(
                self._as_postgres(postgres_bin("pg_ctl") or "pg_ctl", "-D", str(self.datadir),
                                  "-m", "fast", "-w", "stop"),
                capture_output=True,
            )  # fmt: skip
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


class RedisServer(ManagedServer):
    """``with RedisServer() as redis: redis.url`` is a private, memory-only Redis on 127.0.0.1
    (Debian's redis-server), stopped by its pid."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._tmp: str | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            raise RuntimeError("redis-server not found: apt-get install redis-server")
        self._tmp = tempfile.mkdtemp(prefix="mayadeen-redis-")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self._tmp],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.wait_until_answering(self.process, self._answers, 10.0, "redis-server", 0.05)
        return self

    def _answers(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    def stop(self) -> None:
        if self.process is not None:
            terminate(self.process, 10)
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
