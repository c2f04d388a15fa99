"""Copies, claim matching, verdicts that travel, and corroboration pairing like with like."""

import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import yaml

from kb.factcheck.claim_index import ClaimView, QuantityView
from kb.factcheck.corroboration import pairs
from kb.factcheck.matching_eval import make_copy
from kb.store.db import open_db
from kb.store.ingest import ingest_paths

KB = [sys.executable, "-m", "kb.cli"]
DATA = Path(__file__).parent / "data"

# Written for these tests: an English article restating some of the seed's figures.
ENGLISH = """Cheap models shake the AI industry

2025-11-15 08:00:00 · example.com · Source: Test Desk

DeepSeek said training the R1 model cost only about $5.6 million.

Nvidia shares slipped again on Monday after a weak forecast.

The company also plans to open an office in Singapore next year.
"""


def q(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def seed_copy(seed_path: Path, tmp_path: Path, n: int, rate: float = 0.05) -> Path:
    text = make_copy(seed_path.read_text(encoding="utf-8"), "zh", rate, random.Random(n), n)
    return write(tmp_path, f"copy{n}.txt", text)


def seed_id(db_path) -> str:
    return q(db_path, "select id from articles where title like '小成本%'")[0][0]


def test_a_republished_copy_is_linked_to_the_original_and_corroborates_nothing(seed_db, seed_path, tmp_path):
    copy = seed_copy(seed_path, tmp_path, 1)
    (result,) = ingest_paths(open_db(seed_db), [copy])
    original = seed_id(seed_db)
    assert result.copy_of == original
    assert q(seed_db, "select original_id from article_copies where id = ?", [result.article_id]) == [(original,)]
    assert q(seed_db, "select count(*) from corroborations")[0][0] == 0
    assert q(seed_db, "select count(*) from claim_matches")[0][0] == 0
    assert q(seed_db, "select count(*) from claim_keys k join claims c on c.id = k.claim_id where c.article_id = ?",
             [result.article_id]) == [(0,)]


def test_distinct_articles_on_the_same_topic_are_not_copies(seed_db):
    results = ingest_paths(open_db(seed_db), [DATA / "deepseek_costs_zh.txt", DATA / "deepseek_costs_en.txt"])
    assert [r.copy_of for r in results] == [None, None]
    assert q(seed_db, "select count(*) from article_copies") == [(0,)]


def test_the_earliest_copy_is_the_original_whatever_the_order(seed_path, tmp_path):
    copies = [seed_copy(seed_path, tmp_path, n) for n in (2, 3)]
    links = []
    for order in ([seed_path, *copies], [*copies, seed_path], [copies[0], seed_path, copies[1]]):
        db_path = tmp_path / f"order{len(links)}.db"
        ingest_paths(open_db(db_path), order)
        links.append(sorted(q(db_path, "select id, original_id from article_copies")))
        assert {original for _, original in links[-1]} == {seed_id(db_path)}
        assert q(db_path, "select count(*) from claim_keys k join claims c on c.id = k.claim_id join article_copies a"
                          " on a.id = c.article_id") == [(0,)]
    assert links[0] == links[1] == links[2] and len(links[0]) == 2


def test_a_traditional_republication_is_a_copy(seed_db):
    (result,) = ingest_paths(open_db(seed_db), [DATA / "seed_traditional.txt"])
    # the same publication time: the tie goes to the lower id, whichever came first
    pair = sorted([result.article_id, seed_id(seed_db)])
    assert q(seed_db, "select id, original_id from article_copies") == [(pair[1], pair[0])]


async def test_claims_match_across_languages_and_show_on_both_pages(seed_db, tmp_path, datasette_for):
    english = write(tmp_path, "english.txt", ENGLISH)
    (result,) = ingest_paths(open_db(seed_db), [english])
    assert result.matched >= 1 and result.copy_of is None
    (mine, theirs, score), = q(seed_db, """select m.claim_id, m.other_claim_id, m.score from claim_matches m
        join claims c on c.id = m.claim_id where m.kind = 'same claim' and c.text like 'DeepSeek said%'""")
    assert "560万美元" in q(seed_db, "select text from claims where id = ?", [theirs])[0][0]
    assert q(seed_db, "select kind from claim_matches where claim_id = ? and other_claim_id = ?", [theirs, mine]) == [("same claim",)]
    unrelated = q(seed_db, "select count(*) from claim_matches m join claims c on c.id = m.claim_id where c.text like '%Singapore%'")
    assert unrelated == [(0,)]
    ds = datasette_for(seed_db)
    for a, b in ((mine, theirs), (theirs, mine)):
        page = (await ds.client.get(f"/claims/claims/{a}")).text
        assert 'id="claim-matches"' in page and f"/claims/claims/{b}" in page and "Same claim" in page


async def test_article_pages_show_the_copy_link_both_ways(seed_db, seed_path, tmp_path, datasette_for):
    (result,) = ingest_paths(open_db(seed_db), [seed_copy(seed_path, tmp_path, 4)])
    ds = datasette_for(seed_db)
    original = seed_id(seed_db)
    page = (await ds.client.get(f"/claims/articles/{result.article_id}")).text
    assert 'id="copy-of"' in page and f"/claims/articles/{original}" in page
    page = (await ds.client.get(f"/claims/articles/{original}")).text
    assert 'id="article-copies"' in page and f"/claims/articles/{result.article_id}" in page
    (claim,) = q(seed_db, "select id from claims where article_id = ? and text like 'OpenAI作为%'", [result.article_id])[0]
    page = (await ds.client.get(f"/claims/claims/{claim}")).text
    assert 'id="copy-of-claim"' in page


async def test_a_checked_claim_travels_and_same_as_applies_its_verdict(seed_db, tmp_path, datasette_for):
    folder = tmp_path / "fc"
    common = ["--db", str(seed_db), "--factchecks", str(folder)]
    (checked,) = q(seed_db, "select id from claims where text like '%DeepSeek宣称训练这款模型%'")[0]
    subprocess.run([*KB, "cite", checked, "--url", "https://example.org/r1-cost", "--stance", "refutes",
                    "--quote", "The figure covers one training run only.", *common], check=True, capture_output=True)
    subprocess.run([*KB, "verdict", checked, "--status", "misleading", "--author", "desk", "--note", "One run, not the bill.",
                    *common], check=True, capture_output=True)
    english = write(tmp_path, "english.txt", ENGLISH)
    ingest_paths(open_db(seed_db), [english])
    (repeat,) = q(seed_db, "select id from claims where text like 'DeepSeek said%'")[0]

    ds = datasette_for(seed_db)
    page = (await ds.client.get(f"/claims/claims/{repeat}")).text
    assert 'id="already-checked"' in page and "Misleading" in page and f"/claims/claims/{checked}" in page
    listed = (await ds.client.get("/claims/repeats_of_checked_claims.json?_shape=array")).json()
    assert [(r["claim_id"], r["checked_claim_id"], r["verdict"]) for r in listed] == [(repeat, checked, "misleading")]
    assert q(seed_db, "select status from claims where id = ?", [repeat]) == [("unverified",)]  # never automatic

    done = subprocess.run([*KB, "verdict", repeat, "--same-as", checked, "--author", "desk2", *common], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert q(seed_db, "select status from claims where id = ?", [repeat]) == [("misleading",)]
    (note, same_as), = q(seed_db, "select note, same_as from verdicts where claim_id = ?", [repeat])
    assert same_as == checked and note.startswith(f"Same claim as {checked} (matched as same claim)")
    assert q(seed_db, "select url, stance from citations where claim_id = ?", [repeat]) == [("https://example.org/r1-cost", "refutes")]
    files = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in folder.glob("*.yml")}
    english_id = q(seed_db, "select article_id from claims where id = ?", [repeat])[0][0]
    (entry,) = files[f"{english_id}.yml"]["claims"]
    assert entry["verdicts"][0]["same_as"] == checked and entry["citations"][0]["stance"] == "refutes"

    # a rebuild from the sources and the fact-check files reproduces it
    from kb.factcheck.files import apply_folder

    rebuilt = tmp_path / "rebuilt.db"
    db = open_db(rebuilt)
    ingest_paths(db, [Path(q(seed_db, "select source_path from articles where id != ?", [english_id])[0][0]), english])
    with db.atomic():
        apply_folder(db, folder)
    assert q(rebuilt, "select c.status, v.same_as from claims c join verdicts v on v.claim_id = c.id where c.id = ?", [repeat]) == [
        ("misleading", checked)]


def test_same_as_refuses_a_claim_without_verdict(seed_db, tmp_path):
    english = write(tmp_path, "english.txt", ENGLISH)
    ingest_paths(open_db(seed_db), [english])
    (repeat,) = q(seed_db, "select id from claims where text like 'DeepSeek said%'")[0]
    (other,) = q(seed_db, "select id from claims where text like '%DeepSeek宣称训练这款模型%'")[0]
    done = subprocess.run([*KB, "verdict", repeat, "--same-as", other, "--author", "x", "--db", str(seed_db),
                           "--factchecks", str(tmp_path / "fc")], capture_output=True, text=True)
    assert done.returncode == 1 and f"claim {other} has no verdict to apply" in done.stderr
    assert q(seed_db, "select count(*) from verdicts") == [(0,)] and not (tmp_path / "fc").exists()


def test_reingest_and_rebuild_keep_match_and_copy_ids(seed_path, tmp_path):
    english = write(tmp_path, "english.txt", ENGLISH)
    sources = [seed_path, seed_copy(seed_path, tmp_path, 5), english, DATA / "deepseek_costs_en.txt"]
    state = []
    for n, order in enumerate((sources, sources, list(reversed(sources)))):
        db_path = tmp_path / ("again.db" if n < 2 else "reversed.db")
        ingest_paths(open_db(db_path), order)
        state.append((q(db_path, "select id, claim_id, other_claim_id, kind, score from claim_matches order by id"),
                      q(db_path, "select id, original_id from article_copies order by id"),
                      q(db_path, "select id, relation from corroborations order by id")))
    assert state[0][0] and state[0][1] and state[0][2]
    assert state[0] == state[1]
    # in reverse order the links and matches are the same too (corroborations keep each figure's best
    # partners as seen from the article ingested later, so they may differ between orders)
    assert state[0][:2] == state[2][:2]


def view(text: str, language: str = "zh") -> ClaimView:
    from kb.extract.quantities import find_quantities

    quantities = [QuantityView(x.text, x.start, x.end, x.value, x.unit, x.qualifier, x.per_unit, f"q{n}")
                  for n, x in enumerate(find_quantities(text, language))]
    return ClaimView(text[:8], "a", text, language, quantities)


def test_identical_sentences_pair_each_figure_with_itself():
    text = "甚至在复杂网页搜索推理任务BrowseComp上,以60.2%对54.9%的得分大幅领先GPT-5。"
    found = [(a.text, b.text) for a, b, _ in pairs(view(text), view(text))]
    assert sorted(found) == [("54.9%", "54.9%"), ("60.2%", "60.2%")]


def test_two_figures_of_one_clause_keep_their_own_roles():
    a = view("在BrowseComp上，K2得分60.2%，GPT-5得分54.9%。")
    b = view("在BrowseComp上，GPT-5得分54.9%。")
    assert [(x.text, y.text) for x, y, _ in pairs(a, b)] == [("54.9%", "54.9%")]
    english_a = view("On BrowseComp, K2 Thinking scored 60.2% against 54.9% for GPT-5.", "en")
    english_b = view("On BrowseComp, GPT-5 scored 54.9% while K2 Thinking scored 60.2%.", "en")
    assert all(x.text == y.text for x, y, _ in pairs(english_a, english_b))


def test_identical_sentences_in_two_articles_never_disagree(seed_db, tmp_path):
    text = ("对比\n\n2025-11-12 09:00:00 · example.org · 来源: 测试编辑部\n\n"
            "K2 Thinking在综合编程挑战“SWE-Bench Verified”上取得了71.3%的通过率,略高于GPT-5的成绩,"
            "甚至在复杂网页搜索推理任务BrowseComp上,以60.2%对54.9%的得分大幅领先GPT-5。\n")
    ingest_paths(open_db(seed_db), [write(tmp_path, "same.txt", text)])
    rows = q(seed_db, """select a.text, b.text, r.relation from corroborations r join quantities a on a.id = r.quantity_id
        join quantities b on b.id = r.other_quantity_id""")
    assert rows and all(relation == "agrees" and x == y for x, y, relation in rows)
