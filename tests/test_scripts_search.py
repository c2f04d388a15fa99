"""Simplified and Traditional Chinese are one language for search and corroboration; claims keep their text."""

import sqlite3

import pytest

from kb.factcheck.corroboration import subject_words
from kb.store.db import open_db
from kb.store.ingest import ingest_paths

HANT = "台積電營收\n\n台積電今天公布7月營收約新台幣2569億元，年增45%。\n\n法人預估第3季營收可望再增一成。\n"
HANS = "台积电营收\n\n据报道，台积电7月营收约2569亿元新台币，同比增长45%。\n"


@pytest.fixture
def two_scripts(tmp_path, seed_path):
    (tmp_path / "hant.txt").write_text(HANT, encoding="utf-8")
    (tmp_path / "hans.txt").write_text(HANS, encoding="utf-8")
    db_path = tmp_path / "claims.db"
    ingest_paths(open_db(db_path), [seed_path, tmp_path / "hant.txt", tmp_path / "hans.txt"])
    return db_path


async def found(datasette_for, db_path, query):
    response = await datasette_for(db_path).client.get(
        "/claims/claims.json", params={"_search": query, "_shape": "array", "_size": "max"})
    assert response.status_code == 200, response.text
    return sorted(row["text"] for row in response.json())


@pytest.mark.parametrize("query", ["台积电", "台積電"])
async def test_either_script_finds_both(two_scripts, datasette_for, query):
    texts = await found(datasette_for, two_scripts, query)
    assert any("台積電今天" in t for t in texts) and any("台积电7月" in t for t in texts)


@pytest.mark.parametrize("query, expected", [("约", "約新台幣"), ("約", "约2569亿元"), ("約", "约1亿美元")])
async def test_single_characters_match_across_scripts(two_scripts, datasette_for, query, expected):
    assert any(expected in t for t in await found(datasette_for, two_scripts, query))


async def test_a_phrase_in_neither_script_finds_nothing(two_scripts, datasette_for):
    assert await found(datasette_for, two_scripts, "台積電今年") == []


def test_claims_keep_their_published_script(two_scripts):
    with sqlite3.connect(two_scripts) as conn:
        texts = [t for (t,) in conn.execute("select text from claims")]
        languages = dict(conn.execute("select title, language from articles"))
    assert "台積電今天公布7月營收約新台幣2569億元，年增45%。" in texts
    assert languages["台積電營收"] == "zh-Hant" and languages["台积电营收"] == "zh-Hans"


def test_corroboration_sees_one_subject_in_both_scripts(two_scripts):
    assert subject_words("台積電營收") == subject_words("台积电营收")
    with sqlite3.connect(two_scripts) as conn:
        pairs = conn.execute(
            """select a.text, b.text from corroborations r join claims a on a.id = r.claim_id
            join claims b on b.id = r.other_claim_id""").fetchall()
    assert any("台積電" in a and "台积电" in b for a, b in pairs)


def test_a_database_from_before_folding_is_folded_once(two_scripts):
    with sqlite3.connect(two_scripts) as conn:
        # as an earlier version wrote it: Traditional characters in the index, user_version 0
        conn.execute("update claims set search_text = '台 積 電 今 天' where text like '台積電今天%'")
        conn.execute("PRAGMA user_version = 0")
    open_db(two_scripts).close()
    with sqlite3.connect(two_scripts) as conn:
        assert conn.execute("select search_text from claims where text like '台積電今天%'").fetchone() == ("台 积 电 今 天",)
        assert conn.execute("select count(*) from claims_fts where claims_fts match '\"台 积 电 今 天\"'").fetchone() == (1,)
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)


def test_an_old_database_gains_the_new_article_columns(tmp_path, seed_path):
    path = tmp_path / "old.db"
    ingest_paths(open_db(path), [seed_path])
    with sqlite3.connect(path) as conn:
        for column in ("author", "canonical_url", "fetched_at"):
            conn.execute(f"alter table articles drop column {column}")
    db = open_db(path)
    assert {"author", "canonical_url", "fetched_at"} <= set(db["articles"].columns_dict)
    assert db.execute("select count(*) from claims").fetchone() == (60,)


def test_match_finds_a_claim_in_the_other_script(two_scripts):
    from kb.factcheck.evidence import find_claim

    db = open_db(two_scripts)
    assert find_claim(db, match="法人预估")["text"].startswith("法人預估")
    assert find_claim(db, match="據報道，台積電")["text"].startswith("据报道")
