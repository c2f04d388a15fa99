"""Applying N citations to one claim: `kb cite --file` with N rows, then `kb build` applying the file.

    python -m bench.citations [--sizes 1000,2000,4000,10000]

Each size runs in a fresh copy of a seed-only database and a fresh fact-check
folder; times are wall-clock of the real commands (a new process each, so they
include start-up, about 1 s). Linear means the time per citation stays flat.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kb import ARTICLES, PROJECT_ROOT

SEED = ARTICLES / "000_b9019d560c415411.txt"


def run(sizes: list[int], log=print) -> list[dict]:
    work = Path(tempfile.mkdtemp(prefix="citations-"))
    results = []
    try:
        base = work / "seed.db"
        subprocess.run([sys.executable, "-m", "kb.cli", "ingest", str(SEED), "--db", str(base)], check=True,
                       capture_output=True, cwd=PROJECT_ROOT)
        with sqlite3.connect(base) as conn:
            claim = conn.execute("select id from claims order by position limit 1").fetchone()[0]
        for n in sizes:
            db = work / f"{n}.db"
            shutil.copyfile(base, db)
            rows = work / f"{n}.csv"
            rows.write_text("claim,url,stance,quote\n" + "".join(
                f"{claim},https://example.org/source/{k},context,Source {k} states the figure.\n" for k in range(n)), encoding="utf-8")
            folder = work / f"fc{n}"
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "kb.cli", "cite", "--file", str(rows), "--db", str(db), "--factchecks", str(folder)],
                                  capture_output=True, text=True, cwd=PROJECT_ROOT)
            seconds = time.perf_counter() - start
            if done.returncode:
                raise RuntimeError(done.stderr)
            # the same file applied as `kb build` applies it (kb.factcheck.files.apply), in one transaction
            from kb.factcheck.files import apply
            from kb.store.db import open_db, writing

            fresh = work / f"{n}-apply.db"
            shutil.copyfile(base, fresh)
            target = open_db(fresh)
            start = time.perf_counter()
            with writing(target):
                apply(target, next(folder.glob("*.yml")))
            apply_seconds = time.perf_counter() - start
            target.close()
            results.append({"citations": n, "cite_file_s": seconds, "apply_s": apply_seconds,
                            "us_per_citation": apply_seconds / n * 1e6})
            log(f"  {n:>6,} citations: kb cite --file {seconds:6.1f} s; applying the fact-check file {apply_seconds:6.2f} s "
                f"({apply_seconds / n * 1e6:,.0f} µs per citation)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def table(results: list[dict]) -> str:
    lines = ["| citations on one claim | `kb cite --file` (s, incl. start-up) | applying the file, as `kb build` (s) | µs per citation |",
             "| ---: | ---: | ---: | ---: |"]
    lines += [f"| {r['citations']:,} | {r['cite_file_s']:.1f} | {r['apply_s']:.2f} | {r['us_per_citation']:,.0f} |" for r in results]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.citations", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,4000,10000")
    args = parser.parse_args(argv)
    results = run([int(s) for s in args.sizes.split(",")])
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
