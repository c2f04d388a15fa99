"""Two writers at once: the second waits for the first instead of failing."""

import sqlite3
import subprocess
import sys

from bigtext import write_big_article


def test_two_concurrent_ingests_both_land(tmp_path, seed_db):
    articles = [write_big_article(tmp_path / f"a{n}.txt", 300_000, seed=n, title=f"并发写入{n}") for n in range(2)]
    runs = [subprocess.Popen([sys.executable, "-m", "kb.cli", "ingest", str(a), "--db", str(seed_db)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for a in articles]
    results = [run.communicate(timeout=600) + (run.returncode,) for run in runs]
    for out, err, code in results:
        assert code == 0, err
    with sqlite3.connect(seed_db) as conn:
        titles = {t for (t,) in conn.execute("select title from articles")}
    assert {"并发写入0", "并发写入1"} <= titles
