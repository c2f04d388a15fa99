"""`kb serve` keeps answering while `kb ingest` and `kb cite` write to the same database."""

import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import closing

from bigtext import write_big_article
from conftest import free_port

KB = [sys.executable, "-m", "kb.cli"]
MAX_ROUNDS = 400
MAX_SECONDS = 120

OTHER = """开源模型的成本账

2025-11-12 09:00:00 · example.org · 来源: 测试编辑部

深度求索表示,DeepSeek训练模型的花费约为560万美元。

英伟达市值在一天之内蒸发约17%。
"""


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except OSError as exc:
        return -1, repr(exc)


def kb(*args) -> subprocess.CompletedProcess:
    done = subprocess.run([*KB, *map(str, args)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def test_readers_get_no_error_and_no_write_is_lost(seed_db, tmp_path):
    with closing(sqlite3.connect(seed_db)) as conn:
        claim_ids = [c for (c,) in conn.execute("select id from claims order by position")]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*KB, "serve", "--db", str(seed_db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    failures: list[tuple[str, int, str]] = []
    served = [0]
    stop = threading.Event()

    def reader():
        deadline = time.monotonic() + MAX_SECONDS
        for n in range(MAX_ROUNDS):
            if stop.is_set() or time.monotonic() > deadline:
                return
            cid = claim_ids[n % len(claim_ids)]
            for path in (f"/claims/claims?_search={urllib.parse.quote(['成本', '美元', 'GPT-5'][n % 3])}",
                         f"/claims/claims/{cid}", f"/claims/claims/{cid}.json"):
                status, body = get(base + path)
                served[0] += 1
                if status != 200:
                    failures.append((path, status, body[:300]))

    try:
        for _ in range(150):
            if get(base + "/claims.json")[0] == 200:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("kb serve did not start")
        with closing(sqlite3.connect(seed_db)) as conn:  # kb serve switched the file to write-ahead logging
            assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
        thread = threading.Thread(target=reader)
        thread.start()
        try:
            other = tmp_path / "other.txt"
            other.write_text(OTHER, encoding="utf-8")
            big = write_big_article(tmp_path / "big.txt", 300_000, seed=3)
            english = tmp_path / "english.txt"
            english.write_text("Budget story\n\nThe council approved a budget of $5.6 million. It grew 3.5%.\n", encoding="utf-8")
            factchecks = tmp_path / "factchecks"
            kb("ingest", other, "--db", seed_db)
            for n, cid in enumerate(claim_ids[:5]):
                kb("cite", cid, "--url", f"https://example.org/c/{n}", "--stance", "context", "--quote", f"Quote {n}.",
                   "--db", seed_db, "--factchecks", factchecks)
            kb("ingest", big, english, "--db", seed_db)
            rows = tmp_path / "cites.csv"
            rows.write_text("claim,url,stance\n" + "".join(f"{cid},https://example.org/f/{cid},context\n" for cid in claim_ids[5:40]),
                            encoding="utf-8")
            kb("cite", "--file", rows, "--db", seed_db, "--factchecks", factchecks)
            kb("cite", "--match", "71.3%的通过率", "--url", "https://example.org/match", "--stance", "context",
               "--db", seed_db, "--factchecks", factchecks)
        finally:
            stop.set()
            thread.join(timeout=MAX_SECONDS + 60)
        status, body = get(base + "/claims/citations.json?_shape=array&_size=max")
        assert status == 200 and body.count('"url"') == 41  # the server sees every write
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert served[0] >= 3
    assert failures == [], failures[:5]
    with closing(sqlite3.connect(seed_db)) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 4
        assert conn.execute("select count(*) from citations").fetchone()[0] == 41
        expected = big.read_text(encoding="utf-8").count("。")
        assert conn.execute("select count(*) from claims c join articles a on a.id = c.article_id "
                            "where a.source_path like '%big.txt'").fetchone()[0] == expected
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("pragma foreign_key_check").fetchall() == []
