"""Adversarial requests to the published site: hostile SQL, error pages, a rebuild under a running server.

Functional only (what is answered, that the server keeps answering); what each
costs in time is measured by `python -m bench.hostile`, never asserted here.
"""

import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import closing, contextmanager

import pytest
from conftest import free_port

from kb.publish.limits import MAX_RESULT_BYTES, MAX_VALUE_BYTES, printf_fits

KB = [sys.executable, "-m", "kb.cli"]
ROWS_1000 = "(with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000) select x from c)"
PRINTF = ["select printf('%.*c', 1000000000, 'x') as v", "select format('%!.*c', 300000000, 'x') as v",
          "select printf('%.*c%.*c', 3000000, 'x', 3000000, 'y') as v"]
HOSTILE = {
    "select randomblob(300000000)": "too big",
    "select zeroblob(1000000000)": "too big",
    f"select hex(randomblob(1000000)) from {ROWS_1000}": "too large",
    f"select length(group_concat(hex(zeroblob(500000)))) from {ROWS_1000}": "too big",
    "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c": "too long",
}


def get(url: str, timeout: float = 60) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except OSError as exc:
        return -1, repr(exc)


@contextmanager
def kb_serve(db, journal: str = "wal"):
    """`kb serve` (which switches the file to WAL), or, for journal="delete", the same Datasette
    on the file as built (rollback journal), as a `kb serve` that leaves the file alone would run."""
    from kb.publish.serve import serve_args

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [*KB, "serve", "--db", str(db), "--port", str(port)] if journal == "wal" else \
        [sys.executable, "-m", "datasette", *serve_args(db, port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(150):
            if get(base + "/claims.json")[0] == 200:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("kb serve did not start")
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=10)


def ids_of(db) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return [c for (c,) in conn.execute("select id from claims where superseded_at is null order by position")]


@pytest.fixture
def ds(seed_db, datasette_for):
    return datasette_for(seed_db)


@pytest.mark.parametrize("sql", HOSTILE)
async def test_hostile_sql_is_refused_with_an_error(ds, sql):
    response = await ds.client.get("/claims.json?" + urllib.parse.urlencode({"sql": sql}))
    assert response.status_code == 400, response.text[:300]
    assert HOSTILE[sql] in response.json()["error"]


@pytest.mark.parametrize("sql", PRINTF)
async def test_huge_printf_is_null_at_once(ds, sql):
    """SQLite's own printf answers NULL for a result over the length limit, after padding it; ours before."""
    response = await ds.client.get("/claims.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"}))
    assert response.status_code == 200 and response.json() == [{"v": None}]


async def test_ordinary_sql_and_printf_still_work(ds):
    response = await ds.client.get("/claims.json?" + urllib.parse.urlencode(
        {"sql": "select printf('%05.1f|%-4s|%d', 3.14159, 'ab', count(*)) as p from claims", "_shape": "array"}))
    assert response.status_code == 200, response.text
    assert response.json()[0]["p"] == "003.1|ab  |60"


def test_printf_width_check_counts_star_arguments():
    assert printf_fits("%.*c", (MAX_VALUE_BYTES, "x"))
    assert printf_fits("%d%% %s", (1, "x"))
    assert not printf_fits("%d %.*c", (1, MAX_VALUE_BYTES + 1, "x"))
    assert not printf_fits(f"%{MAX_VALUE_BYTES + 1}d", (1,))
    assert MAX_RESULT_BYTES > MAX_VALUE_BYTES


async def test_missing_pages_are_cheap_plain_404s(ds):
    for path in ("/claims/claims/no-such-claim", "/claims/no_such_table", "/nowhere"):
        response = await ds.client.get(path)
        assert response.status_code == 404
        assert "Traceback" not in response.text
    response = await ds.client.get("/claims/claims/no-such-claim.json")
    assert response.status_code == 404 and response.json()["ok"] is False


async def test_missing_permalinks_answer_before_the_row_view_as_datasette_would(ds, seed_db, monkeypatch):
    """kb.publish.errors.missing_rows: the same 404 (HTML and JSON) from a primary-key probe, after the tarpit delay."""
    from kb.publish import errors

    monkeypatch.setattr(errors, "MISSING_ROW_DELAY_S", 0.2)
    [claim_id, *_] = ids_of(seed_db)
    for path in (f"/claims/claims/{claim_id}", f"/claims/claims/{claim_id}.json"):
        start = time.perf_counter()
        assert (await ds.client.get(path)).status_code == 200
        assert time.perf_counter() - start < 0.2  # an existing claim never waits
    for path in ("/claims/claims/no-such-claim", "/claims/articles/no-such-article"):
        start = time.perf_counter()
        response = await ds.client.get(path)
        assert time.perf_counter() - start >= 0.2
        assert response.status_code == 404 and "Record not found" in response.text and "<html" in response.text
    response = await ds.client.get("/claims/claims/no-such-claim.json")
    assert response.status_code == 404 and response.json() == {"ok": False, "error": "Record not found", "status": 404, "title": None}


async def test_bad_sort_is_a_400(ds):
    for query in ("_sort=nope", "_sort_desc=nope", "_sort=text&_sort_desc=text"):
        response = await ds.client.get(f"/claims/claims?{query}")
        assert response.status_code == 400, (query, response.status_code)
        assert "Cannot" in response.text
    first = await ds.client.get("/claims/claims?_sort=%3Cb%3Eone")
    second = await ds.client.get("/claims/claims?_sort=two")
    assert "Cannot sort table by &lt;b&gt;one" in first.text and "<b>one" not in first.text  # escaped in the cached page
    assert "Cannot sort table by two" in second.text and "one" not in second.text.split("Cannot sort")[1][:40]


