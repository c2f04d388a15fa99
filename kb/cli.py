"""The `kb` command: ingest, add, build, serve, cite, uncite, verdict, checks."""

import functools
import inspect
import os
import re
import sqlite3
import sys
from pathlib import Path

import click

from kb import ARTICLES, KBError
from kb.project import PROJECT_DB, factchecks_for, in_articles, is_project_db

URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


def fail(message: str, code: int = 1):
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def clean_errors(command):
    """A KBError, or a full disk, read-only file or held lock (kb.store.failures), as one `error:` line, exit 1."""

    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KBError as exc:
            fail(str(exc))
        except (sqlite3.Error, OSError) as exc:
            from kb.store.failures import explain

            fail(explain(exc, kwargs.get("db_path")))

    return wrapped


class Command(click.Command):
    """A command whose summary in `kb --help` is its docstring's first paragraph, whole (click cuts it at ~45 characters)."""

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or inspect.cleandoc(self.help or "").split("\n\n")[0].replace("\n", " ")


class Group(click.Group):
    command_class = Command
    group_class = type  # subgroups are Groups too

    def get_short_help_str(self, limit: int = 45) -> str:
        return Command.get_short_help_str(self, limit)


class LocalFile(click.ParamType):
    """A path to an existing local file: a URL or a missing file is named as such."""

    name = "file"

    def __init__(self, url_hint: str):
        self.url_hint = url_hint

    def convert(self, value, param, ctx):
        value = str(value)
        if URL.match(value):
            self.fail(f"{value} is a URL; {self.url_hint}", param, ctx)
        path = Path(value)
        if not path.exists():
            self.fail(f"{value}: no such file", param, ctx)
        if path.is_dir():
            self.fail(f"{value}: is a folder, not a file", param, ctx)
        # anything else that is not a regular file (a FIFO, a device) is refused when read (kb.sources)
        return path


def db_option(must_exist: bool = True):
    """`--db`: the same default for every command, the project's claims.db, wherever kb is run from."""
    return click.option(
        "--db", "db_path", default=PROJECT_DB, show_default="the project's claims.db",
        type=LocalFile("--db takes a local SQLite file") if must_exist else click.Path(dir_okay=False, path_type=Path),
        help="The claims database" + (" (it must exist)." if must_exist else " (created if missing)."),
    )


