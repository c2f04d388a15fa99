"""The database file: schema from the SQLModel classes, writes through sqlite-utils.

Every write path runs inside one `db.atomic()` transaction, so a failed or
killed ingest leaves the file as it was.
"""

from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

from kb import models  # noqa: F401  (registers the tables on SQLModel.metadata)

FTS_COLUMNS = {"claims": ["search_text", "quote_search"]}
# `|` is a token, so a phrase cannot match across a clause or sentence end (see kb.search).
FTS_TOKENIZE = "unicode61 tokenchars '|'"
BUSY_TIMEOUT_MS = 30000


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if missing) a claims database with the current schema."""
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    with db.atomic():
        ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, indexes and search tables; add columns new models have gained."""
    dialect = sqlite_dialect.dialect()
    for table in SQLModel.metadata.sorted_tables:
        if not db[table.name].exists():
            db.execute(str(CreateTable(table).compile(dialect=dialect)))
        else:
            existing = db[table.name].columns_dict
            for column in table.columns:
                if column.name not in existing:
                    db[table.name].add_column(column.name, column.type.python_type)
        for index in table.indexes:
            if index.name not in {i.name for i in db[table.name].indexes}:
                db.execute(str(CreateIndex(index).compile(dialect=dialect)))
    for table, columns in FTS_COLUMNS.items():
        if not db[f"{table}_fts"].exists():
            db[table].enable_fts(columns, tokenize=FTS_TOKENIZE, create_triggers=True, replace=True)
    from kb.facets import ensure_counts  # facet counts, kept by triggers (kb/facets.py)

    ensure_counts(db)
