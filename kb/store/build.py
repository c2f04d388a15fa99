"""`kb build`: the published database, rebuilt from the sources in the repo.

The new database is written beside the old one and swapped in with one rename,
so a failed or interrupted build leaves the old file untouched.
"""

import os
from collections.abc import Iterator
from pathlib import Path

from kb import ARTICLES, article_files
from kb.store.db import open_db
from kb.factcheck.files import FACTCHECKS, apply_folder
from kb.store.ingest import ingest_paths


def build_database(db_path: Path) -> Iterator[str]:
    tmp = db_path.with_name(db_path.name + ".building")
    _remove(tmp)  # a killed build's leftovers: a stale journal would be replayed into the new file
    db = open_db(tmp)
    try:
        for result in ingest_paths(db, article_files(ARTICLES)):
            yield result.summary()
        with db.atomic():
            yield from apply_folder(db, FACTCHECKS)
        db.execute("VACUUM")
        db.execute("PRAGMA journal_mode = DELETE")  # published as one file (datasette -i), no -wal beside it
    except BaseException:
        db.close()
        _remove(tmp)
        raise
    db.close()
    os.replace(tmp, db_path)
    # A -wal or -journal beside the target belongs to the file just replaced (a
    # server may still read it through open handles); SQLite must never apply it
    # to the new file.
    for suffix in ("-journal", "-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    yield f"wrote {db_path}"


def _remove(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
