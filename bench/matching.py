"""Copies and matching at scale: per-article ingest time as the database grows, and 300 copies of the seed.

Growth: a generated corpus (bench.corpus.mixed, Chinese and English) in which
COPY_SHARE of the articles are republished copies of an earlier one
(kb.factcheck.matching_eval.make_copy: new title and byline, boilerplate, 0-20 %
of sentences edited). Two workers prepare (read, split, extract, MinHash), this
process stores each article in its own transaction as `kb ingest` does
(kb.store.ingest.store: copy detection, claim matching, corroboration). The store
time per article, averaged over the WINDOW articles before each size, shows
whether an ingest costs more in a fuller database: it must not.

Seed copies: 300 copies of the seed (a new title and one figure changed in each,
the case of issue 15) through `kb ingest`'s own loop (kb.cli.ingest_each) in one process, against the
same paragraphs through spacy.blank + the sentence component, in the same run.
"""

from __future__ import annotations

import multiprocessing
import random
import re
import time
from pathlib import Path

from bench import bounded_imap

COPY_SHARE = 0.2
WINDOW = 200
SEED_COPIES = 300


def _copy_of(text: str, language: str, rng: random.Random, n: int) -> str:
    from kb.factcheck.matching_eval import EDIT_RATES, make_copy

    return make_copy(text, language, rng.choice(EDIT_RATES), rng, n)


SUBSTITUTE = 0.3
_KEEP = {"美元", "万美元", "亿美元", "元", "万", "亿", "million", "billion", "trillion", "percent", "token", "tokens"}


def _vocabulary(language: str) -> list[str]:
    from bench.corpus import en_templates, seed_templates

    templates = seed_templates() if language == "zh" else en_templates()
    return sorted({w for t in templates for w in _words(t.text, language) if _replaceable(w)})


def _words(text: str, language: str) -> list[str]:
    import jieba

    return jieba.lcut(text) if language == "zh" else re.findall(r"\w+|\W+", text)


def _replaceable(word: str) -> bool:
    return len(word) > 1 and word.isalpha() and word not in _KEEP


def diversify(text: str, language: str, rng: random.Random, vocabulary: list[str]) -> str:
    """An article of its own: SUBSTITUTE of its words replaced by words of the corpus, the byline kept.

    bench.corpus builds articles from runs of a few dozen paragraphs, so two of
    them share whole paragraphs: near-duplicates by any measure. Replacing words
    at random leaves the sentence shapes and figures and makes the articles distinct.
    """
    title, byline, *body = text.split("\n\n")
    out = ["".join(rng.choice(vocabulary) if _replaceable(w) and rng.random() < SUBSTITUTE else w for w in _words(part, language))
           for part in [title, *body]]
    return "\n\n".join([out[0], byline, *out[1:]])


def write_growth_corpus(folder: Path, count: int, seed: int = 15) -> tuple[list[Path], int]:
    """`count` files, COPY_SHARE of them copies of an earlier file; returns the paths and how many are copies."""
    from bench.corpus import mixed

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    rng = random.Random(seed)
    source = mixed(seed)
    written: list[tuple[str, str]] = []
    vocabularies: dict[str, list[str]] = {}
    paths, copies = [], 0
    for n in range(count):
        if written and rng.random() < COPY_SHARE:
            text, language = rng.choice(written)
            text = _copy_of(text, language, rng, n)
            copies += 1
        else:
            article = next(source)
            language = article.language
            text = diversify(article.text, language, rng, vocabularies.setdefault(language, _vocabulary(language)))
            written.append((text, language))
        path = folder / f"{n:07d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths, copies


def _warm(_=None) -> None:
    """What a process loads once, before any article is timed: the modules, jieba's dictionary and its tag table."""
    import kb.cli  # noqa: F401
    import kb.store.ingest  # noqa: F401
    from kb.extract.pipeline import get_nlp
    from kb.extract.quantities import find_quantities

    for lang in ("zh", "en"):
        for with_quantities in (True, False):
            list(get_nlp(lang, with_quantities).pipe(["预热。Warm up 1.5%."] * 4))
    find_quantities("共3枚奖牌。", "zh")


def _prepare(path: Path):
    from kb.store.ingest import prepare

    return prepare(path)


