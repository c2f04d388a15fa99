"""How Datasette is started over a claims database: one place for the CLI and the tests."""

from pathlib import Path

import yaml

from kb import PROJECT_ROOT

METADATA = PROJECT_ROOT / "metadata.yml"
TEMPLATES = PROJECT_ROOT / "templates"
PLUGINS = PROJECT_ROOT / "plugins"
SETTINGS = {
    "sql_time_limit_ms": 1000,
    "max_returned_rows": 1000,
    "default_page_size": 50,
    "facet_time_limit_ms": 200,
    # Suggested facets try a GROUP BY on every column of every table page: seconds at a
    # million claims. The useful facets are configured in metadata.yml (kb/store/facets.py).
    "suggest_facets": False,
    "allow_download": False,
}

# Read through a memory map, not read() calls: a search touches one table page per
# matching claim, and at a million claims that copying was half of a search's time
# (plugins/performance.py applies these to every Datasette connection).
CONNECTION_PRAGMAS = {"mmap_size": 8 * 2**30}


def tune_connection(conn) -> None:
    for name, value in CONNECTION_PRAGMAS.items():
        conn.execute(f"PRAGMA {name} = {int(value)}").fetchall()


DATABASE_NAME = "claims"


def name_claims_database(datasette) -> None:
    """Serve the one database file under the name `claims`, whatever the file is called.

    Datasette names a database after its file's stem, and everything the site
    is made of is keyed by that name: metadata.yml's `databases: claims:`
    (descriptions, facets, canned queries), the templates chosen by name
    (row-claims-claims.html), the plugins, and the claim permalinks
    /claims/claims/<id>. Renaming the database once at startup (Datasette's own
    add_database(name=...)) keeps all of them, and the links, for any file;
    rewriting every key per file would change each claim's URL with the file name.
    Left alone when several files are served, or one is already named `claims`.
    """
    if DATABASE_NAME in datasette.databases:
        return
    files = [db for db in datasette.databases.values() if db.path and not db.is_memory]
    if len(files) != 1:
        return
    datasette.remove_database(files[0].name)
    datasette.add_database(files[0], name=DATABASE_NAME)


def serve_args(db: Path, port: int, host: str = "127.0.0.1", immutable: bool = False) -> list[str]:
    """Arguments for `datasette serve` with this project's metadata, templates and plugins."""
    args = ["serve", "-i", str(db)] if immutable else ["serve", str(db)]
    args += ["-m", str(METADATA), "--template-dir", str(TEMPLATES), "--plugins-dir", str(PLUGINS)]
    args += ["-h", host, "-p", str(port)]
    for name, value in SETTINGS.items():
        args += ["--setting", name, str(value).lower() if isinstance(value, bool) else str(value)]
    return args


def make_datasette(db: Path, immutable: bool = False):
    """A Datasette instance configured as `kb serve` configures it (tests use its client)."""
    from datasette.app import Datasette

    files = {"immutables": [str(db)]} if immutable else {"files": [str(db)]}
    return Datasette(
        metadata=yaml.safe_load(METADATA.read_text(encoding="utf-8")),
        template_dir=str(TEMPLATES),
        plugins_dir=str(PLUGINS),
        settings=SETTINGS,
        **files,
    )
