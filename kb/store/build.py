"""`kb build`: the published database, rebuilt from the sources in the repo.

The new database is written beside the old one, then copied INTO the old file
with SQLite's backup API, in one write transaction of the old file: a running
`kb serve` keeps its open file and sees the new content on its next read (a
rename would leave it reading the deleted file, and its connections opened
later would read the new one, mixing both), and a failed or killed build
leaves the old content (the transaction rolls back from its journal).
"""

import sqlite3
from collections.abc import Iterator
from contextlib import closing, suppress
from pathlib import Path

from kb import ARTICLES, article_files
from kb.store.db import BUSY_TIMEOUT_MS, open_db
from kb.factcheck.files import FACTCHECKS, apply_folder
from kb.store.ingest import ingest_paths


def build_database(db_path: Path) -> Iterator[str]:
    tmp = db_path.with_name(db_path.name + ".building")
    _remove(tmp)  # a killed build's leftovers: a stale journal would be replayed into the new file
    db = None
    try:
        db = open_db(tmp)
        for result in ingest_paths(db, article_files(ARTICLES)):
            yield result.summary()
        with db.atomic():
            yield from apply_folder(db, FACTCHECKS)
        db.execute("VACUUM")
        db.execute("PRAGMA journal_mode = DELETE")  # published as one file (datasette -i), no -wal beside it
        db.close()
        if db_path.exists():
            yield from publish_into(tmp, db_path)
        else:
            tmp.replace(db_path)
    except BaseException:
        if db is not None:
            with suppress(sqlite3.Error):  # closing after a failed write may fail again (disk full)
                db.close()
        _remove(tmp)
        raise
    _remove(tmp)
    yield f"wrote {db_path}"


def publish_into(source: Path, target: Path) -> Iterator[str]:
    """Replace the content of `target` by `source`'s, in place, in one transaction readers see whole.

    The target keeps its journal mode: a file a server has switched to WAL
    stays WAL while that server holds it open (it cannot be switched back
    then); otherwise it is returned to a rollback journal, one self-contained file.
    """
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)) as dst:
            dst.execute("select count(*) from sqlite_master").fetchone()  # is the target a database at all?
            src.backup(dst)
    except sqlite3.DatabaseError as exc:
        if "not a database" not in str(exc):
            raise
        # not a database (an interrupted copy, a stray file): nothing to keep, nothing a server can read
        source.replace(target)
        for suffix in ("-journal", "-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        yield f"note: {target} was not a SQLite database; replaced"
        return
    with closing(sqlite3.connect(target, timeout=0.5)) as conn:
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlite3.OperationalError:
            mode = "wal"
    if mode == "wal":
        yield f"note: {target} stays in WAL mode while a server holds it open; the next build without one returns it to one file"


def _remove(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
