"""SIGKILL at random moments leaves a database exactly as before or exactly as after.

`kb ingest` of a large article, `kb build` and `kb cite --file` are killed after
seeded random delays; half of the ingest kills are timed from the moment the
transaction starts writing (its -journal, or -wal in WAL mode, appears), so
they land while the transaction is being written, not only while the article is
being parsed. Ingest runs in both journal modes: rollback (a file as `kb build`
makes it) and WAL (a file `kb serve` has served).
"""

import csv
from contextlib import closing
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from bigtext import write_big_article

from kb.store.db import use_wal

KB = [sys.executable, "-m", "kb.cli"]
VOLATILE = {"ingested_at", "added_at", "created_at"}  # when a command ran, not what it wrote
RUNS = 20


def content(db: Path) -> dict:
    """Every row of every table (search-index shadow tables are checked by FTS integrity-check instead)."""
    with closing(sqlite3.connect(db)) as conn:
        tables = [t for (t,) in conn.execute("select name from sqlite_master where type = 'table' and name not like '%_fts%'")]
        out = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"pragma table_info([{table}])") if r[1] not in VOLATILE]
            out[table] = sorted(conn.execute(f"select {', '.join(f'[{c}]' for c in columns)} from [{table}]").fetchall(), key=repr)
        return out


def assert_clean(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        conn.execute("insert into claims_fts(claims_fts) values ('integrity-check')")


def copy_db(source: Path, target: Path) -> Path:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


def writing(db: Path) -> bool:
    return any(Path(f"{db}{side}").exists() for side in ("-journal", "-wal"))


def kill_after(cmd: list[str], delay: float, db: Path | None = None, timeout: float = 120) -> str:
    """Run `cmd`, SIGKILL it `delay` seconds after start (or after `db` starts a write); how it ended."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.monotonic()
    if db is not None:
        while not writing(db) and proc.poll() is None and time.monotonic() - start < timeout:
            time.sleep(0.001)
        start = time.monotonic()
    while proc.poll() is None and time.monotonic() - start < delay:
        time.sleep(0.002)
    if proc.poll() is not None:
        return "finished"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return "killed"


@pytest.fixture(scope="module")
def big(tmp_path_factory, seed_path):
    """A 300 KB article, a database holding the seed (before) and the same after an uninterrupted ingest."""
    folder = tmp_path_factory.mktemp("crash")
    article = write_big_article(folder / "big.txt", 300_000, seed=7)
    before = folder / "before.db"
    done = subprocess.run([*KB, "ingest", str(seed_path), "--db", str(before)], capture_output=True, timeout=300)
    assert done.returncode == 0
    wal_before = copy_db(before, folder / "before_wal.db")
    assert use_wal(wal_before)
    after = copy_db(before, folder / "after.db")
    start = time.monotonic()
    proc = subprocess.Popen([*KB, "ingest", str(article), "--db", str(after)], stdout=subprocess.DEVNULL)
    while not writing(after) and proc.poll() is None:
        time.sleep(0.001)
    opened = time.monotonic()
    assert proc.wait(timeout=300) == 0
    end = time.monotonic()
    return {"folder": folder, "article": article, "before": content(before), "after": content(after), "before_db": before,
            "before_wal_db": wal_before,
            "total": end - start, "writing": end - opened}


def test_sigkill_during_ingest_leaves_before_or_after(big):
    assert big["before"] != big["after"]
    rng = random.Random(20251128)
    plans = [(n, rng.uniform(0, 1.1) * (big["total"] if n % 2 else big["writing"]), n % 2 == 0) for n in range(RUNS)]
    outcomes: list[tuple[int, str, str]] = []

    def run(plan):
        for n, delay, from_write in plan:
            db = copy_db(big["before_wal_db" if n % 4 < 2 else "before_db"], big["folder"] / f"run{n}.db")
            how = kill_after([*KB, "ingest", str(big["article"]), "--db", str(db)], delay, db if from_write else None)
            assert_clean(db)
            state = content(db)
            assert state in (big["before"], big["after"]), f"run {n}: killed {delay:.2f}s in, the database is in between"
            outcomes.append((n, how, "before" if state == big["before"] else "after"))

    workers = [threading.Thread(target=run, args=(plans[i::2],)) for i in range(2)]  # two cores: two runs at a time
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len(outcomes) == RUNS
    print(f"\ningest kills: {sorted(outcomes)}; total {big['total']:.1f}s, writing {big['writing']:.1f}s")


def test_sigkill_during_build_leaves_old_or_new_file(tmp_path, big):
    from kb.store.build import build_database

    reference = tmp_path / "reference.db"
    list(build_database(reference))
    new = content(reference)
    target = tmp_path / "claims.db"
    copy_db(big["before_db"], target)
    old = content(target)
    rng = random.Random(7)
    for n in range(6):
        kill_after([*KB, "build", "--db", str(target)], rng.uniform(0.5, 6.0))
        assert_clean(target)
        state = content(target)
        assert state in (old, new), f"build run {n} left the database in between"
        old = state
    done = subprocess.run([*KB, "build", "--db", str(target)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr  # a killed build's leftovers do not stop the next one
    assert content(target) == new
    with closing(sqlite3.connect(target)) as conn:
        assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert not list(tmp_path.glob("claims.db*-wal")) and not list(tmp_path.glob("claims.db.building*"))


def test_sigkill_during_cite_file_leaves_before_or_after(tmp_path, big):
    db = copy_db(big["before_db"], tmp_path / "cite.db")
    with closing(sqlite3.connect(db)) as conn:
        claims = [c for (c,) in conn.execute("select id from claims where superseded_at is null order by position")]
    rows = tmp_path / "citations.csv"
    with rows.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["claim", "url", "stance", "quote"])
        for n, cid in enumerate(claims):
            writer.writerow([cid, f"https://example.org/source/{n}", "context", f"Source {n} says so."])
    factchecks = tmp_path / "factchecks"
    cmd = [*KB, "cite", "--file", str(rows), "--db", str(db), "--factchecks", str(factchecks)]
    before = content(db)
    reference = copy_db(db, tmp_path / "reference.db")
    done = subprocess.run([*cmd[:-4], "--db", str(reference), "--factchecks", str(tmp_path / "fc_reference")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    after = content(reference)
    assert after["citations"] and after != before
    rng = random.Random(11)
    for n in range(6):
        shutil.rmtree(factchecks, ignore_errors=True)
        for side in ("", "-wal", "-shm"):
            Path(f"{db}{side}").unlink(missing_ok=True)
        copy_db(big["before_db"], db)
        kill_after(cmd, rng.uniform(0.3, 4.0))
        assert_clean(db)
        assert content(db) in (before, after), f"cite run {n} left the database in between"
