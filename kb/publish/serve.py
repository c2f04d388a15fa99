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
