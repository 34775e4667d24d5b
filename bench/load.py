"""Load: 50 concurrent readers for 60 s over a realistic mix of read routes, on a live server.

    .venv/bin/python bench/load.py [--clients 50] [--seconds 60] [--db demo.lbug] [--writers 0]
    eval "$(bash scripts/neo4j.sh env)"; .venv/bin/python bench/load.py --backend neo4j --no-uncached

It builds the demo database (or serves ``--db``), starts ``maillage serve`` in a child process and
drives ``--clients`` keep-alive connections, each sending its next request as soon as the last
one is answered, over this mix:

========================  ======  ============================================================
route                     weight  what
========================  ======  ============================================================
territory                 20      ``/api/v1/territories/{code}`` of populated territories
search                    20      ``/api/v1/organisations?q=…`` with words of real names
ecosystem                 10      ``/api/v1/territories/{code}/ecosystem``
communities               15      ``/api/v1/territories/{code}/analysis/communities``
territory page            15      ``/territoires/{code}``
organisation page         20      ``/organisations/{id}``
========================  ======  ============================================================

``--backend neo4j`` serves the Neo4j of ``MAILLAGE_NEO4J_URI`` instead, after loading the demo
into it (``init`` and ``demo`` are idempotent: a database already holding it is left as it is).

The same mix is then run against a second server with the response cache off
(``MAILLAGE_RESPONSE_CACHE_MIB=0``), and both are printed side by side: requests per second,
p50 / p99 per route and the errors (any answer other than 200 or 304, or a broken connection).
``--writers N`` adds N clients that create and delete organisations in a loop with a write token,
to see reads during a burst of writes. The client is a small HTTP/1.1 client on asyncio streams,
so that on 2 cores it leaves the server most of the CPU. It prints figures; it does not pass or
fail.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from testkit.live import MAILLAGE, live_server

MIX = {
    "territory": 20,
    "search": 20,
    "ecosystem": 10,
    "communities": 15,
    "territory page": 15,
    "organisation page": 20,
}
SEARCH_WORDS = ["asso", "grenoble", "bretagne", "isère", "fondation", "labo", "cress", "club", "ville"]


@dataclass
class Tally:
    """Latencies per route and the errors of one run."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    writes: int = 0
    failures: dict[str, str] = field(default_factory=dict)
    """The first answer of each failing URL, to show why."""


class Connection:
    """One keep-alive HTTP/1.1 connection: GET or a small JSON request, whole body read."""

    def __init__(self, host: str, port: int, headers: str = "") -> None:
        self.host, self.port, self.headers = host, port, headers
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, target: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = f"{method} {target} HTTP/1.1\r\nHost: {self.host}\r\n{self.headers}"
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length, chunked, closing = 0, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                closing = True
        if chunked:
            data = b""
            while size := int((await self.reader.readline()).strip(), 16):
                data += await self.reader.readexactly(size + 2)
            await self.reader.readline()
        else:
            data = await self.reader.readexactly(length)
        if closing:
            self.close()
        return status, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def targets(db: Path, backend: str) -> dict[str, list[str]]:
    """Concrete URLs for each route of the mix: the fullest territories of the database served."""
    from graph_service.config import Backend, get_settings
    from graph_service.model import TerritoryLevel
    from graph_service.store import open_store

    settings = get_settings().model_copy(update={"db_path": db, "backend": Backend(backend)})
    with open_store(settings, read_only=True) as store:
        codes = [p.territory.key for p in store.populated_territories(TerritoryLevel.DEPARTEMENT)[:6]]
        codes += [p.territory.key for p in store.populated_territories(TerritoryLevel.EPCI)[:4]]
        ids = [o.id for o in store.territory_organisations(codes[0], limit=200).items]
    return {
        "territory": [f"/api/v1/territories/{c}" for c in codes],
        "search": [f"/api/v1/organisations?q={quote(w)}" for w in SEARCH_WORDS],
        "ecosystem": [f"/api/v1/territories/{c}/ecosystem" for c in codes],
        "communities": [f"/api/v1/territories/{c}/analysis/communities" for c in codes],
        "territory page": [f"/territoires/{c}" for c in codes],
        "organisation page": [f"/organisations/{quote(i, safe=':')}" for i in ids],
    }


