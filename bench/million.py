"""Build a claims database of N claims from the generated corpus, streamed and batched.

The project's schema (kb.store.db.open_db), the project's pipeline and extractor
(kb.extract.claims.split_claims: spaCy with the claim_sentences and quantities
components) and the project's row shapes (kb.store.ingest.claim_row, the quantities
rows kb.store.ingest writes). What differs from `kb ingest`, because it is a bulk load
into an empty file:

- parsing and extraction run in worker processes (one per core), which hand
  back finished rows; the parent only writes;
- rows are written with sqlite-utils `insert_all` in batches, one transaction
  per batch, never holding more than a batch and the workers' queue in memory;
- the FTS triggers are dropped during the load and the index is rebuilt once at
  the end (`insert into claims_fts(claims_fts) values('rebuild')`), then the
  triggers are restored exactly as kb.store.db made them; likewise the facet counts
  triggers (kb.store.facets.suspended) with one recount;
- corroboration (kb.factcheck.corroboration) is not run: it compares every article with
  every other (see README, Past one machine);
- ANALYZE at the end, so the query planner knows the table sizes.

Run as `python -m bench.million --claims 1000000 --db bench/out/1M/claims.db`;
prints one JSON line of measurements last.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

from bench import bounded_imap

BATCH_CLAIMS = 5_000
FTS_TRIGGERS = ("claims_ai", "claims_ad", "claims_au")


def prepare_rows(item: tuple[str, str]) -> tuple[dict, list[dict], list[dict]]:
    """One generated article to its rows: what kb.store.ingest.store would write for it."""
    from kb.extract.article import parse_article
    from kb.extract.claims import split_claims
    from kb.store.ids import article_id
    from kb.store.ingest import PreparedArticle, article_row, claim_row, quantity_rows

    name, text = item
    article = parse_article(text, name)
    aid = article_id(article.identity)
    drafts = split_claims(article, aid)
    article.source_path = name
    row = article_row(PreparedArticle(article, aid, drafts, signature=None))  # no copy detection in a bulk build
    claims = [{"id": d.id, **claim_row(aid, d), "status": "unverified"} for d in drafts]
    return row, claims, quantity_rows(drafts)


def _init_worker() -> None:
    from kb.extract.pipeline import get_nlp

    for lang in ("zh", "en"):
        get_nlp(lang)


def _items(seed: int):
    from bench.corpus import mixed

    for article in mixed(seed):
        yield article.name, article.text


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process (VmHWM: getrusage's maximum survives execve, so it
    would count the parent's) and of its largest finished child (a forked worker), in MB."""
    status = Path("/proc/self/status").read_text()
    own = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def build(db_path: Path, target: int, processes: int = 2, seed: int = 8, progress: bool = True) -> dict:
    from tqdm import tqdm

    from kb.store import facets
    from kb.store.db import open_db

    db_path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    db = open_db(db_path)
    db.execute("PRAGMA journal_mode = OFF")  # a bulk load into a new file: a failed run is simply rerun
    db.execute("PRAGMA synchronous = OFF")
    fts_triggers = [
        sql for (name, sql) in db.execute("select name, sql from sqlite_master where type = 'trigger'").fetchall()
        if name in FTS_TRIGGERS
    ]
    for name in FTS_TRIGGERS:
        db.execute(f"drop trigger if exists [{name}]")

    claims_done = quantities_done = articles_done = 0
    rss_at: dict[str, float] = {}
    bar = tqdm(total=target, unit="claim", unit_scale=True, desc=f"build {db_path.parent.name}", disable=not progress, file=sys.stderr, mininterval=1.0)
    articles, claims, quantities = [], [], []

    def flush():
        nonlocal articles, claims, quantities
        with db.atomic():
            db["articles"].insert_all(articles, batch_size=200)
            db["claims"].insert_all(claims, batch_size=500)
            db["quantities"].insert_all(quantities, batch_size=500)
        articles, claims, quantities = [], [], []

    ctx = multiprocessing.get_context("fork")
    with facets.suspended(db), ctx.Pool(processes, initializer=_init_worker) as pool:
        load_start = time.perf_counter()
        for article_row, claim_rows, quantity_rows_ in bounded_imap(pool, prepare_rows, _items(seed), chunk=512, chunksize=8):
            if claims_done + len(claim_rows) > target:  # the last article is cut to the exact size
                claim_rows = claim_rows[: target - claims_done]
                keep = {c["id"] for c in claim_rows}
                quantity_rows_ = [q for q in quantity_rows_ if q["claim_id"] in keep]
            articles.append(article_row)
            claims += claim_rows
            quantities += quantity_rows_
            claims_done += len(claim_rows)
            quantities_done += len(quantity_rows_)
            articles_done += 1
            bar.update(len(claim_rows))
            if len(claims) >= BATCH_CLAIMS:
                flush()
            for mark in (0.1, 0.5, 1.0):
                if claims_done >= mark * target and f"{mark:.0%}" not in rss_at:
                    rss_at[f"{mark:.0%}"] = peak_rss_mb()[0]
            if claims_done >= target:
                pool.terminate()
                break
        flush()
        bar.close()
        load_seconds = time.perf_counter() - load_start
        counts_start = time.perf_counter()
    counts_seconds = time.perf_counter() - counts_start  # facets.suspended recounted on exit

    fts_start = time.perf_counter()
    db.execute("insert into claims_fts (claims_fts) values ('rebuild')")
    for sql in fts_triggers:
        db.execute(sql)
    fts_seconds = time.perf_counter() - fts_start
    analyze_start = time.perf_counter()
    db.execute("ANALYZE")
    analyze_seconds = time.perf_counter() - analyze_start
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    own, children = peak_rss_mb()
    return {
        "claims": claims_done,
        "quantities": quantities_done,
        "articles": articles_done,
        "seconds": time.perf_counter() - started,
        "load_seconds": load_seconds,
        "load_rate": claims_done / load_seconds,
        "fts_rebuild_seconds": fts_seconds,
        "counts_seconds": counts_seconds,
        "analyze_seconds": analyze_seconds,
        "db_mb": os.path.getsize(db_path) / 1e6,
        "peak_rss_mb": own,
        "peak_rss_worker_mb": children,
        "rss_at": rss_at,
        "processes": processes,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--processes", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    result = build(args.db, args.claims, args.processes, progress=not args.no_progress)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
