"""`kb build`: the published database, rebuilt from the sources in the repo.

The new database is written beside the old one and swapped in with one rename,
so a failed or interrupted build leaves the old file untouched.
"""

import os
from collections.abc import Iterator
from pathlib import Path

from kb import ARTICLES, article_files
from kb.db import open_db
from kb.factfiles import FACTCHECKS, apply_folder
from kb.ingest import ingest_paths


def build_database(db_path: Path) -> Iterator[str]:
    tmp = db_path.with_name(db_path.name + ".building")
    tmp.unlink(missing_ok=True)
    db = open_db(tmp)
    try:
        for result in ingest_paths(db, article_files(ARTICLES)):
            yield result.summary()
        with db.atomic():
            yield from apply_folder(db, FACTCHECKS)
        db.execute("VACUUM")
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        raise
    db.close()
    os.replace(tmp, db_path)
    yield f"wrote {db_path}"
