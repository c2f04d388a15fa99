"""The database file: schema from the SQLModel classes, writes through sqlite-utils.

Every write path runs inside one `writing(db)` transaction, so a failed or
killed ingest leaves the file as it was.
"""

import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

from kb.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)

FTS_COLUMNS = {"claims": ["search_text", "quote_search"]}
# `|` is a token, so a phrase cannot match across a clause or sentence end (see kb.store.search).
FTS_TOKENIZE = "unicode61 tokenchars '|'"
# How long a command waits for another's write lock; CLAIMKB_BUSY_TIMEOUT_MS changes it (the tests shorten it).
BUSY_TIMEOUT_MS = int(os.environ.get("CLAIMKB_BUSY_TIMEOUT_MS", "30000"))


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@contextmanager
def writing(db: sqlite_utils.Database):
    """One write transaction, its lock taken at the start (BEGIN IMMEDIATE).

    sqlite-utils' `atomic()` begins deferred: two writers that both read first
    then both try to write, and one fails at once with "database is locked".
    Taking the write lock first makes the second wait (busy_timeout) instead.
    `db.atomic()` inside nests as savepoints.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    else:
        db.execute("COMMIT")


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if missing) a claims database with the current schema.

    The journal mode is left as the file has it: rollback journal (one
    self-contained file, what `kb build` publishes) unless `kb serve` has
    switched the file to write-ahead logging (`use_wal`).
    """
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    with db.atomic():
        ensure_schema(db)
    return db


def for_ingest(db: sqlite_utils.Database, *, wal: bool) -> str | None:
    """Set up the connection `kb ingest` writes through; returns the journal mode to give the file back after (`after_ingest`).

    Each file is one commit, and with SQLite's defaults (rollback journal,
    synchronous=FULL) each commit waits for two or more fsyncs: on this project's
    test machine 15-20 ms, more than storing an article costs. So:
    - synchronous=NORMAL: a process killed mid-ingest still loses nothing
      committed and leaves no half-written file (SQLite's guarantee at any
      setting); what it gives up is safety against a power cut at the wrong
      moment, and the database is derived (`kb build` rebuilds it from
      articles/ and the fact-check files). Citations and verdicts keep FULL.
    - `wal`: write-ahead logging for the ingest (a commit then syncs nothing),
      and the file returned to a single rollback-journal file after it. Not for
      the project's claims.db, which is committed and served read-only in
      rollback-journal mode (a read-only reader cannot open a WAL file whose
      -shm is gone).
    """
    db.execute("PRAGMA synchronous = NORMAL")
    if not wal:
        return None
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    if mode == "wal":
        return None  # kb serve switched it: it stays so
    try:
        switched = db.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    except sqlite3.OperationalError:
        return None  # held by another process: ingest in the mode it has
    return mode if switched else None


def after_ingest(db: sqlite_utils.Database, mode: str | None) -> None:
    """Give the file back its journal mode (one self-contained file again), unless another process holds it open."""
    if mode:
        try:
            db.execute(f"PRAGMA journal_mode = {mode}")
        except sqlite3.OperationalError:
            pass  # stays WAL while a server holds it, as with kb serve; kb build returns it to one file


def use_wal(path: str | Path) -> bool:
    """Switch a database file to write-ahead logging, for serving while commands write to it.

    With WAL, Datasette's readers never wait for a writer and never see a
    half-written transaction, however long an ingest's transaction is; in
    rollback-journal mode a large transaction locks readers out until it
    commits. The mode is a property of the file and stays until changed.
    Returns False (the file keeps its mode) if another process holds it locked.
    """
    conn = sqlite3.connect(path, timeout=5)
    try:
        return conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, indexes and search tables; add columns new models have gained; drop our indexes they no longer declare."""
    dialect = sqlite_dialect.dialect()
    for table in SQLModel.metadata.sorted_tables:
        if not db[table.name].exists():
            db.execute(str(CreateTable(table).compile(dialect=dialect)))
        else:
            existing = db[table.name].columns_dict
            for column in table.columns:
                if column.name not in existing:
                    # the column's SQL type as the model declares it (sqlmodel's AutoString has no python_type)
                    db.execute(f"alter table [{table.name}] add column [{column.name}] {column.type.compile(dialect=dialect)}")
        existing_indexes = {i.name for i in db[table.name].indexes}
        for index in table.indexes:
            if index.name not in existing_indexes:
                db.execute(str(CreateIndex(index).compile(dialect=dialect)))
        # indexes an earlier schema made and the models no longer declare
        for name in existing_indexes - {index.name for index in table.indexes}:
            if name.startswith(f"ix_{table.name}_"):
                db.execute(f"drop index [{name}]")
    for table, columns in FTS_COLUMNS.items():
        if not db[f"{table}_fts"].exists():
            db[table].enable_fts(columns, tokenize=FTS_TOKENIZE, create_triggers=True, replace=True)
    from kb.store.facets import ensure_counts  # facet counts, kept by triggers (kb/store/facets.py)
    from kb.store.search import fold_search_columns

    ensure_counts(db)
    fold_search_columns(db)