def growth(out: Path, sizes: list[int], processes: int = 2, log=print, every: int = 0, reuse_corpus: bool = False) -> list[dict]:
    """Store ms per article at each size (mean of the WINDOW articles before it), and what the corpus held.

    `every`: also report every that many articles (a run cut short still shows the trend);
    each row is appended to growth.jsonl as it is measured.
    """
    import json

    from kb.store.db import for_ingest, open_db, writing
    from kb.store.ingest import store

    total = max(sizes)
    folder = out / "growth-corpus"
    if reuse_corpus and len(list(folder.glob("*.txt"))) >= total:
        paths = sorted(folder.glob("*.txt"))[:total]
    else:
        paths, _ = write_growth_corpus(folder, total)
    progress = out / "growth.jsonl"
    progress.unlink(missing_ok=True)
    db_path = out / "growth.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    db = open_db(db_path)
    for_ingest(db, wal=True)  # the connection kb ingest writes through, for a database other than the project's
    store_seconds: list[float] = []
    claims = 0
    results = []
    started = time.perf_counter()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes, initializer=_warm) as pool:
        for n, prepared in enumerate(bounded_imap(pool, _prepare, paths), start=1):
            start = time.perf_counter()
            with writing(db):
                store(db, prepared)
            store_seconds.append(time.perf_counter() - start)
            claims += len(prepared.claims)
            if n in sizes or (every and n % every == 0):
                window = store_seconds[-WINDOW:]
                row = {
                    "articles": n,
                    "claims": claims,
                    "store_ms": sum(window) / len(window) * 1000,
                    "store_ms_p95": sorted(window)[int(len(window) * 0.95) - 1] * 1000,
                    "copies_detected": db.execute("select count(*) from article_copies").fetchone()[0],
                    "matches": db.execute("select count(*) from claim_matches").fetchone()[0] // 2,
                    "corroborations": db.execute("select count(*) from corroborations").fetchone()[0] // 2,
                    "wall_s": time.perf_counter() - started,
                }
                row["copies_written"] = sum(1 for p in paths[:n] if _is_copy(p))
                with progress.open("a") as f:
                    f.write(json.dumps(row) + "\n")
                if n in sizes:
                    results.append(row)
                log(f"  {n:,} articles ({claims:,} claims): store {row['store_ms']:.1f} ms/article "
                    f"(p95 {row['store_ms_p95']:.1f}), copies detected {row['copies_detected']:,}, wall {row['wall_s']:.0f} s")
    db.close()
    return results


POOL = 800  # real articles stored through the whole pipeline before any prefill: the clones' sources


def _timed_prepare(path: Path):
    start = time.perf_counter()
    prepared = _prepare(path)
    return prepared, time.perf_counter() - start


