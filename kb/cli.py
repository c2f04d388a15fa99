"""The `kb` command: ingest, build, serve (and, from kb.factcheck_cli, cite and verdict)."""

import os
import sys
from pathlib import Path

import click

from kb import ARTICLES, PROJECT_ROOT, KBError, article_files

DEFAULT_DB = "claims.db"


def fail(message: str, code: int = 1):
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group()
@click.version_option(package_name="claimkb")
def cli():
    """claimkb: a fact-check knowledge base for the claims made in news articles."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
def ingest(files: tuple[Path, ...], db_path: Path):
    """Ingest article files (text or HTML; folders are searched) into a claims database.

    Each file is its own transaction: a bad file is reported and nothing of it
    is written, the good ones are stored. Exit status 1 if any file failed.
    """
    paths, failures = expand_paths(files)
    stored = ingest_each(paths, db_path, failures)
    for message in failures:
        click.echo(f"error: {message}", err=True)
    if failures:
        click.echo(f"{len(failures)} of {stored + len(failures)} file(s) failed", err=True)
        sys.exit(1)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--db", "db_path", default=str(PROJECT_ROOT / DEFAULT_DB), show_default=True, type=click.Path(path_type=Path))
def add(files: tuple[Path, ...], db_path: Path):
    """Add articles to the project: copy each into articles/ (byte for byte) and ingest it.

    The copy makes the article a source of `kb build`; a file that fails to
    ingest is not copied.
    """
    import shutil

    failures: list[str] = []
    for path in files:
        target = ARTICLES / path.name
        if target.exists() and target.read_bytes() != path.read_bytes():
            failures.append(f"{path}: articles/{path.name} exists with other content; rename the file")
            continue
        if ingest_each([path], db_path, failures) and path.resolve() != target.resolve():
            shutil.copyfile(path, target)
            click.echo(f"copied to {target.relative_to(PROJECT_ROOT)}")
    for message in failures:
        click.echo(f"error: {message}", err=True)
    if failures:
        sys.exit(1)


def ingest_each(paths: list[Path], db_path: Path, failures: list[str]) -> int:
    """Parse each file, then store it in its own transaction; returns how many were stored."""
    from kb.db import open_db
    from kb.ingest import prepare, store

    db, stored = None, 0
    for path in paths:
        try:
            prepared = prepare(path)
        except (KBError, OSError) as exc:
            failures.append(str(exc))
            continue
        db = db or open_db(db_path)
        with db.atomic():
            click.echo(store(db, prepared).summary())
        stored += 1
    return stored


@cli.command()
@click.option("--db", "db_path", default=str(PROJECT_ROOT / DEFAULT_DB), show_default=True, type=click.Path(path_type=Path))
def build(db_path: Path):
    """Rebuild the database from the sources in the repo (articles/, ingest/factchecks/)."""
    from kb.build import build_database

    try:
        for line in build_database(db_path):
            click.echo(line)
    except KBError as exc:
        fail(str(exc))


@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--immutable", is_flag=True, help="Serve read-only as published (datasette -i): faster, no concurrent writes.")
def serve(db_path: Path, port: int, host: str, immutable: bool):
    """Serve a claims database with this project's metadata, templates and plugins."""
    from kb.publish import serve_args

    args = [sys.executable, "-m", "datasette", *serve_args(db_path, port, host, immutable)]
    os.execv(sys.executable, args)


def expand_paths(items) -> tuple[list[Path], list[str]]:
    """Files as given; folders expanded to their article files, in name order."""
    paths, missing = [], []
    for item in items:
        if item.is_dir():
            paths += article_files(item)
        elif item.is_file():
            paths.append(item)
        else:
            missing.append(f"{item}: no such file")
    return paths, missing


if __name__ == "__main__":
    cli()