def test_errors_print_no_rich_traceback(seed_db):
    """A 404 and a refused query leave the server's log free of tracebacks (rendering them was the cost)."""
    with kb_serve(seed_db) as (base, server):
        for _ in range(3):
            assert get(base + "/claims/claims/no-such-claim")[0] == 404
            assert get(base + "/claims.json?sql=" + urllib.parse.quote("select randomblob(300000000)"))[0] == 400
        assert get(base + "/claims/claims/" + ids_of(seed_db)[0])[0] == 200
        server.terminate()
        log = server.communicate(timeout=10)[1].decode("utf-8", "replace")
    assert "Traceback" not in log and "locals" not in log


def test_hostile_clients_do_not_stop_the_site(seed_db):
    """4 clients loop hostile SQL (bounded) while a reader loads claim pages: every claim page answers 200."""
    ids = ids_of(seed_db)
    with kb_serve(seed_db) as (base, _):
        answers: list[int] = []
        urls = [base + "/claims.json?sql=" + urllib.parse.quote(sql) for sql in [*HOSTILE, *PRINTF]]

        def hostile(k):
            for n in range(6):
                answers.append(get(urls[(n + k) % len(urls)])[0])

        threads = [threading.Thread(target=hostile, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        pages = []
        while any(t.is_alive() for t in threads) and len(pages) < 2000:
            pages.append(get(f"{base}/claims/claims/{ids[len(pages) % len(ids)]}")[0])
        for t in threads:
            t.join()
    assert len(answers) == 24 and set(answers) <= {200, 400, 503}, answers
    assert pages and set(pages) == {200}


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_rebuild_under_a_running_server(seed_db, tmp_path, journal):
    """`kb build` into a served file: every read of a claim that exists before and after answers 200, and the
    server shows the new content on its next request (no restart), then a later `kb cite` too."""
    other = tmp_path / "other.txt"
    other.write_text("Budget story\n\nThe council approved a budget of $5.6 million. It grew 3.5%.\n", encoding="utf-8")
    done = subprocess.run([*KB, "ingest", str(other), "--db", str(seed_db)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with closing(sqlite3.connect(seed_db)) as conn:
        seed_ids = [c for (c,) in conn.execute("select c.id from claims c join articles a on a.id = c.article_id "
                                               "where a.source_path not like '%other.txt'")]
        extra = conn.execute("select c.id from claims c join articles a on a.id = c.article_id "
                             "where a.source_path like '%other.txt'").fetchone()[0]
    with kb_serve(seed_db, journal) as (base, _):
        with closing(sqlite3.connect(seed_db)) as conn:
            assert conn.execute("pragma journal_mode").fetchone()[0] == journal
        assert get(f"{base}/claims/claims/{extra}")[0] == 200
        failures, reads = [], [0]
        stop = threading.Event()

        def reader():
            n = 0
            while not stop.is_set() and n < 3000:
                cid = seed_ids[n % len(seed_ids)]
                for path in (f"/claims/claims/{cid}", f"/claims/claims/{cid}.json"):
                    status, body = get(base + path)
                    reads[0] += 1
                    if status != 200:
                        failures.append((path, status, body[:200]))
                n += 1

        thread = threading.Thread(target=reader)
        thread.start()
        try:
            for _ in range(2):
                build = subprocess.run([*KB, "build", "--db", str(seed_db)], capture_output=True, text=True, timeout=300)
                assert build.returncode == 0, build.stderr
        finally:
            stop.set()
            thread.join(timeout=120)
        assert reads[0] > 10 and failures == [], failures[:5]
        if journal == "delete":  # as `kb build` publishes it: one file
            with closing(sqlite3.connect(seed_db)) as conn:
                assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
            assert not (tmp_path / "claims.db-wal").exists()
        assert get(f"{base}/claims/claims/{extra}")[0] == 404  # the built file has only the project's articles
        status, body = get(f"{base}/claims/articles.json?_shape=array")
        assert status == 200 and "other.txt" not in body
        cid = seed_ids[0]
        cite = subprocess.run([*KB, "cite", cid, "--url", "https://example.org/after-build", "--stance", "context",
                               "--db", str(seed_db), "--factchecks", str(tmp_path / "fc")], capture_output=True, text=True, timeout=300)
        assert cite.returncode == 0, cite.stderr
        assert "https://example.org/after-build" in get(f"{base}/claims/claims/{cid}")[1]
        verdict = subprocess.run([*KB, "verdict", cid, "--status", "unverifiable", "--note", "No source gives the figure.",
                                  "--author", "desk", "--db", str(seed_db), "--factchecks", str(tmp_path / "fc")],
                                 capture_output=True, text=True, timeout=300)
        assert verdict.returncode == 0, verdict.stderr
        status, body = get(f"{base}/claims/claims/{cid}.json?_shape=array")
        assert status == 200 and '"status": "unverifiable"' in body.replace('":"', '": "')


def test_article_text_past_the_length_limit_is_still_shown(seed_db):
    """The article page reads the text by blob I/O, which SQLITE_LIMIT_LENGTH does not stop."""
    from kb.publish.pages import article_page

    with closing(sqlite3.connect(seed_db)) as conn:
        aid, text = conn.execute("select id, text from articles").fetchone()
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 1000)
        with pytest.raises(sqlite3.DataError):
            conn.execute("select text from articles").fetchall()
        assert len(text.encode("utf-8")) > 1000 and article_page(conn, aid)["article"]["text"] == text
