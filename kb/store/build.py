"""`kb build`: the published database, rebuilt from the sources in the repo.

The new database is written beside the old one and swapped in with one rename,
so a failed or interrupted build leaves the old file untouched. It records a
digest of the sources it was built from (`build_info`, kb.project), so `kb
build --if-changed` (what `make serve` runs) leaves an up-to-date file alone.
"""

import os
from collections.abc import Iterator
from pathlib import Path

from kb import ARTICLES, article_files
from kb.factcheck.files import apply_folder
from kb.progress import progress
from kb.project import BUILD_INFO, FACTCHECKS, factchecks_for, sources_digest
from kb.store.db import open_db, writing
from kb.store.ingest import prepare, store

def build_database(db_path: Path, show_progress: bool = False) -> Iterator[str]:
    """Yields a line per article and fact-check file; lines starting `warning:` name a file that was skipped."""
    tmp = db_path.with_name(db_path.name + ".building")
    _remove(tmp)  # a killed build's leftovers: a stale journal would be replayed into the new file
    digest = sources_digest()
    db = open_db(tmp)
    try:
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


def _relative(path: Path) -> str:
    return str(path.relative_to(ARTICLES.parent)) if path.is_relative_to(ARTICLES.parent) else str(path)


def _remove(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
