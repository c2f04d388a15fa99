"""The committed claims.db is what `kb build` makes from the repo's sources."""

import sqlite3

from kb import PROJECT_ROOT

TABLES = ["articles", "claims", "quantities", "citations", "verdicts"]
VOLATILE = {"ingested_at"}  # when the build ran, not what it says


def content(path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        out = {}
        for table in TABLES:
            columns = [r[1] for r in conn.execute(f"pragma table_info({table})") if r[1] not in VOLATILE]
            quoted = ", ".join(f'"{c}"' for c in columns)
            out[table] = conn.execute(f"select {quoted} from {table} order by id").fetchall()
        return out


def test_committed_database_equals_a_fresh_build(built_db):
    committed = PROJECT_ROOT / "claims.db"
    assert committed.exists(), "claims.db is missing: run `kb build` and commit it"
    fresh, published = content(built_db), content(committed)
    for table in TABLES:
        assert published[table] == fresh[table], f"{table} differs: run `make build` and commit claims.db"


def test_build_is_deterministic(built_db, tmp_path):
    from kb.store.build import build_database

    again = tmp_path / "again.db"
    list(build_database(again))
    assert content(again) == content(built_db)


def test_published_database_is_clean(built_db):
    with sqlite3.connect(built_db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("pragma foreign_key_check").fetchall() == []


def test_committed_database_records_the_sources_it_was_built_from():
    """`make serve` runs `kb build --if-changed`: on a fresh clone it must find claims.db up to date
    (else it rebuilds, and git shows claims.db modified)."""
    from kb.project import sources_digest
    from kb.project import built_from

    assert built_from(PROJECT_ROOT / "claims.db") == sources_digest(), "run `make build` and commit claims.db"
