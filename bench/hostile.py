"""What hostile requests cost a running site: huge-value SQL, huge results, missing pages.

    python -m bench.hostile [--db claims.db] [--seconds 20] [--clients 4]

A real `kb serve` on 127.0.0.1 over a copy of the database. Measured: each
hostile query alone (time, status, bytes), claim-page p50/p95 idle, while
`--clients` threads loop hostile queries, and while they loop requests for
missing claims; the server's peak RSS. Loops are bounded by `--seconds`.
Targets (issue 16): claim pages p95 < 100 ms under hostile SQL, and within 2x of
idle under 404s; every query ends within the time limit plus a small margin.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import sqlite3
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from bench.latency import Server, percentile
from kb import PROJECT_ROOT

ROWS_1000 = "(with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000) select x from c)"
HOSTILE = {
    "printf 1e9 chars": "select printf('%.*c', 1000000000, 'x')",
    "randomblob 300 MB": "select randomblob(300000000)",
    "zeroblob 1 GB": "select zeroblob(1000000000)",
    "1000 rows x 2 MB hex": f"select hex(randomblob(1000000)) from {ROWS_1000}",
    "1000 rows x 900 KB text": f"select replace(hex(zeroblob(450000)), '0', 'x') from {ROWS_1000}",
    "group_concat 1000 x 1 MB": f"select length(group_concat(hex(zeroblob(500000)))) from {ROWS_1000}",
    "endless recursion": "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c",
}
MISSING = "/claims/claims/no-such-claim-{n}"
TARGET_P95_MS = 100


def get(url: str, timeout: float = 300) -> tuple[int, int, float]:
    """(status, bytes, seconds) of one request on a new connection."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            size = sum(len(chunk) for chunk in iter(lambda: response.read(1 << 20), b""))
            return response.status, size, time.perf_counter() - start
    except urllib.error.HTTPError as exc:
        return exc.code, len(exc.read()), time.perf_counter() - start
    except (OSError, http.client.HTTPException):  # the server dropped the connection (or died)
        return -1, 0, time.perf_counter() - start


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def claim_latencies(base: str, ids: list[str], until: float, min_n: int = 50) -> list[float]:
    """Claim pages over one keep-alive connection until `until` (and at least min_n)."""
    import httpx

    times = []
    with httpx.Client(timeout=120) as client:
        n = 0
        while time.perf_counter() < until or n < min_n:
            start = time.perf_counter()
            response = client.get(f"{base}/claims/claims/{ids[n % len(ids)]}")
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
            n += 1
            time.sleep(0.01)
    return times


def under_load(base: str, ids: list[str], urls: list[str], clients: int, seconds: float) -> dict:
    done: list[tuple[int, int, float]] = []
    until = time.perf_counter() + seconds

    def loop(k: int):
        n = k
        while time.perf_counter() < until:
            done.append(get(base + urls[n % len(urls)]))
            n += 1

    threads = [threading.Thread(target=loop, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    times = claim_latencies(base, ids, until)
    for t in threads:
        t.join()
    statuses: dict[int, int] = {}
    for status, _, _ in done:
        statuses[status] = statuses.get(status, 0) + 1
    return {"p50": percentile(times, 0.5), "p95": percentile(times, 0.95), "n": len(times), "load_requests": len(done),
            "load_max_s": max((s for _, _, s in done), default=0), "load_statuses": statuses}


def run(db: Path, seconds: float, clients: int, log=print) -> dict:
    import httpx

    work = Path(tempfile.mkdtemp(prefix="hostile-"))
    copy = work / "claims.db"
    shutil.copyfile(db, copy)
    with sqlite3.connect(copy) as conn:
        ids = [c for (c,) in conn.execute("select id from claims where superseded_at is null order by rowid limit 200")]
    server = Server(copy, "default")
    out: dict = {}
    try:
        with httpx.Client(timeout=60) as client:
            server.wait(client)
        base = server.base
        claim_latencies(base, ids, 0, min_n=20)  # warm up
        idle = claim_latencies(base, ids, time.perf_counter() + min(seconds, 10), min_n=100)
        out["idle"] = {"p50": percentile(idle, 0.5), "p95": percentile(idle, 0.95), "n": len(idle)}
        log(f"claim page idle: p50 {out['idle']['p50']:.1f} ms, p95 {out['idle']['p95']:.1f} ms")
        out["alone"] = {}
        for name, sql in HOSTILE.items():
            status, size, spent = get(f"{base}/claims.json?sql={quote(sql)}")
            out["alone"][name] = {"status": status, "bytes": size, "seconds": spent}
            log(f"  {name:26} {status}  {size / 1e6:9.2f} MB  {spent:6.2f} s")
        status, size, spent = get(base + MISSING.format(n=0))
        out["missing_alone_s"] = spent
        log(f"  one missing claim: {status} in {spent * 1000:.0f} ms")
        sql_urls = [f"/claims.json?sql={quote(sql)}" for sql in HOSTILE.values()]
        out["hostile_sql"] = under_load(base, ids, sql_urls, clients, seconds)
        log(f"claim page while {clients} clients loop hostile SQL: p50 {out['hostile_sql']['p50']:.1f} ms, "
            f"p95 {out['hostile_sql']['p95']:.1f} ms; {out['hostile_sql']['load_requests']} hostile requests, "
            f"slowest {out['hostile_sql']['load_max_s']:.2f} s, statuses {out['hostile_sql']['load_statuses']}")
        out["missing"] = under_load(base, ids, [MISSING.format(n=n) for n in range(100)], clients, seconds)
        log(f"claim page while {clients} clients loop missing claims: p50 {out['missing']['p50']:.1f} ms, "
            f"p95 {out['missing']['p95']:.1f} ms ({out['missing']['p95'] / out['idle']['p95']:.1f}x idle); "
            f"{out['missing']['load_requests']} 404 requests")
        out["peak_rss_mb"] = peak_rss_mb(server.process.pid)
        log(f"server peak RSS {out['peak_rss_mb']:.0f} MB")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return out


def table(r: dict) -> str:
    lines = ["| measure | figure |", "| --- | ---: |",
             f"| claim page idle, p50 / p95 | {r['idle']['p50']:.1f} / {r['idle']['p95']:.1f} ms |"]
    lines += [f"| `{name}` alone | {a['status']}, {a['bytes'] / 1e6:.2f} MB, {a['seconds']:.2f} s |" for name, a in r["alone"].items()]
    lines += [f"| one missing claim (404) | {r['missing_alone_s'] * 1000:.0f} ms |",
              f"| claim page while 4 clients loop hostile SQL, p50 / p95 (target p95 < {TARGET_P95_MS} ms) | "
              f"{r['hostile_sql']['p50']:.1f} / {r['hostile_sql']['p95']:.1f} ms; slowest hostile request {r['hostile_sql']['load_max_s']:.2f} s |",
              f"| claim page while 4 clients loop missing claims, p50 / p95 (target ≤ 2× idle) | "
              f"{r['missing']['p50']:.1f} / {r['missing']['p95']:.1f} ms ({r['missing']['p95'] / r['idle']['p95']:.1f}×) |",
              f"| server peak RSS | {r['peak_rss_mb']:.0f} MB |"]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=PROJECT_ROOT / "claims.db")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each load phase")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    result = run(args.db, args.seconds, args.clients)
    print(table(result))
    ok = result["hostile_sql"]["p95"] < TARGET_P95_MS and result["missing"]["p95"] <= 2 * result["idle"]["p95"]
    print("targets met" if ok else "targets MISSED")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