factchecks_option = click.option(
    "--factchecks", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder of the fact-check files to write [default: ingest/factchecks/ for the project's claims.db, "
         "<db name>.factchecks/ beside any other database].",
)
author_option = click.option("--author", required=True, help="Who does this (a person's name); kept with the change.")


@click.group(cls=Group, context_settings={"max_content_width": 120})
@click.version_option(package_name="claimkb", help="Show the version and exit.")
@click.help_option(help="Show this message and exit.")
def cli():
    """claimkb: a fact-check knowledge base for the claims made in news articles."""


@cli.command()
@click.argument("files", nargs=-1, required=True)
@db_option(must_exist=False)
def ingest(files: tuple[str, ...], db_path: Path):
    """Ingest article files (text or HTML; folders are searched) into a claims database.

    Each file is its own transaction: a bad file is reported and nothing of it
    is written, the good ones are stored. Exit status 1 if any file failed.
    The project's claims.db is built from articles/ only, so into it this reads
    only files in articles/: add any other file with `kb add FILE`.
    """
    paths, failures = expand_paths(files)
    if is_project_db(db_path):
        outside = [p for p in paths if not in_articles(p)]
        paths = [p for p in paths if p not in outside]
        failures += [f"{p}: not in articles/; the project's claims.db is built from articles/ only: "
                     f"`kb add {p}` adds it to the project, or give --db OTHER.db" for p in outside]
    stored = ingest_each(paths, db_path, failures)
    for message in failures:
        click.echo(f"error: {message}", err=True)
    if failures:
        click.echo(f"{len(failures)} of {stored + len(failures)} file(s) failed", err=True)
        sys.exit(1)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@db_option(must_exist=False)
@click.option("--articles", "folder", default=str(ARTICLES), show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder the article is copied into.")
@clean_errors
def add(sources: tuple[str, ...], db_path: Path, folder: Path):
    """Add articles to the project, from files or http(s) URLs, and ingest them.

    A file is copied into articles/ byte for byte, and the copy is what gets
    ingested (so the database names it as its source). A URL is fetched and
    the page saved there byte for byte, with its fetch record (URL, time)
    beside it (`<page>.html.yml`), so `kb build` rebuilds without the network.
    A source that fails leaves nothing: no file in articles/, no rows.
    """
    import shutil

    from kb.extract.fetch import is_url
    from kb.sources import check_regular
    from kb.store.add import add_url

    failures: list[str] = []
    for source in sources:
        if is_url(source):
            try:
                summary, target = add_url(source, db_path, folder)
            except KBError as exc:
                failures.append(str(exc) if source in str(exc) else f"{source}: {exc}")
                continue
            click.echo(summary)
            click.echo(f"saved to {target}")
            continue
        path = Path(source)
        try:
            check_regular(path)
        except KBError as exc:
            failures.append(f"{exc} (and not an http:// or https:// URL)" if not path.exists() else str(exc))
            continue
        target = folder / path.name
        if target.exists() and target.read_bytes() != path.read_bytes():
            failures.append(f"{path}: {target} exists with other content; edit it there, or rename the file")
            continue
        copied, made_folder = not target.exists(), not folder.exists()
        if copied:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        before = len(failures)
        if ingest_each([target], db_path, failures):
            if copied:
                click.echo(f"copied to {target}")
            continue
        failures[before:] = [message.replace(str(target), str(path)) for message in failures[before:]]  # the user's file
        if copied:
            target.unlink()
            if made_folder:
                folder.rmdir()
    for message in failures:
        click.echo(f"error: {message}", err=True)
    if failures:
        sys.exit(1)


@cli.command()
@click.argument("claim", required=False)
@click.option("--match", help="Find the claim by a piece of its text (must match exactly one).")
@click.option("--url", help="The source's http(s) URL (required unless --file).")
@click.option("--title", help="The source's title.")
@click.option("--publisher", help="Who published the source.")
@click.option("--published-at", help="When the source was published: YYYY-MM-DD.")
@click.option("--quote", help="One short sentence of the source that states the figure.")
@click.option("--stance", help="supports, refutes or context (required unless --file).")
@click.option("--note", help="What the source shows about the claim.")
@click.option("--file", "bulk", type=LocalFile("--file takes a local YAML or CSV file"),
              help="A YAML or CSV file of citations (columns: claim or match, url, title, publisher, published_at, quote, stance, note).")
@db_option()
@factchecks_option
@clean_errors
def cite(claim, match, url, title, publisher, published_at, quote, stance, note, bulk, db_path, factchecks):
    """Add a citation to a claim (by id or --match), or many from --file; applying the same twice adds nothing."""
    from kb.store.db import open_db
    from kb.factcheck.evidence import CitationInput, find_claim, validate_citation
    from kb.factcheck.files import load_bulk, record

    if not bulk:
        for name, value, what in (("--url", url, "the source's http(s) URL"), ("--stance", stance, "supports, refutes or context")):
            if not value:
                fail(f"{name} is required ({what}), or give --file FILE for many citations")
    db = open_db(db_path)
    try:
        if bulk:
            items = load_bulk(bulk, db)
        else:
            citation = validate_citation(
                CitationInput(url=url, stance=stance, title=title, publisher=publisher,
                              published_at=published_at, quote=quote, note=note),
                "citation",
            )
            items = [(find_claim(db, claim, match), [citation], [])]
        _require_in_project(db, db_path, [row for row, _, _ in items])
        added, _, _ = record(db, factchecks or factchecks_for(db_path), items)
    except KBError as exc:
        fail(str(exc))
    for claim_row in {row["id"]: row for row, _, _ in items if row.get("superseded_at")}.values():
        click.echo(f"warning: claim {claim_row['id']} is superseded (its sentence left the article on {claim_row['superseded_at'][:10]}); "
                   "the citation is kept with it", err=True)
    click.echo(f"{added} citation(s) added, {sum(len(c) for _, c, _ in items) - added} already present")


@cli.command()
@click.argument("citation_id")
@click.option("--reason", required=True, help="Why the citation is taken back; kept with the removal.")
@author_option
@db_option()
@factchecks_option
@clean_errors
def uncite(citation_id, reason, author, db_path, factchecks):
    """Remove a citation: it leaves the claim's evidence and is kept, with who, when and why, in `removals` and the fact-check file.

    Refused while the claim's status rests on it alone: set another verdict first.
    """
    row, path = take_back("citation", citation_id, reason, author, db_path, factchecks)
    click.echo(f"removed citation {citation_id} ({row['url']}) from claim {row['claim_id']}; recorded in removals and {path}")


@cli.command()
@click.argument("claim", required=False)
@click.option("--match", help="Find the claim by a piece of its text (must match exactly one).")
@click.option("--status", help="unverified, supported, partly_supported, misleading, refuted or unverifiable (required unless --same-as).")
@click.option("--note", help="Why, citing the sources (required unless --same-as).")
@author_option
@click.option("--same-as", "same_as", metavar="CLAIM_ID", help="Apply this checked claim's verdict and citations (a repeat of it).")
@db_option()
@factchecks_option
@clean_errors
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
            if not status:
                raise KBError("--status is required (or --same-as CLAIM_ID)")
            change = VerdictInput(status=status, note=note, author=author)
        change = validate_verdict(change, f"claim {row['id']}")
        if row["status"] == change.status:
            raise KBError(f"claim {row['id']} is already {change.status!r}; a verdict changes the status (nothing written)")
        _require_in_project(db, db_path, [row])
        record(db, factchecks or factchecks_for(db_path), [(row, citations, [change])])
    except KBError as exc:
        fail(str(exc))
    click.echo(f"{row['id']}: {row['status']} -> {change.status}" + (f" (same as {same_as})" if same_as else ""))


@cli.group()
def checks():
    """Arithmetic checks between an article's numbers: suggest them, accept them as evidence, un-accept them."""


@checks.command("suggest")
@click.option("--article", "article_id", help="Only this article (default: all).")
@db_option()
@clean_errors
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
@db_option()
@factchecks_option
@clean_errors
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
        _require_in_project(db, db_path, [db["claims"].get(suggestions[i].claim) for i in ids])
        _, added, _ = record(db, factchecks or factchecks_for(db_path), [], [suggestions[i] for i in ids])
    except KBError as exc:
        fail(str(exc))
    for i in ids:
        row = db["checks"].get(i)
        click.echo(f"{i}: {row['result']}: {row['detail']}")
    click.echo(f"{added} check(s) added")


@checks.command("unaccept")
@click.argument("check_id")
@click.option("--reason", required=True, help="Why the check is taken back; kept with the removal.")
@author_option
@db_option()
@factchecks_option
@clean_errors
def checks_unaccept(check_id, reason, author, db_path, factchecks):
    """Un-accept a check: it stops counting as evidence and is kept, with who, when and why, in `removals` and the fact-check file.

    Refused while the claim's status rests on it alone: set another verdict first.
    """
    row, path = take_back("check", check_id, reason, author, db_path, factchecks)
    click.echo(f"un-accepted check {check_id} of claim {row['claim_id']}; recorded in removals and {path}")


def _require_in_project(db, db_path: Path, claims: list[dict]) -> None:
    """Fact-checks written to the project must be about articles `kb build` finds in articles/."""
    from kb.project import require_article_in_project

    for article_id in dict.fromkeys(claim["article_id"] for claim in claims):
        require_article_in_project(db_path, db["articles"].get(article_id))


def _suggestions(db, article_id):
    from kb.factcheck.checks import suggest

    articles = [article_id] if article_id else [row["id"] for row in db["articles"].rows_where(select="id", order_by="id")]
    return [spec for aid in articles for spec in suggest(db, aid)]


def ingest_each(paths: list[Path], db_path: Path, failures: list[str]) -> int:
    """Parse each file, then store it in its own transaction; returns how many were stored."""
    from kb.progress import progress
    from kb.project import is_project_db
    from kb.store.db import after_ingest, for_ingest, open_db, writing
    from kb.store.ingest import prepare, store

    db, mode, stored = None, None, 0
    bar = len(paths) > 1 and sys.stderr.isatty()  # summaries wait until the bar is done, not to break it
    summaries = []
    try:
        for path in progress(paths, "ingesting"):
            try:
                prepared = prepare(path)
                if db is None:
                    db = open_db(db_path)
                    mode = for_ingest(db, wal=not is_project_db(db_path))
                with writing(db):  # all of this file or none of it
                    summary = store(db, prepared).summary()
            except KBError as exc:
                failures.append(str(exc) if str(path) in str(exc) else f"{path}: {exc}")
                continue
            except (sqlite3.Error, OSError) as exc:  # the disk, a lock, permissions: kb.store.failures
                from kb.store.failures import explain

                message = explain(exc, db_path)
                failures.append(message if isinstance(exc, sqlite3.Error) or exc.filename else f"{path}: {message}")
                continue
            except Exception as exc:  # a bug must not cost the other files; the transaction was rolled back
                failures.append(f"{path}: unexpected {type(exc).__name__}: {exc} (nothing of it was written; please report)")
                continue
            if bar:
                summaries.append(summary)
            else:
                click.echo(summary)
            stored += 1
    finally:
        if db is not None:
            after_ingest(db, mode)
            db.close()
    for summary in summaries:
        click.echo(summary)
    return stored

@cli.command()
@db_option(must_exist=False)
@click.option("--if-changed", is_flag=True,
              help="Do nothing when the database was built from the sources as they are now (what `make serve` runs).")
@clean_errors
def build(db_path: Path, if_changed: bool):
    """Rebuild the database from the sources in the repo (articles/, ingest/factchecks/).

    A fact-check file whose article is not in articles/ is skipped with a
    warning naming it; the build goes on.
    """
    from kb.project import is_up_to_date  # light: `make serve` runs this before every start

    if if_changed and is_up_to_date(db_path):
        click.echo(f"{db_path} is up to date with its sources")
        return
    from kb.store.build import build_database

    try:
        for line in build_database(db_path, show_progress=True):
            click.echo(line, err=line.startswith("warning:"))
    except KBError as exc:
        fail(str(exc))


@cli.command()
@db_option()
@click.option("--port", default=8001, show_default=True, type=int, help="The port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--immutable", is_flag=True, help="Serve read-only as published (datasette -i): faster, no concurrent writes.")
def serve(db_path: Path, port: int, host: str, immutable: bool):
    """Serve a claims database (any file name) with this project's metadata, templates and plugins.

    The project's claims.db is served as it is (rollback journal: git sees no
    change); any other database is switched to WAL, so long writes never make
    readers wait.
    """
    from kb.store.db import use_wal
    from kb.publish.serve import serve_args

    if not immutable and not is_project_db(db_path) and not use_wal(db_path):
        # ingest and cite still work; readers may wait for (or, past 5 s, fail on) a long write
        click.echo(f"warning: could not switch {db_path} to WAL mode; readers may wait for writers", err=True)
    args = [sys.executable, "-m", "datasette", *serve_args(db_path, port, host, immutable)]
    os.execv(sys.executable, args)


@cli.group()
def export():
    """Write what the desk has published in formats other tools read."""


@export.command("claimreview")
@db_option()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the feed to this file (default: standard output).")
@click.option("--base-url", default="http://127.0.0.1:8001", show_default=True, help="The site's public address: claim URLs in the feed start with it.")
@clean_errors
def export_claimreview(db_path: Path, out: Path | None, base_url: str):
    """Every reviewed claim as schema.org ClaimReview, in one DataFeed JSON document."""
    from kb.publish.feeds import write_claimreview_feed

    try:
        count = write_claimreview_feed(db_path, out, base_url)
    except KBError as exc:
        fail(str(exc))
    if out:
        click.echo(f"{count} ClaimReview{'s' if count != 1 else ''} written to {out}", err=True)


def take_back(kind: str, item_id: str, reason: str, author: str, db_path: Path, factchecks: Path | None):
    """`kb uncite` and `kb checks unaccept`: the removed row and the fact-check file it is recorded in."""
    from kb.factcheck.files import record_removal
    from kb.store.db import open_db

    table = {"citation": "citations", "check": "checks"}[kind]
    db = open_db(db_path)
    if db[table].count_where("id = ?", [item_id]):
        _require_in_project(db, db_path, [db["claims"].get(db[table].get(item_id)["claim_id"])])
    return record_removal(db, factchecks or factchecks_for(db_path), kind, item_id, author, reason)


def expand_paths(items) -> tuple[list[Path], list[str]]:
    """Files as given; folders expanded to their article files, in name order (kb.sources: regular
    files only, no symlink leading out of the folder; what is skipped is said, as a warning)."""
    from kb.sources import check_regular, folder_files

    paths, missing = [], []
    for text in map(str, items):
        item = Path(text)
        if URL.match(text):
            missing.append(f"{text} is a URL; `kb ingest` reads files (`kb add URL` fetches an article into the project)")
            continue
        if item.is_dir():
            found, skipped = folder_files(item)
            paths += found
            for message in skipped:
                click.echo(f"warning: {message}", err=True)
            continue
        try:
            check_regular(item)
        except KBError as exc:
            missing.append(str(exc))
            continue
        paths.append(item)
    return paths, missing


if __name__ == "__main__":
    cli()
