"""Ingest throughput: `kb ingest`'s own path against the bare spaCy floor, in one run.

End to end is what `kb ingest FILE...` does per file: read and parse the file
(kb.extract.article), split and extract (kb.extract.claims over the full pipeline), write
(kb.store.ingest.store in one transaction). The floor is the same paragraph texts
through `spacy.blank` (same tokenizer: jieba for Chinese) with the sentence
component alone, via `nlp.pipe`: nothing read, nothing extracted, nothing written.

With two processes, workers read, split and extract (kb.store.ingest.prepare) and the
parent writes (kb.store.ingest.store), one transaction per file: SQLite has one writer,
and two `kb ingest` runs writing one file at once fail ("database is locked": each
holds a read lock inside a deferred transaction and neither can upgrade).

What relates an article to the others (kb.store.ingest._relate: copy detection,
claim matching, corroboration) is left out of the throughput rows and measured in
the last column and in bench.matching: the generated corpus, built from a few
dozen paragraph shapes, is its worst case (every claim matches).
"""

from __future__ import annotations

import multiprocessing
import time
from contextlib import contextmanager
from pathlib import Path

from bench.corpus import write_articles


@contextmanager
def corroboration_off():
    """Without what relates an article to the others (copies, matches, corroborations: kb.store.ingest._relate),
    measured on its own in the last column and in bench.matching."""
    from kb.store import ingest

    saved = ingest._relate
    ingest._relate = lambda db, prepared, result: None
    try:
        yield
    finally:
        ingest._relate = saved


def _warm(lang: str) -> None:
    """Load the pipeline, and turn the paragraph cache off (in each worker too).

    bench.corpus builds its articles from a few dozen paragraphs, so nearly every
    paragraph repeats one seen before; distinct news articles do not. With the
    cache (kb.extract.claims.ParagraphCache) these rows would time lookups.
    Repeats are measured on their own in bench.matching (300 copies of the seed).
    """
    from kb.extract.claims import PARAGRAPHS
    from kb.extract.pipeline import get_nlp

    PARAGRAPHS.size = 0

    for with_quantities in (True, False):
        list(get_nlp(lang, with_quantities).pipe(["预热。Warm up 1.5%."] * 4))


def ingest_files(db_path: Path, paths: list[Path], corroborate: bool = False) -> tuple[int, float, float]:
    """`kb ingest`'s loop (kb.cli.ingest_each): prepare, then store in its own transaction.
    Returns claims, and the seconds spent preparing and storing (commits included)."""
    from kb.store.db import for_ingest, open_db
    from kb.store.ingest import prepare, store

    db = open_db(db_path)
    for_ingest(db, wal=True)  # as kb ingest does for a database other than the project's
    claims, preparing, storing = 0, 0.0, 0.0
    for path in paths:
        start = time.perf_counter()
        prepared = prepare(path)
        preparing += time.perf_counter() - start
        start = time.perf_counter()
        if corroborate:
            with db.atomic():
                store(db, prepared)
        else:
            with corroboration_off(), db.atomic():
                store(db, prepared)
        storing += time.perf_counter() - start
        claims += len(prepared.claims)
    db.close()
    return claims, preparing, storing


def _prepare(path: Path):
    from kb.store.ingest import prepare

    return prepare(path)


def ingest_parallel(db_path: Path, paths: list[Path], pool) -> int:
    """Workers read, split and extract (kb.store.ingest.prepare); this process writes each file in its own
    transaction as it arrives (kb.store.ingest.store): one writer, as SQLite wants."""
    from kb.store.db import for_ingest, open_db
    from kb.store.ingest import store

    db = open_db(db_path)
    for_ingest(db, wal=True)  # as kb ingest does for a database other than the project's
    claims = 0
    with corroboration_off():
        for prepared in pool.imap(_prepare, paths, chunksize=2):
            with db.atomic():
                store(db, prepared)
            claims += len(prepared.claims)
    db.close()
    return claims


def floor(lang: str, texts: list[str], n_process: int = 1) -> tuple[float, int]:
    """Seconds and sentences for texts through spacy.blank + the sentence component alone."""
    from kb.extract.pipeline import get_nlp

    nlp = get_nlp(lang, with_quantities=False)
    start = time.perf_counter()
    sentences = 0
    for doc in nlp.pipe(texts, batch_size=256, n_process=n_process):
        sentences += sum(1 for _ in doc.sents)
    return time.perf_counter() - start, sentences


def run(out: Path, lang: str, articles: int = 150, processes: int = 2, log=print) -> dict:
    from kb.extract.article import read_article

    folder = out / "corpus" / lang
    paths = write_articles(folder, lang, articles)
    texts = [block.text for path in paths for block in read_article(path).blocks]
    _warm(lang)
    import kb.store.db  # noqa: F401  (imports outside the clock)
    import kb.store.ingest  # noqa: F401

    result: dict = {"language": lang, "articles": articles}
    db1 = out / f"ingest-{lang}-1.db"
    db1.unlink(missing_ok=True)
    start = time.perf_counter()
    claims, preparing, storing = ingest_files(db1, paths)
    result["e2e_1"] = claims / (time.perf_counter() - start)
    result["claims"] = claims
    result["prepare_us"], result["store_us"] = preparing / claims * 1e6, storing / claims * 1e6
    log(f"  {lang}: end to end, 1 process: {result['e2e_1']:.0f} claims/s ({claims} claims)")

    seconds, _ = floor(lang, texts)
    result["floor_1"] = claims / seconds
    result["floor_us"] = seconds / claims * 1e6
    log(f"  {lang}: floor (blank + sentences, nlp.pipe): {result['floor_1']:.0f} claims/s")

    db2 = out / f"ingest-{lang}-2.db"
    db2.unlink(missing_ok=True)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes, initializer=_warm, initargs=(lang,)) as pool:
        pool.map(time.sleep, [1.0] * processes, chunksize=1)  # workers load their pipelines before the clock starts
        start = time.perf_counter()
        counted = ingest_parallel(db2, paths, pool)
        result[f"e2e_{processes}"] = counted / (time.perf_counter() - start)
    log(f"  {lang}: end to end, {processes} worker processes + this one writing: {result[f'e2e_{processes}']:.0f} claims/s")

    seconds, _ = floor(lang, texts, n_process=processes)
    result[f"floor_{processes}"] = claims / seconds
    log(f"  {lang}: floor, nlp.pipe(n_process={processes}): {result[f'floor_{processes}']:.0f} claims/s")

    # kb ingest exactly as shipped, corroboration included, on the first articles into an empty database
    dbc = out / f"ingest-{lang}-corroborated.db"
    dbc.unlink(missing_ok=True)
    some = paths[: max(10, articles // 3)]
    start = time.perf_counter()
    counted, _, _ = ingest_files(dbc, some, corroborate=True)
    result["e2e_corroborated"] = counted / (time.perf_counter() - start)
    result["corroborated_articles"] = len(some)
    log(f"  {lang}: kb ingest with corroboration, {len(some)} articles: {result['e2e_corroborated']:.0f} claims/s")
    for path in (db1, db2, dbc):
        path.unlink(missing_ok=True)
    return result
