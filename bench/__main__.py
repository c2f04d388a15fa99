"""`make bench`: ingest throughput, databases of 10k/100k/1M claims, latency through Datasette, hostile requests, 10k citations.

    python -m bench [--sizes 10k,100k,1M] [--modes default,immutable,immutable+inspect]
                    [--requests 200] [--reuse] [--skip-ingest] [--matching-articles 1k,10k,100k]
                    [--matching-full] [--skip-matching] [--out bench/out]

Prints markdown tables and writes them to bench/out/results.md. Targets are
checked here (and marked in the tables), never in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from kb import PROJECT_ROOT

TARGET_RATIO = 0.7  # end to end / floor, one process
TARGET_SCALING = 1.8  # two processes / one process: near-linear
TARGET_P95_MS = 50  # every page at 1M claims


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * scale)


def label(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    mem_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    import datasette
    import spacy

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kb / 1024**2, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "datasette": datasette.__version__,
        "spacy": spacy.__version__,
    }


def build(out: Path, n: int, processes: int, reuse: bool) -> dict:
    folder = out / label(n)
    db = folder / "claims.db"
    record = folder / "build.json"
    if reuse and db.exists() and record.exists():
        print(f"  reusing {db}")
        return json.loads(record.read_text())
    command = [sys.executable, "-m", "bench.million", "--claims", str(n), "--db", str(db), "--processes", str(processes)]
    done = subprocess.run(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True, check=True)  # progress bar on stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    record.write_text(json.dumps(result))
    return result


def fmt(value: float, target: float | None = None, higher_is_better: bool = False) -> str:
    text = f"{value:,.0f}" if value >= 100 else f"{value:.1f}"
    if target is None:
        return text
    ok = value >= target if higher_is_better else value <= target
    return text if ok else f"**{text}** ✗"


def ingest_table(results: list[dict]) -> str:
    lines = [
        "| language | claims | end to end, 1 process | floor, 1 process | ratio (target ≥ 0.7) | end to end, 2 processes | speed-up (target ≥ 1.8) | floor, `n_process=2` | `kb ingest` with corroboration |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        ratio = r["e2e_1"] / r["floor_1"]
        speedup = r["e2e_2"] / r["e2e_1"]
        lines.append(
            f"| {r['language']} | {r['claims']:,} | {r['e2e_1']:,.0f}/s | {r['floor_1']:,.0f}/s | {f'{ratio:.2f}' if ratio >= TARGET_RATIO else f'**{ratio:.2f}** ✗'} "
            f"| {r['e2e_2']:,.0f}/s | {f'{speedup:.2f}' if speedup >= TARGET_SCALING else f'**{speedup:.2f}** ✗'} | {r['floor_2']:,.0f}/s "
            f"| {r['e2e_corroborated']:,.0f}/s ({r['corroborated_articles']} articles) |"
        )
    lines += [
        "",
        "Where end to end goes, one process (µs per claim; the best ratio is what end to end / floor would be if reading,"
        " splitting and extracting cost only the floor, leaving the write):",
        "",
        "| language | floor | prepare (read, split, extract, rows) | store (write, commit) | best ratio the write allows |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        best = r["floor_us"] / (r["floor_us"] + r["store_us"])
        lines.append(f"| {r['language']} | {r['floor_us']:,.0f} | {r['prepare_us']:,.0f} | {r['store_us']:,.0f} | {best:.2f} |")
    return "\n".join(lines)


def build_table(builds: dict[int, dict]) -> str:
    lines = [
        "| claims | quantities | articles | build time | claims/s | FTS rebuild | facet recount | DB size | peak RSS, writer | peak RSS, worker | writer RSS at 10% / 50% / 100% |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for n, b in builds.items():
        at = b.get("rss_at", {})
        lines.append(
            f"| {b['claims']:,} | {b['quantities']:,} | {b['articles']:,} | {b['seconds']:,.0f} s | {b['load_rate']:,.0f} | {b['fts_rebuild_seconds']:.1f} s "
            f"| {b['counts_seconds']:.1f} s | {b['db_mb']:,.0f} MB | {b['peak_rss_mb']:,.0f} MB | {b['peak_rss_worker_mb']:,.0f} MB "
            f"| {' / '.join(f'{at[k]:,.0f}' for k in ('10%', '50%', '100%') if k in at)} MB |"
        )
    return "\n".join(lines)


def latency_table(latencies: dict[tuple[int, str], dict], sizes: list[int], modes: list[str]) -> str:
    from bench.latency import ENDPOINTS

    columns = [(n, m) for n in sizes for m in modes if (n, m) in latencies]
    head = "| endpoint (p50 / p95 ms) | " + " | ".join(f"{label(n)} {m}" for n, m in columns) + " |"
    lines = [head, "| --- |" + " ---: |" * len(columns)]
    for endpoint in ENDPOINTS:
        cells = []
        for n, m in columns:
            r = latencies[(n, m)].get(endpoint)
            if not r:
                cells.append("–")
                continue
            p95 = f"{r['p95']:.0f}"
            if n >= 1_000_000 and r["p95"] > TARGET_P95_MS:
                p95 = f"**{p95}** ✗"
            cells.append(f"{r['p50']:.0f} / {p95}" + (f" ({r['errors']} errors)" if r["errors"] else ""))
        lines.append(f"| {endpoint} | " + " | ".join(cells) + " |")
    lines.append("| server start (s) | " + " | ".join(f"{latencies[c]['_startup_s']:.1f}" for c in columns) + " |")
    return "\n".join(lines)


def growth_table(builds: dict[int, dict], latencies: dict, sizes: list[int], mode: str) -> str:
    from bench.latency import CLAIM_PAGE, SEARCHES, TABLE_PAGE

    lines = [
        f"| claims | build s | build s per 10k claims | DB MB per 10k | peak RSS MB | search p95, worst ({mode}) | search p95, median | claim page p95 | table page p95 |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n in sizes:
        b = builds.get(n)
        lat = latencies.get((n, mode), {})
        searches = sorted(lat[s]["p95"] for s in SEARCHES if s in lat)
        worst = f"{searches[-1]:.0f}" if searches else "–"
        median = f"{searches[len(searches) // 2]:.0f}" if searches else "–"
        claim = f"{lat[CLAIM_PAGE]['p95']:.0f}" if CLAIM_PAGE in lat else "–"
        table = f"{lat[TABLE_PAGE]['p95']:.0f}" if TABLE_PAGE in lat else "–"
        if b:
            lines.append(
                f"| {n:,} | {b['seconds']:,.0f} | {b['seconds'] / n * 10_000:.1f} | {b['db_mb'] / n * 10_000:.1f} | {b['peak_rss_mb']:,.0f} | {worst} | {median} | {claim} | {table} |"
            )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="database sizes in claims (default 10k,100k,1M)")
    parser.add_argument("--modes", default="default,immutable,immutable+inspect", help="how Datasette serves the file")
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint (bounded by --budget seconds)")
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per endpoint at most (at least 20 requests)")
    parser.add_argument("--ingest-articles", type=int, default=150, help="articles per language for the throughput run")
    parser.add_argument("--processes", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--reuse", action="store_true", help="reuse databases already built in --out")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--matching-articles", default="1k,10k,100k",
                        help="database sizes (articles) at which ingest is measured (bench.matching, prefilled by bench.prefill)")
    parser.add_argument("--matching-full", action="store_true",
                        help="grow the database through the whole pipeline instead of prefilling it (hours at 10k and more)")
    parser.add_argument("--skip-matching", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-adversarial", action="store_true", help="skip hostile requests (bench.hostile) and 10k citations (bench.citations)")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "bench" / "out")
    args = parser.parse_args(argv)

    from bench import ingest, latency

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    sizes = sorted(parse_size(s) for s in args.sizes.split(","))
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = [m for m in modes if m not in latency.MODES]
    if unknown:
        parser.error(f"unknown mode {unknown}; choose from {', '.join(latency.MODES)}")
    started = time.perf_counter()
    info = machine()
    print(f"machine: {info}")

    sections = [
        "## Benchmarks",
        "",
        f"`make bench` on {info['nproc']} × {info['cpu']}, {info['ram_gib']} GiB RAM; Python {info['python']}, "
        f"SQLite {info['sqlite']}, Datasette {info['datasette']}, spaCy {info['spacy']}.",
    ]

    ingest_results = []
    if not args.skip_ingest:
        print("ingest throughput")
        for lang in ("zh", "en"):
            ingest_results.append(ingest.run(out, lang, args.ingest_articles, args.processes))
        sections += ["", "### Ingest throughput (claims/s)", "", ingest_table(ingest_results)]

    if not args.skip_matching:
        from bench import matching

        print("copies and matching")
        seed_run = matching.seed_copies(out)
        growth_sizes = sorted(parse_size(s) for s in args.matching_articles.split(","))
        sections += ["", "### Copies and matching", "", "300 copies of the seed (`kb ingest`'s loop, one process):", "",
                     matching.seed_table(seed_run), ""]
        if args.matching_full:
            sections += [f"Ingest as the database grows ({matching.COPY_SHARE:.0%} of articles are copies):", "",
                         matching.growth_table(matching.growth(out, growth_sizes, args.processes))]
        else:
            sections += [f"Ingest at each size, the database prefilled (bench.prefill; {matching.COPY_SHARE:.0%} of measured articles are copies):",
                         "", matching.prefilled_table(matching.prefilled(out, growth_sizes, 1))]

    builds: dict[int, dict] = {}
    for n in sizes:
        print(f"build {label(n)}")
        builds[n] = build(out, n, args.processes, args.reuse)
        print(f"  {builds[n]['claims']:,} claims in {builds[n]['seconds']:.0f} s, peak RSS {builds[n]['peak_rss_mb']:.0f} MB")
    sections += ["", "### Building the database (generated corpus, streamed, batched)", "", build_table(builds)]

    latencies: dict[tuple[int, str], dict] = {}
    if not args.skip_latency:
        for n in sizes:
            for mode in modes:
                print(f"latency {label(n)} {mode}")
                latencies[(n, mode)] = latency.measure(out / label(n) / "claims.db", mode, args.requests, args.budget)
        sections += [
            "",
            f"### Latency over HTTP, 127.0.0.1 (p50 / p95 ms; target p95 ≤ {TARGET_P95_MS} ms at 1M; ✗ = missed)",
            "",
            latency_table(latencies, sizes, modes),
        ]
    sections += ["", "### Growth", "", growth_table(builds, latencies, sizes, modes[0] if modes else "default")]
    if not args.skip_adversarial:
        from bench import citations, hostile

        print("hostile requests (bench.hostile, the project's claims.db)")
        sections += ["", "### Hostile requests (python -m bench.hostile)", "", hostile.table(hostile.run(PROJECT_ROOT / "claims.db", 15.0, 4))]
        print("citations on one claim (bench.citations)")
        sections += ["", "### Citations on one claim (python -m bench.citations)", "", citations.table(citations.run([1000, 2000, 4000, 10000]))]
    sections += ["", f"_Whole run: {time.perf_counter() - started:,.0f} s._"]
    text = "\n".join(sections) + "\n"
    (out / "results.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(
        json.dumps(
            {"machine": info, "ingest": ingest_results, "builds": {str(k): v for k, v in builds.items()},
             "latency": {f"{label(n)} {m}": v for (n, m), v in latencies.items()}},
            indent=1,
        ),
        encoding="utf-8",
    )
    print()
    print(text)
    print(f"written to {out / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
