"""`kb build`: the published database, rebuilt from the sources in the repo.

The new database is written beside the old one, then copied INTO the old file
with SQLite's backup API, in one write transaction of the old file: a running
`kb serve` keeps its open file and sees the new content on its next read (a
rename would leave it reading the deleted file, and its connections opened
later would read the new one, mixing both), and a failed or killed build
leaves the old content (the transaction rolls back from its journal). It records a
digest of the sources it was built from (`build_info`, kb.project), so `kb build
--if-changed` (what `make serve` runs) leaves an up-to-date file alone.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import closing, suppress
from pathlib import Path

from kb import ARTICLES, article_files
from kb.factcheck.files import apply_folder
from kb.progress import progress
from kb.project import BUILD_INFO, FACTCHECKS, factchecks_for, sources_digest
from kb.store.db import BUSY_TIMEOUT_MS, open_db, writing
from kb.store.ingest import prepare, store


def build_database(db_path: Path, show_progress: bool = False) -> Iterator[str]:
    """Yields a line per article and fact-check file; lines starting `warning:` name a file that was skipped."""
    tmp = db_path.with_name(db_path.name + ".building")
    _remove(tmp)  # a killed build's leftovers: a stale journal would be replayed into the new file
    digest = sources_digest()
    db = None
    try:
        db = open_db(tmp)
        paths = article_files(ARTICLES)
        prepared = [prepare(path) for path in progress(paths, "reading articles", _relative, show_progress)]
        with writing(db):
            results = [store(db, item) for item in prepared]
        for result in results:
            yield result.summary()
        with db.atomic():
            yield from apply_folder(db, FACTCHECKS)
            own = factchecks_for(db_path)  # another database's own fact-checks (kb.project), after the project's
            if own != FACTCHECKS and own.is_dir():
                yield from apply_folder(db, own)
            db[BUILD_INFO].insert({"key": "sources_sha256", "value": digest}, pk="key", replace=True)
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


def _relative(path: Path) -> str:
    return str(path.relative_to(ARTICLES.parent)) if path.is_relative_to(ARTICLES.parent) else str(path)


def _remove(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