async def reader(base: str, urls: dict[str, list[str]], until: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    address = urlsplit(base)
    connection = Connection(address.hostname or "127.0.0.1", address.port or 80)
    routes, weights = list(MIX), list(MIX.values())
    while time.perf_counter() < until:
        route = rng.choices(routes, weights)[0]
        url = rng.choice(urls[route])
        started = time.perf_counter()
        try:
            status, _ = await connection.request("GET", url)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as error:
            tally.errors[route] += 1
            tally.failures.setdefault(f"{type(error).__name__} {url}", str(error))
            connection.close()
            continue
        tally.latencies[route].append(time.perf_counter() - started)
        if status not in (200, 304):
            tally.errors[route] += 1
            tally.failures.setdefault(f"{status} {url}", _[:300].decode(errors="replace"))
    connection.close()


async def writer(
    base: str, secret: str, until: float, tally: Tally, number: int, communes: list[str] | None = None
) -> None:
    address = urlsplit(base)
    connection = Connection(
        address.hostname or "127.0.0.1", address.port or 80, f"Authorization: Bearer {secret}\r\n"
    )
    communes = communes or ["38185", "38151", "29019", "63113", "86194"]
    n = 0
    while time.perf_counter() < until:
        key = f"load:w{number}-{n}"
        body = {
            "id": key,
            "name": f"Charge {number}-{n}",
            "world": "association",
            "commune": communes[n % len(communes)],
        }
        try:
            created, _ = await connection.request("POST", "/api/v1/organisations", json.dumps(body).encode())
            deleted, _ = await connection.request("DELETE", f"/api/v1/organisations/{key}")
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            tally.errors["write"] += 1
            connection.close()
            continue
        tally.writes += 2
        tally.errors["write"] += (created != 201) + (deleted != 200)
        n += 1
    connection.close()


async def drive(
    base: str, urls: dict[str, list[str]], clients: int, seconds: float, writers: int, secret: str
) -> tuple[Tally, float]:
    tally = Tally()
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(
        *(reader(base, urls, until, tally, seed) for seed in range(clients)),
        *(writer(base, secret, until, tally, n) for n in range(writers)),
    )
    return tally, time.perf_counter() - started


def summary(tally: Tally, elapsed: float) -> dict[str, str]:
    lines = {}
    total = sum(len(v) for v in tally.latencies.values())
    for route in MIX:
        values = np.array(tally.latencies.get(route, [float("nan")])) * 1000
        p50, p99 = np.percentile(values, 50), np.percentile(values, 99)
        lines[route] = f"{len(values):>6} {p50:>8.1f} {p99:>8.1f} {tally.errors.get(route, 0):>5}"
    every = np.concatenate([np.array(v) for v in tally.latencies.values()] or [np.zeros(1)]) * 1000
    lines["all"] = f"{total:>6} {np.percentile(every, 50):>8.1f} {np.percentile(every, 99):>8.1f}"
    lines["throughput"] = f"{total / elapsed:>6.1f} req/s, {sum(tally.errors.values())} errors"
    if tally.writes:
        lines["writes"] = f"{tally.writes / elapsed:>6.1f} writes/s"
    for failure, body in list(tally.failures.items())[:5]:
        print("failed:", failure, body)
    return lines


def settled(base: str, timeout: float = 1_800) -> None:
    """Wait until the server's background refresher has warmed the populated territories."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        analyses = httpx.get(f"{base}/api/v1/health", timeout=10).json().get("analyses")
        if analyses is None or analyses["state"] == "idle":
            return
        time.sleep(0.5)


def maillage(db: Path, backend: str, *command: str) -> str:
    """Run a ``maillage`` command on the benchmark's database; its standard output."""
    environment = {**os.environ, "MAILLAGE_BACKEND": backend}
    done = subprocess.run(
        [MAILLAGE, "--db", str(db), *command], capture_output=True, text=True, check=True, env=environment
    )
    return done.stdout.strip()


def run(db: Path, backend: str, clients: int, seconds: float, writers: int, **env: str) -> dict[str, str]:
    secret = maillage(db, backend, "token", "create", "--scope", "write") if writers else ""
    urls = targets(db, backend)
    # The server's defaults, whatever a test configuration around says.
    settings = {"MAILLAGE_REFRESH_ANALYSES": "true", "MAILLAGE_BACKEND": backend, **env}
    with live_server(db, **settings) as base:
        settled(base)
        tally, elapsed = asyncio.run(drive(base, urls, clients, seconds, writers, secret))
    return summary(tally, elapsed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--writers", type=int, default=0)
    parser.add_argument("--db", type=Path, help="a database to serve (default: a fresh demo)")
    parser.add_argument("--backend", choices=["embedded", "neo4j"], default="embedded")
    parser.add_argument("--no-uncached", action="store_true", help="skip the run without the cache")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db
        if db is None:
            db = Path(folder) / "demo.lbug"
            for command in (["init"], ["demo"]):
                maillage(db, args.backend, *command)
        runs = {f"{args.backend}, cache": run(db, args.backend, args.clients, args.seconds, args.writers)}
        if not args.no_uncached:
            runs[f"{args.backend}, no cache"] = run(
                db, args.backend, args.clients, args.seconds, args.writers, MAILLAGE_RESPONSE_CACHE_MIB="0"
            )
    print(
        f"{args.clients} readers, {args.writers} writers, {args.seconds:g} s, {len(runs)} run(s) side by side"
    )
    print(f"{'route':<18}" + "".join(f"| {name:^30} " for name in runs))
    print(f"{'':<18}" + "| {:>6} {:>8} {:>8} {:>5} ".format("n", "p50 ms", "p99 ms", "err") * len(runs))
    for route in [*MIX, "all", "throughput", *(["writes"] if args.writers else [])]:
        print(f"{route:<18}" + "".join(f"| {lines.get(route, ''):<30} " for lines in runs.values()))


if __name__ == "__main__":
    main()
