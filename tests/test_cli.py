import sqlite3
import subprocess
import sys
import time
import urllib.request

from conftest import free_port

KB = [sys.executable, "-m", "kb.cli"]


def run(*args, cwd=None):
    return subprocess.run([*KB, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_ingest_creates_database_and_reports(tmp_path, seed_path):
    db = tmp_path / "new.db"
    done = run("ingest", str(seed_path), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "added" in done.stdout and "0 superseded" in done.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from claims").fetchone()[0] > 50


def test_ingest_leaves_one_rollback_journal_file(tmp_path, seed_path):
    """kb ingest writes with WAL for speed (kb.store.db.for_ingest) and gives the file back as one file."""
    db = tmp_path / "other.db"
    copy = tmp_path / "copy.txt"
    copy.write_text(seed_path.read_text(encoding="utf-8").replace("\n", "（转载）\n", 1), encoding="utf-8")
    done = run("ingest", str(seed_path), str(copy), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("other.db")) == ["other.db"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("select count(*) from articles").fetchone()[0] == 2
        assert conn.execute("select count(*) from article_copies").fetchone()[0] == 1


def test_ingest_keeps_a_served_wal_file_in_wal(tmp_path, seed_path):
    db = tmp_path / "served.db"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
    reader = sqlite3.connect(db)  # a server holding the file open
    try:
        done = run("ingest", str(seed_path), "--db", str(db))
        assert done.returncode == 0, done.stderr
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert reader.execute("select count(*) from claims").fetchone()[0] > 50
    finally:
        reader.close()


def test_ingest_bad_file_exits_nonzero_naming_it(tmp_path, seed_path):
    bad = tmp_path / "blank.txt"
    bad.write_text("\n\n", encoding="utf-8")
    db = tmp_path / "x.db"
    done = run("ingest", str(seed_path), str(bad), "--db", str(db))
    assert done.returncode == 1
    assert "blank.txt" in done.stderr and "1 of 2 file(s) failed" in done.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 1


def test_missing_file_is_an_error(tmp_path):
    done = run("ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "x.db"))
    assert done.returncode == 1 and "nope.txt: no such file" in done.stderr
    assert not (tmp_path / "x.db").exists()


def test_serve_answers_on_a_free_port(seed_db):
    port = free_port()
    server = subprocess.Popen([*KB, "serve", "--db", str(seed_db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/claims/claims.json?_shape=array&_size=1") as r:
                    body = r.read().decode()
                break
            except OSError:
                time.sleep(0.2)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=10)
    assert body is not None and '"text"' in body, err.decode()


def test_add_copies_the_article_byte_for_byte_and_ingests_it(tmp_path, seed_path):
    folder, db = tmp_path / "articles", tmp_path / "claims.db"
    done = subprocess.run([sys.executable, "-m", "ingest.article", str(seed_path), "--db", str(db), "--articles", str(folder)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (folder / seed_path.name).read_bytes() == seed_path.read_bytes()
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 1


def test_add_refuses_a_bad_article_and_copies_nothing(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    folder = tmp_path / "articles"
    done = run("add", str(bad), "--db", str(tmp_path / "x.db"), "--articles", str(folder))
    assert done.returncode == 1 and "empty.txt" in done.stderr
    assert not folder.exists()
