import sqlite3
from pathlib import Path

import pytest

from kb.extract.article import read_article
from kb.store.db import open_db
from kb.store.ingest import ingest_paths

HEADLINE_ROWS = ["吴亦凡惊传在狱中死亡", "内蒙古禁飞区惊现蝴蝶状不明飞行物", "萧美琴欧议会演讲"]


def rows(path: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def test_every_body_sentence_is_a_claim_in_order(seed_db, seed_path):
    article = read_article(seed_path)
    body = "".join(block.text for block in article.blocks)
    claims = rows(seed_db, "select text, start, end, position from claims order by position")
    assert "".join(text for text, *_ in claims).replace(" ", "") == body.replace(" ", "")
    assert [p for *_, p in claims] == list(range(1, len(claims) + 1))
    text = rows(seed_db, "select text from articles")[0][0]
    for claim, start, end, _ in claims:
        assert text[start:end] == claim


def test_headline_list_and_headings_are_not_claims(seed_db):
    texts = [t for (t,) in rows(seed_db, "select text from claims")]
    for row in HEADLINE_ROWS + ["技术路径的胜利", "24小时新闻排行榜更多>>"]:
        assert not any(row in t for t in texts)


def test_decimal_stays_in_its_sentence(seed_db):
    (text,) = rows(seed_db, "select text from claims where text like '%1.4万亿美元的基础设施%'")[0]
    assert text == "OpenAI作为这一思路的旗手,不仅将模型训练秘而不宣,更与合作伙伴绘制了高达1.4万亿美元的基础设施蓝图。"


def test_claims_record_their_section(seed_db):
    (section,) = rows(seed_db, "select section from claims where text like '%384个%'")[0]
    assert section == "技术路径的胜利 / 巧用架构胜过砸钱堆料"


def test_schema_contract(seed_db):
    expected = {
        "articles": {"id", "title", "url", "site", "origin", "published_at", "author", "language", "canonical_url",
                     "fetched_at", "text", "ingested_at"},
        "claims": {"id", "article_id", "position", "section", "text", "value", "unit", "status"},
        "quantities": {"id", "claim_id", "text", "value", "unit", "qualifier", "start", "end"},
        "citations": {"id", "claim_id", "url", "title", "publisher", "published_at", "quote", "stance", "added_at"},
        "verdicts": {"id", "claim_id", "status", "note", "author", "created_at"},
    }
    for table, columns in expected.items():
        have = {name for _, name, *_ in rows(seed_db, f"pragma table_info({table})")}
        assert columns <= have, table
    for table in ("claims", "quantities", "citations", "verdicts"):
        assert rows(seed_db, f"pragma foreign_key_list({table})"), table
    indexed = {
        (table, col)
        for table in ("claims", "quantities", "citations", "verdicts")
        for (_, name, *_) in rows(seed_db, f"pragma index_list({table})")
        for (_, _, col) in rows(seed_db, f"pragma index_info({name})")
    }
    for needed in [("claims", "article_id"), ("claims", "status"), ("claims", "unit"), ("quantities", "claim_id"),
                   ("citations", "claim_id"), ("verdicts", "claim_id")]:
        assert needed in indexed
    assert {s for (s,) in rows(seed_db, "select distinct status from claims")} == {"unverified"}


def claim_ids(path: Path) -> dict[str, str]:
    return {text + f"#{pos}": cid for cid, text, pos in rows(path, "select id, text, position from claims")}


def test_ids_are_short_url_safe_and_stable_across_builds(tmp_path, seed_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    ingest_paths(open_db(first), [seed_path])
    ingest_paths(open_db(second), [seed_path])
    assert claim_ids(first) == claim_ids(second)
    for cid in claim_ids(first).values():
        assert len(cid) <= 16 and cid.isalnum() and cid.islower()


def test_ids_survive_reordering_and_edits_elsewhere(tmp_path, seed_path):
    other = tmp_path / "other.txt"
    other.write_text("Another story\n\nThe council approved a budget of $5.6 million. It grew 3.5%.\n", encoding="utf-8")
    edited = tmp_path / "edited.txt"
    edited.write_text(
        seed_path.read_text(encoding="utf-8").replace("事实证明,这并非夸夸其谈。", "事实证明,这并非空谈。"),
        encoding="utf-8",
    )
    one, two, three = tmp_path / "1.db", tmp_path / "2.db", tmp_path / "3.db"
    ingest_paths(open_db(one), [seed_path, other])
    ingest_paths(open_db(two), [other, seed_path])
    assert claim_ids(one) == claim_ids(two)
    ingest_paths(open_db(three), [edited])
    before, after = claim_ids(one), claim_ids(three)
    kept = {k: v for k, v in before.items() if "夸夸其谈" not in k and "council" not in k and "grew" not in k}
    assert all(after[k] == v for k, v in kept.items())


def test_identical_sentences_get_distinct_ids(tmp_path):
    path = tmp_path / "repeat.txt"
    path.write_text("Repeat\n\nPrices rose 3%. Prices rose 3%. Then they fell.\n", encoding="utf-8")
    db_path = tmp_path / "r.db"
    ingest_paths(open_db(db_path), [path])
    ids = [cid for (cid,) in rows(db_path, "select id from claims where text = 'Prices rose 3%.'")]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_same_article_twice_adds_nothing(seed_db, seed_path):
    before = rows(seed_db, "select * from claims order by id")
    (result,) = ingest_paths(open_db(seed_db), [seed_path])
    assert (result.added, result.superseded) == (0, 0) and result.unchanged == len(before)
    assert rows(seed_db, "select * from claims order by id") == before
    assert rows(seed_db, "select count(*) from articles") == [(1,)]


def test_reingest_of_edited_article_supersedes_never_deletes(seed_db, seed_path, tmp_path):
    edited = tmp_path / "000_b9019d560c415411.txt"
    edited.write_text(
        seed_path.read_text(encoding="utf-8").replace("事实证明,这并非夸夸其谈。", "事实证明,这并非空谈。"),
        encoding="utf-8",
    )
    count = rows(seed_db, "select count(*) from claims")[0][0]
    (result,) = ingest_paths(open_db(seed_db), [edited])
    assert (result.added, result.superseded, result.unchanged) == (1, 1, count - 1)
    assert rows(seed_db, "select count(*) from claims")[0][0] == count + 1
    (old,) = rows(seed_db, "select superseded_at from claims where text = '事实证明,这并非夸夸其谈。'")
    assert old[0] is not None


def test_ingest_writes_nothing_when_a_file_is_bad(tmp_path, seed_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("   \n", encoding="utf-8")
    db_path = tmp_path / "x.db"
    db = open_db(db_path)
    with pytest.raises(Exception, match="bad.txt"):
        ingest_paths(db, [seed_path, bad])
    assert rows(db_path, "select count(*) from claims") == [(0,)]


def test_reingest_drops_quantities_no_longer_found_unless_a_check_reads_them(seed_db, seed_path):
    """A re-ingest (or a changed extractor) removes stale quantities of current claims; a check keeps its inputs."""
    (claim_id,) = rows(seed_db, "select id from claims order by position limit 1")[0]
    with sqlite3.connect(seed_db) as conn:
        for n in (98, 99):
            conn.execute(
                "insert into quantities (id, claim_id, text, value, qualifier, start, end) values (?, ?, '1', 1, 'exact', 0, 1)",
                [f"{claim_id}-q{n}", claim_id],
            )
        conn.execute(
            """insert into checks (id, claim_id, kind, description, expression, op, expected, tolerance, result, detail, added_at)
            values ('chk', ?, 'ratio', '', 'a', '=', 1, 0, 'holds', '', '')""",
            [claim_id],
        )
        conn.execute("insert into check_inputs values ('in', 'chk', 'a', ?, ?, 1)", [f"{claim_id}-q99", claim_id])
    ingest_paths(open_db(seed_db), [seed_path])
    left = {qid for (qid,) in rows(seed_db, "select id from quantities where claim_id = ?", [claim_id])}
    assert f"{claim_id}-q99" in left and f"{claim_id}-q98" not in left
