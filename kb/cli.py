"""The `kb` command: ingest, add, build, serve, cite, verdict, checks."""

import os
import sys
from pathlib import Path

import click

from kb import ARTICLES, PROJECT_ROOT, KBError, article_files
from kb.factcheck.files import FACTCHECKS

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
@click.option("--articles", "folder", default=str(ARTICLES), show_default=True, type=click.Path(file_okay=False, path_type=Path))
def add(files: tuple[Path, ...], db_path: Path, folder: Path):
    """Add articles to the project: copy each into articles/ (byte for byte) and ingest it.

    The copy makes the article a source of `kb build`; a file that fails to
    ingest is not copied.
    """
    import shutil

    failures: list[str] = []
    for path in files:
        target = folder / path.name
        if target.exists() and target.read_bytes() != path.read_bytes():
            failures.append(f"{path}: {target} exists with other content; edit it there, or rename the file")
            continue
        if ingest_each([path], db_path, failures) and path.resolve() != target.resolve():
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            click.echo(f"copied to {target}")
    for message in failures:
        click.echo(f"error: {message}", err=True)
    if failures:
        sys.exit(1)


@cli.command()
@click.argument("claim", required=False)
@click.option("--match", help="Find the claim by a piece of its text (must match exactly one).")
@click.option("--url")
@click.option("--title")
@click.option("--publisher")
@click.option("--published-at", help="YYYY-MM-DD")
@click.option("--quote", help="One short sentence of the source that states the figure.")
@click.option("--stance", help="supports, refutes or context")
@click.option("--note")
@click.option("--file", "bulk", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="A YAML or CSV file of citations.")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--factchecks", default=str(FACTCHECKS), show_default=True, type=click.Path(file_okay=False, path_type=Path))
def cite(claim, match, url, title, publisher, published_at, quote, stance, note, bulk, db_path, factchecks):
    """Add a citation to a claim (by id or --match), or many from --file; applying the same twice adds nothing."""
    from kb.store.db import open_db
    from kb.factcheck.evidence import CitationInput, find_claim, validate_citation
    from kb.factcheck.files import load_bulk, record

    db = open_db(db_path)
    try:
        if bulk:
            items = load_bulk(bulk, db)
        else:
            citation = validate_citation(
                CitationInput(url=url or "", stance=stance or "", title=title, publisher=publisher,
                              published_at=published_at, quote=quote, note=note),
                "citation",
            )
            items = [(find_claim(db, claim, match), [citation], [])]
        added, _, _ = record(db, factchecks, items)
    except KBError as exc:
        fail(str(exc))
    click.echo(f"{added} citation(s) added, {sum(len(c) for _, c, _ in items) - added} already present")


@cli.command()
@click.argument("claim", required=False)
@click.option("--match", help="Find the claim by a piece of its text (must match exactly one).")
@click.option("--status", help="unverified, supported, partly_supported, misleading, refuted or unverifiable")
@click.option("--note", help="Why, citing the sources.")
@click.option("--author", required=True)
@click.option("--same-as", "same_as", metavar="CLAIM_ID", help="Apply this checked claim's verdict and citations (a repeat of it).")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--factchecks", default=str(FACTCHECKS), show_default=True, type=click.Path(file_okay=False, path_type=Path))
def verdict(claim, match, status, note, author, same_as, db_path, factchecks):
    """Set a claim's status; the change is appended to its history, with the note and author.

    With --same-as CLAIM_ID the status, evidence and note come from that claim's verdict.
    """
    from kb.store.db import open_db
    from kb.factcheck.evidence import VerdictInput, find_claim, validate_verdict
    from kb.factcheck.files import record

    if same_as and status:
        fail("give --status or --same-as, not both")
    if not same_as and (status is None or note is None):
        fail("a verdict needs --status and --note (or --same-as CLAIM_ID)")
    db = open_db(db_path)
    try:
        row = find_claim(db, claim, match)
        citations = []
        if same_as:
            from kb.factcheck.same_as import same_as as take_over

            citations, change = take_over(db, row, same_as, author, note)
        else:
            change = VerdictInput(status=status, note=note, author=author)
        change = validate_verdict(change, f"claim {row['id']}")
        record(db, factchecks, [(row, citations, [change])])
    except KBError as exc:
        fail(str(exc))
    click.echo(f"{row['id']}: {row['status']} -> {change.status}" + (f" (same as {same_as})" if same_as else ""))


