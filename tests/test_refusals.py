"""Bad input is refused with a message naming the file, and nothing of it is written."""

import re
import sqlite3
import subprocess
from contextlib import closing
import sys
from pathlib import Path

import pytest

from kb import KBError
from kb.store.ingest import prepare

KB = [sys.executable, "-m", "kb.cli"]

NAV_PAGE = """<!DOCTYPE html><html><head><title>首页</title>
<script>var a = 1; function track() { return "统计代码。"; }</script>
<style>body { font-size: 12px; }</style></head>
<body><nav><ul><li><a href="/">首页</a></li><li><a href="/news">新闻</a></li><li><a href="/tech">科技</a></li></ul></nav>
<div class="menu"><a href="/login">登录</a> | <a href="/register">注册</a></div>
<script src="/app.js"></script><footer><a href="/about">关于我们</a></footer></body></html>
"""

BAD = {
    "empty.txt": b"",
    "whitespace.txt": b"  \n\t\n\r\n   \n",
    "bom_only.txt": "\ufeff\n".encode("utf-8"),
    "no_sentence.txt": "标题\n\n。。。！！！\n\n——\n".encode("utf-8"),
    "title_only.txt": "只有一个标题\n".encode("utf-8"),
    "navigation.html": NAV_PAGE.encode("utf-8"),
    "unclosed_front_matter.txt": "---\ntitle: x\n\n正文增长了百分之五。\n".encode("utf-8"),
    "bad_language.txt": "Заголовок\n\nБюджет города вырос на 5% в этом году.\n".encode("utf-8"),
}


def ingest(*args):
    return subprocess.run([*KB, "ingest", *map(str, args)], capture_output=True, text=True, timeout=300)


def dump(db: Path) -> dict:
    with closing(sqlite3.connect(db)) as conn:
        tables = [t for (t,) in conn.execute("select name from sqlite_master where type = 'table' and name not like '%_fts%'")]
        return {t: sorted(conn.execute(f"select * from [{t}]").fetchall(), key=repr) for t in tables}


@pytest.mark.parametrize("name", BAD)
def test_bad_file_is_refused_with_an_error_naming_it(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BAD[name])
    with pytest.raises(KBError, match=re.escape(f"{path}: ")):
        prepare(path)


def test_bad_files_through_the_cli_write_nothing(tmp_path, seed_db):
    paths = []
    for name, data in BAD.items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    before = dump(seed_db)
    done = ingest(*paths, "--db", seed_db)
    assert done.returncode == 1
    assert f"{len(BAD)} of {len(BAD)} file(s) failed" in done.stderr
    for path in paths:
        assert f"error: {path}: " in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert dump(seed_db) == before


@pytest.mark.parametrize("name", ["empty.txt", "navigation.html"])
def test_bad_file_alone_creates_no_database(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BAD[name])
    done = ingest(path, "--db", tmp_path / "new.db")
    assert done.returncode == 1 and name in done.stderr
    assert not (tmp_path / "new.db").exists()


def test_folder_mixing_good_and_bad_files(tmp_path, seed_path):
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "a_good.txt").write_bytes(seed_path.read_bytes())
    (folder / "sub" / "b_good_gbk.txt").write_bytes("预算新闻\n\n市政府今年的预算增加了百分之五，达到三亿元。\n".encode("gbk"))
    (folder / "c_good.txt").write_text("Budget\n\nThe council approved a budget of $5.6 million.\n", encoding="utf-8")
    for name in ("empty.txt", "navigation.html", "no_sentence.txt"):
        (folder / name).write_bytes(BAD[name])
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "notes.csv").write_text("not,an,article\n", encoding="utf-8")  # not an article suffix: skipped
    db = tmp_path / "x.db"
    done = ingest(folder, "--db", db)
    assert done.returncode == 1
    assert "4 of 7 file(s) failed" in done.stderr
    for name in ("empty.txt", "navigation.html", "no_sentence.txt", "binary.txt"):
        assert f"{folder / name}:" in done.stderr
    assert "notes.csv" not in done.stderr + done.stdout
    assert done.stdout.count(" added, ") == 3
    with sqlite3.connect(db) as conn:
        sources = {Path(p).name for (p,) in conn.execute("select source_path from articles")}
        assert sources == {"a_good.txt", "b_good_gbk.txt", "c_good.txt"}
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("pragma foreign_key_check").fetchall() == []


def test_missing_and_unreadable_paths_are_listed(tmp_path, seed_path):
    db = tmp_path / "x.db"
    done = ingest(seed_path, tmp_path / "missing.txt", "--db", db)
    assert done.returncode == 1 and "missing.txt: no such file" in done.stderr
    assert "1 of 2 file(s) failed" in done.stderr


def test_same_article_twice_or_renamed_changes_nothing(tmp_path, seed_db, seed_path):
    before = dump(seed_db)
    renamed = tmp_path / "renamed copy.txt"
    renamed.write_bytes(seed_path.read_bytes())
    for path in (seed_path, renamed):
        done = ingest(path, "--db", seed_db)
        assert done.returncode == 0, done.stderr
        assert " 0 added, " in done.stdout and " 0 superseded" in done.stdout
        assert dump(seed_db) == before


def test_two_articles_with_identical_sentences_keep_separate_claims(tmp_path):
    shared = "The council approved a budget of $5.6 million. It grew 3.5%."
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(f"First story\n\n{shared}\n", encoding="utf-8")
    second.write_text(f"Second story\n\n{shared}\n", encoding="utf-8")
    db = tmp_path / "x.db"
    assert ingest(first, second, "--db", db).returncode == 0
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select article_id, id from claims where text = 'It grew 3.5%.'").fetchall()
        assert len(rows) == 2 and len({a for a, _ in rows}) == 2 and len({c for _, c in rows}) == 2
        assert conn.execute("select count(*) from quantities q join claims c on c.id = q.claim_id "
                            "where c.text = 'It grew 3.5%.'").fetchone()[0] == 2
