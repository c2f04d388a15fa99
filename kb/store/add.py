"""`kb add URL`: fetch, parse, store and keep a page, all or nothing.

The page is parsed from a temporary copy first (a page that is not an article
is refused before anything is written); the files are moved into articles/
inside the database transaction, so a failure at any step leaves neither a
half file in articles/ nor a row.
"""

import os
import tempfile
from pathlib import Path

import yaml

from kb.extract.article import fetch_record_path
from kb.extract.fetch import fetch, file_name
from kb.store.db import open_db, writing
from kb.store.ingest import prepare, project_relative, store


def add_url(url: str, db_path: Path, folder: Path) -> tuple[str, Path]:
    """Fetch `url` into `folder` and ingest it; returns the ingest summary and the saved page's path."""
    page = fetch(url)
    with tempfile.TemporaryDirectory(prefix="kb-add-") as tmp:
        staged = Path(tmp) / "page.html"
        staged.write_bytes(page.data)
        fetch_record_path(staged).write_text(yaml.safe_dump(page.record, allow_unicode=True, sort_keys=False), encoding="utf-8")
        prepared = prepare(staged)
        target = folder / file_name(prepared.article.canonical_url or page.url, prepared.id)
        prepared.article.source_path = project_relative(target)
        folder.mkdir(parents=True, exist_ok=True)
        db = open_db(db_path)
        # a page added before (the same article fetched again) is put back if this add fails
        pairs = ((staged, target), (fetch_record_path(staged), fetch_record_path(target)))
        before = {destination: destination.read_bytes() for _, destination in pairs if destination.is_file()}
        moved: list[Path] = []
        try:
            with writing(db):
                summary = store(db, prepared).summary()
                for source, destination in pairs:
                    partial = destination.with_name(destination.name + ".partial")
                    partial.write_bytes(source.read_bytes())
                    os.replace(partial, destination)
                    moved.append(destination)
        except BaseException:
            for path in moved:
                if path in before:
                    path.write_bytes(before[path])
                else:
                    path.unlink(missing_ok=True)
            for _, destination in pairs:
                destination.with_name(destination.name + ".partial").unlink(missing_ok=True)
            raise
        finally:
            db.close()
    return summary, target
