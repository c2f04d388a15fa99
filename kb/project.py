"""What belongs to the project, and what a command may do to it.

The project is `claims.db` plus the sources it is built from: `articles/` and
the fact-check files in `ingest/factchecks/`. Every command defaults to the
project's database wherever it is run from, and only that database reads or
writes the project's sources: another database keeps its fact-check files in a
folder beside it, so no command on a scratch database can leave the project in
a state `kb build` cannot rebuild.
"""

import hashlib
import sqlite3
from pathlib import Path

from kb import ARTICLES, PROJECT_ROOT, KBError

PROJECT_DB = PROJECT_ROOT / "claims.db"
FACTCHECKS = PROJECT_ROOT / "ingest" / "factchecks"
# What `kb build` reads: the articles and fact-check files, and the code that turns them into rows.
BUILD_SOURCES = (ARTICLES, FACTCHECKS, PROJECT_ROOT / "kb")
BUILD_INFO = "build_info"  # the table where `kb build` records the digest of the sources it read


def is_project_db(db_path: Path) -> bool:
    return Path(db_path).resolve() == PROJECT_DB.resolve()


def factchecks_for(db_path: Path) -> Path:
    """Where the fact-check files of a database live: the project's folder for its claims.db,
    `<name>.factchecks/` beside any other database."""
    db_path = Path(db_path)
    if is_project_db(db_path):
        return FACTCHECKS
    return db_path.resolve().with_name(f"{db_path.stem}.factchecks")


def in_articles(path: Path) -> bool:
    return Path(path).resolve().is_relative_to(ARTICLES.resolve())


def require_article_in_project(db_path: Path, article: dict) -> None:
    """Refuse to write a project fact-check file for an article `kb build` would not find in articles/."""
    if not is_project_db(db_path):
        return
    source = article.get("source_path") or ""
    path = Path(source) if Path(source).is_absolute() else PROJECT_ROOT / source
    if not (source and in_articles(path) and path.is_file()):
        raise KBError(
            f"article {article['id']} ({source or 'no source file'}) is not in articles/, so `kb build` would lose "
            f"what you add to it; add it to the project first with `kb add FILE`"
        )


def sources_digest() -> str:
    """A hash of every build source's path and bytes: `kb build --if-changed` compares it with the
    one the database was built from. Content, not modification times: a fresh clone gives every
    file a new time, and the committed database must count as up to date there."""
    digest = hashlib.sha256()
    for folder in BUILD_SOURCES:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and _is_source(p)):
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _is_source(path: Path) -> bool:
    parts = path.relative_to(PROJECT_ROOT).parts
    return path.suffix != ".pyc" and not any(part == "__pycache__" or part.startswith(".") for part in parts)


def built_from(db_path: Path) -> str | None:
    """The sources digest a database was built from, None if unknown (not built by `kb build`, or missing).

    Read-only (`mode=ro`): checking must not touch the file.
    """
    if not db_path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = conn.execute(f"select value from {BUILD_INFO} where key = 'sources_sha256'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def is_up_to_date(db_path: Path) -> bool:
    return built_from(db_path) == sources_digest()