@cli.group()
def checks():
    """Arithmetic checks between an article's numbers: suggest them, accept them as evidence."""


@checks.command("suggest")
@click.option("--article", "article_id", help="Only this article (default: all).")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def checks_suggest(article_id, db_path):
    """List the checks worth making, with what each would find; accept one with `kb checks accept ID`."""
    from kb.factcheck.checks import evaluate
    from kb.store.db import open_db

    db = open_db(db_path)
    for spec in _suggestions(db, article_id):
        try:
            row, _ = evaluate(db, spec, spec.id)
        except KBError as exc:
            click.echo(f"{spec.id}  (cannot compute: {exc})")
            continue
        click.echo(f"{spec.id}  {row['result']:5}  claim {spec.claim}  {spec.kind}: {spec.description}\n       {row['detail']}")


@checks.command("accept")
@click.argument("ids", nargs=-1, required=True)
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--factchecks", default=str(FACTCHECKS), show_default=True, type=click.Path(file_okay=False, path_type=Path))
def checks_accept(ids, db_path, factchecks):
    """Accept suggested checks into the articles' fact-check files and the database."""
    from kb.store.db import open_db
    from kb.factcheck.files import record

    db = open_db(db_path)
    suggestions = {spec.id: spec for spec in _suggestions(db, None)}
    unknown = [i for i in ids if i not in suggestions]
    if unknown:
        fail(f"no suggested check with id {', '.join(unknown)}; run `kb checks suggest` to list them")
    try:
        _, added, _ = record(db, factchecks, [], [suggestions[i] for i in ids])
    except KBError as exc:
        fail(str(exc))
    for i in ids:
        row = db["checks"].get(i)
        click.echo(f"{i}: {row['result']}: {row['detail']}")
    click.echo(f"{added} check(s) added")


def _suggestions(db, article_id):
    from kb.factcheck.checks import suggest

    articles = [article_id] if article_id else [row["id"] for row in db["articles"].rows_where(select="id", order_by="id")]
    return [spec for aid in articles for spec in suggest(db, aid)]


def ingest_each(paths: list[Path], db_path: Path, failures: list[str]) -> int:
    """Parse each file, then store it in its own transaction; returns how many were stored."""
    from kb.store.db import open_db, writing
    from kb.store.ingest import prepare, store

    db, stored = None, 0
    for path in paths:
        try:
            prepared = prepare(path)
            db = db or open_db(db_path)
            with writing(db):  # all of this file or none of it
                summary = store(db, prepared).summary()
        except (KBError, OSError) as exc:
            failures.append(str(exc) if str(path) in str(exc) else f"{path}: {exc}")
            continue
        except Exception as exc:  # a bug must not cost the other files; the transaction was rolled back
            failures.append(f"{path}: unexpected {type(exc).__name__}: {exc} (nothing of it was written; please report)")
            continue
        click.echo(summary)
        stored += 1
    return stored


@cli.command()
@click.option("--db", "db_path", default=str(PROJECT_ROOT / DEFAULT_DB), show_default=True, type=click.Path(path_type=Path))
def build(db_path: Path):
    """Rebuild the database from the sources in the repo (articles/, ingest/factchecks/)."""
    from kb.store.build import build_database

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
    from kb.store.db import use_wal
    from kb.publish.serve import serve_args

    if not immutable and not use_wal(db_path):
        # ingest and cite still work; readers may wait for (or, past 5 s, fail on) a long write
        click.echo(f"warning: could not switch {db_path} to WAL mode; readers may wait for writers", err=True)
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