def prefilled(out: Path, sizes: list[int], processes: int = 2, log=print) -> list[dict]:
    """Ingest cost at each size, the database filled by bench.prefill between the measured windows.

    POOL real articles of the growth corpus are ingested first (prepare, then
    store, one transaction each); then for each size N the database is filled
    with clones of them (bench.prefill) until it holds N articles, and the next
    WINDOW real articles of the corpus (COPY_SHARE of them copies of earlier real
    ones) are ingested and measured: `store` per article (its own transaction,
    as `kb ingest`), and `prepare` per article in the worker that ran it.
    """
    import json

    from bench import prefill
    from kb.factcheck.copies import original_of
    from kb.store.db import for_ingest, open_db, writing
    from kb.store.ingest import store

    sizes = sorted(sizes)
    if sizes[0] < POOL + 1:
        raise ValueError(f"the smallest size must exceed the {POOL} real articles stored first")
    paths, _ = write_growth_corpus(out / "prefill-corpus", POOL + WINDOW * len(sizes))
    db_path = out / "prefill.db"
    (out / "prefill.jsonl").unlink(missing_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    db = open_db(db_path)
    for_ingest(db, wal=True)  # the connection kb ingest writes through, for a database other than the project's
    started = time.perf_counter()
    ctx = multiprocessing.get_context("fork")
    pool_articles = []
    with ctx.Pool(processes, initializer=_warm) as workers:
        for prepared, _ in workers.imap(_timed_prepare, paths[:POOL], chunksize=4):
            with writing(db):
                store(db, prepared)
            pool_articles.append(prepared)
    sources = [p for p in pool_articles if original_of(db, p.id) is None]
    log(f"  {POOL} real articles stored ({len(sources)} originals to clone), {time.perf_counter() - started:.0f} s")
    prefill.set_sources(sources)
    relations = prefill.relations_of(db, sources)
    results, stored, clones, linked = [], POOL, 0, 0
    with ctx.Pool(processes, initializer=_warm) as workers:  # forked after set_sources: the workers clone them
        for k, size in enumerate(sizes):
            fill_start = time.perf_counter()
            filled = prefill.fill(db, sources, relations, clones, clones + size - stored, workers, log=log)
            clones += filled["written"]
            linked += filled["linked_as_copies"]
            stored = size
            fill_seconds = time.perf_counter() - fill_start
            window = paths[POOL + k * WINDOW : POOL + (k + 1) * WINDOW]
            store_s, prepare_s, copies_detected, matched = [], [], 0, 0
            # all prepared before any is stored: the store times are not shared with the workers' CPU
            for prepared, prepare_seconds in list(workers.imap(_timed_prepare, window, chunksize=1)):
                start = time.perf_counter()
                with writing(db):
                    result = store(db, prepared)
                store_s.append(time.perf_counter() - start)
                prepare_s.append(prepare_seconds)
                copies_detected += result.copy_of is not None
                matched += result.matched
            stored += len(window)
            full = sorted(p + s for p, s in zip(prepare_s, store_s))
            row = {
                "articles": size,
                "claims": db.execute("select count(*) from claims").fetchone()[0],
                "claim_keys": db.execute("select count(*) from claim_keys").fetchone()[0],
                "store_ms": sum(store_s) / len(store_s) * 1000,
                "store_ms_p95": sorted(store_s)[int(len(store_s) * 0.95) - 1] * 1000,
                "prepare_ms": sum(prepare_s) / len(prepare_s) * 1000,
                "ingest_ms": sum(full) / len(full) * 1000,
                "ingest_ms_p95": full[int(len(full) * 0.95) - 1] * 1000,
                "copies_written": sum(1 for p in window if _is_copy(p)),
                "copies_detected": copies_detected,
                "matched_per_article": matched / len(window),
                "clones": clones,
                "clones_linked_as_copies": linked,
                "prefill_s": fill_seconds,
                "db_mb": db_path.stat().st_size / 1e6,
                "wall_s": time.perf_counter() - started,
            }
            results.append(row)
            with (out / "prefill.jsonl").open("a") as f:
                f.write(json.dumps(row) + "\n")
            log(f"  {size:,} articles ({row['claims']:,} claims, {row['db_mb']:,.0f} MB): store {row['store_ms']:.1f} ms/article "
                f"(p95 {row['store_ms_p95']:.1f}), prepare {row['prepare_ms']:.1f}, copies {row['copies_written']}/{row['copies_detected']}"
                f"; prefill {fill_seconds:.0f} s, wall {row['wall_s']:.0f} s")
    db.close()
    return results


def prefilled_table(rows: list[dict]) -> str:
    lines = [
        f"| articles in the database | claims | `claim_keys` rows | store, ms/article (mean of the next {WINDOW}) | store p95 | prepare, ms/article "
        "| full ingest (prepare + store), ms/article | full ingest p95 | copies written / detected (of the window) | claims matched per article "
        "| prefill clones linked as copies | DB MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(f"| {r['articles']:,} | {r['claims']:,} | {r['claim_keys']:,} | {r['store_ms']:.1f} | {r['store_ms_p95']:.1f} | {r['prepare_ms']:.1f} "
                     f"| {r['ingest_ms']:.1f} | {r['ingest_ms_p95']:.1f} | {r['copies_written']} / {r['copies_detected']} | {r['matched_per_article']:.1f} "
                     f"| {r['clones_linked_as_copies']} of {r['clones']:,} | {r['db_mb']:,.0f} |")
    return "\n".join(lines)


def _is_copy(path: Path) -> bool:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    return first.startswith(("转载｜", "轉載｜")) or first.endswith(")") and "| Republished" in first


def write_seed_copies(folder: Path, count: int = SEED_COPIES) -> list[Path]:
    """The seed, and `count` copies with a new title and one figure changed in each."""
    from bench.corpus import SEED_ARTICLE

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    title, rest = text.split("\n", 1)
    numbers = list(re.finditer(r"\d+(?:\.\d+)?(?=%|万|亿)", rest))
    paths = [folder / "0000.txt"]
    paths[0].write_text(text, encoding="utf-8")
    for n in range(1, count + 1):
        m = numbers[n % len(numbers)]
        changed = rest[: m.start()] + str(round(float(m.group()) + n / 10, 1)) + rest[m.end() :]
        path = folder / f"{n:04d}.txt"
        path.write_text(f"{title}（转载 {n}）\n{changed}", encoding="utf-8")
        paths.append(path)
    return paths


def seed_copies(out: Path, count: int = SEED_COPIES, log=print) -> dict:
    import contextlib
    import io

    from bench.ingest import floor
    from kb.cli import ingest_each
    from kb.extract.article import read_article
    from kb.store.db import open_db

    paths = write_seed_copies(out / "seed-copies", count)
    texts = [block.text for path in paths for block in read_article(path).blocks]
    _warm()
    db_path = out / "seed-copies.db"
    db_path.unlink(missing_ok=True)
    failures: list[str] = []
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # its one summary line per file
        ingest_each(paths, db_path, failures)
    e2e = time.perf_counter() - start
    assert not failures, failures
    db = open_db(db_path)
    claims = db.execute("select count(*) from claims").fetchone()[0]
    # all but one linked to one original (with one publication time, the lowest id is the original)
    copies, originals = db.execute("select count(*), count(distinct original_id) from article_copies").fetchone()
    corroborations = db.execute("select count(*) from corroborations").fetchone()[0]
    db.close()
    floor_seconds, _ = floor("zh", texts)
    result = {
        "articles": len(paths),
        "claims": claims,
        "copies_detected": copies,
        "originals": originals,
        "corroboration_rows": corroborations,
        "e2e_claims_s": claims / e2e,
        "floor_claims_s": claims / floor_seconds,
        "ratio": floor_seconds / e2e,
        "ms_per_article": e2e / len(paths) * 1000,
    }
    log(f"  seed + {count} copies: {result['e2e_claims_s']:,.0f} claims/s end to end, floor {result['floor_claims_s']:,.0f}/s,"
        f" ratio {result['ratio']:.2f}; {copies} copies detected, {corroborations} corroboration rows")
    db_path.unlink(missing_ok=True)
    return result


def growth_table(rows: list[dict]) -> str:
    lines = [
        f"| articles | claims | copies written / detected | store, ms per article (mean of last {WINDOW}) | p95 | claim matches | corroborations |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(f"| {r['articles']:,} | {r['claims']:,} | {r['copies_written']:,} / {r['copies_detected']:,} | {r['store_ms']:.1f} "
                     f"| {r['store_ms_p95']:.1f} | {r['matches']:,} | {r['corroborations']:,} |")
    return "\n".join(lines)


def seed_table(r: dict) -> str:
    ok = "" if r["ratio"] >= 0.5 else " ✗"
    return "\n".join([
        "| articles | claims | end to end | floor (blank + sentences) | ratio (target ≥ 0.5) | linked as copies / originals | corroboration rows |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {r['articles']} | {r['claims']:,} | {r['e2e_claims_s']:,.0f}/s | {r['floor_claims_s']:,.0f}/s | {r['ratio']:.2f}{ok} "
        f"| {r['copies_detected']} / {r['originals']} | {r['corroboration_rows']} |",
    ])


def main(argv=None) -> int:
    import argparse

    from bench.__main__ import parse_size
    from kb import PROJECT_ROOT

    parser = argparse.ArgumentParser(prog="python -m bench.matching", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1k,10k", help="sizes in articles (default 1k,10k; through the whole pipeline 100k takes many hours on 2 cores, with --prefill about half an hour)")
    parser.add_argument("--seed-copies", type=int, default=SEED_COPIES)
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--skip-seed-copies", action="store_true")
    parser.add_argument("--every", type=int, default=0, help="also report every N articles (written to growth.jsonl)")
    parser.add_argument("--reuse-corpus", action="store_true", help="reuse the generated corpus in --out")
    parser.add_argument("--prefill", action="store_true",
                        help="fill the database with clones of real articles (bench.prefill) up to each size, measure the next real ones")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    sections = ["### Copies and matching", "", "300 copies of the seed (`kb ingest`'s loop, one process):", ""]
    if not args.skip_seed_copies:
        print("seed copies")
        sections.append(seed_table(seed_copies(args.out, args.seed_copies)))
    if not args.skip_growth:
        sizes = sorted(parse_size(s) for s in args.articles.split(","))
        print(f"growth to {sizes[-1]:,} articles, {COPY_SHARE:.0%} copies")
        if args.prefill:
            sections += ["", f"Ingest at each size, the database prefilled (bench.prefill; {COPY_SHARE:.0%} of measured articles are copies):", "",
                         prefilled_table(prefilled(args.out, sizes, args.processes))]
        else:
            sections += ["", f"Ingest as the database grows ({COPY_SHARE:.0%} of articles are copies):", "",
                         growth_table(growth(args.out, sizes, args.processes, every=args.every, reuse_corpus=args.reuse_corpus))]
    text = "\n".join(sections) + "\n"
    (args.out / "matching.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
