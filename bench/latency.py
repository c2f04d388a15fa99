"""Latency through Datasette over HTTP on 127.0.0.1, as a user gets each page.

`kb serve` (the project's metadata, templates and plugins, so the metadata's
facets are on) is started on a free port, warmed up, then each endpoint is
requested a bounded number of times over one keep-alive connection; p50 and p95
are of the client-side time to the last byte of the HTML page.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from kb import PROJECT_ROOT

SEARCHES = {
    "search 专 (zh, 1 char)": "专",
    "search 专家 (zh, 2)": "专家",
    "search 混合专家 (zh, 4)": "混合专家",
    "search GPT-5 (en)": "GPT-5",
    "search BrowseComp (en)": "BrowseComp",
    "search 71.3 (number)": "71.3",
}
CLAIM_PAGE = "claim page"
TABLE_PAGE = "claims table page"
# A click on a facet value of the table page: a common value, and a rare one (no
# claim of the generated corpus is refuted, the worst case for SQLite's statistics).
FACET_PAGES = {
    "facet value unit=USD": "/claims/claims?unit=USD",
    "facet value status=refuted": "/claims/claims?status=refuted",
}
ENDPOINTS = [*SEARCHES, CLAIM_PAGE, TABLE_PAGE, *FACET_PAGES]
MODES = ("default", "immutable", "immutable+inspect")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(db: Path, port: int, mode: str, inspect_file: Path | None = None) -> list[str]:
    if mode == "immutable+inspect":
        from kb.publish.serve import serve_args

        return [sys.executable, "-m", "datasette", *serve_args(db, port, immutable=True), "--inspect-file", str(inspect_file)]
    command = [sys.executable, "-m", "kb.cli", "serve", "--db", str(db), "--port", str(port)]
    return command + (["--immutable"] if mode == "immutable" else [])


def write_inspect_file(db: Path) -> Path:
    """`datasette inspect` (what `datasette publish` bakes into an image): table counts for -i."""
    target = db.with_name("inspect-data.json")
    subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db), "--inspect-file", str(target)], check=True, cwd=PROJECT_ROOT)
    return target


class Server:
    def __init__(self, db: Path, mode: str, inspect_file: Path | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            server_command(db, self.port, mode, inspect_file),
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.started = time.perf_counter()

    def wait(self, client, timeout: float = 300) -> float:
        while time.perf_counter() - self.started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                if client.get(self.base + "/-/versions.json").status_code == 200:
                    return time.perf_counter() - self.started
            except Exception:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def claim_ids(db: Path, n: int, seed: int = 8) -> list[str]:
    """n claims spread over the whole table (random rowids), so the page cache is not one hot page."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        top = conn.execute("select max(rowid) from claims").fetchone()[0]
        rng = random.Random(seed)
        ids = []
        while len(ids) < n:
            row = conn.execute("select id from claims where rowid >= ? limit 1", [rng.randint(1, top)]).fetchone()
            if row:
                ids.append(row[0])
    return ids


def urls(db: Path, requests: int) -> dict[str, list[str]]:
    paths = {name: [f"/claims/claims?_search={quote(q)}"] for name, q in SEARCHES.items()}
    paths[CLAIM_PAGE] = [f"/claims/claims/{cid}" for cid in claim_ids(db, requests)]
    paths[TABLE_PAGE] = ["/claims/claims"]
    paths.update({name: [path] for name, path in FACET_PAGES.items()})
    return paths


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(db: Path, mode: str, requests: int = 200, budget_s: float = 20.0, min_requests: int = 20, log=print) -> dict:
    """{endpoint: {p50, p95, n, errors, bytes}} plus the server's start time."""
    import httpx

    inspect_file = write_inspect_file(db) if mode == "immutable+inspect" else None
    server = Server(db, mode, inspect_file)
    results: dict = {}
    try:
        with httpx.Client(timeout=60) as client:
            results["_startup_s"] = server.wait(client)
            paths = urls(db, requests)
            for name, batch in paths.items():  # warm up: every endpoint a few times
                for path in batch[:3] * 2:
                    client.get(server.base + path)
            for name, batch in paths.items():
                times, errors, size = [], 0, 0
                spent = time.perf_counter()
                for i in range(requests):
                    path = batch[i % len(batch)]
                    start = time.perf_counter()
                    response = client.get(server.base + path)
                    times.append((time.perf_counter() - start) * 1000)
                    errors += response.status_code != 200
                    size = len(response.content)
                    if i + 1 >= min_requests and time.perf_counter() - spent > budget_s:
                        break
                results[name] = {"p50": percentile(times, 0.5), "p95": percentile(times, 0.95), "n": len(times), "errors": errors, "bytes": size}
                log(f"    {mode:18} {name:26} p50 {results[name]['p50']:7.1f} ms  p95 {results[name]['p95']:7.1f} ms  (n={len(times)}{', errors=' + str(errors) if errors else ''})")
    finally:
        server.stop()
        if inspect_file:
            inspect_file.unlink(missing_ok=True)
    return results
