"""Matching and copies as articles are stored: language tags as articles carry them, bounded posting lists."""

import sqlite3

from kb.extract.quantities import find_quantities
from kb.factcheck import claim_index
from kb.factcheck.claim_index import ClaimView, QuantityView
from kb.factcheck.copies import Signature, shingles
from kb.factcheck.matching import SAME_CLAIM, compare
from kb.store.db import open_db
from kb.store.ingest import ingest_paths

# Written for these tests.
ZH = "芯片公司去年的营收增长了33%，其中数据中心业务贡献最大，管理层预计今年仍将保持两位数的增长。"
ZH_HANT = "晶片公司去年的營收增長了33%，其中數據中心業務貢獻最大，管理層預計今年仍將保持兩位數的增長。"


def view(text: str, language: str) -> ClaimView:
    quantities = [QuantityView(x.text, x.start, x.end, x.value, x.unit, x.qualifier, x.per_unit, f"q{n}")
                  for n, x in enumerate(find_quantities(text, language.split("-")[0]))]
    return ClaimView(text[:6], text[:6], text, language, quantities)


def test_chinese_articles_are_shingled_by_character_whatever_their_script_tag():
    # articles carry zh-Hans / zh-Hant; both must get the Chinese shingles (character 5-grams)
    assert shingles(ZH, "zh-Hans") == shingles(ZH, "zh")
    assert shingles(ZH_HANT, "zh-Hant") == shingles(ZH_HANT, "zh")
    assert all(len(s) == 5 for s in shingles(ZH, "zh-Hans"))
    edited = ZH.replace("管理层", "公司高层")
    assert Signature.of(edited, "zh-Hans").similarity(Signature.of(ZH, "zh-Hans")) >= 0.6


def test_simplified_and_traditional_claims_are_one_language_to_matching():
    match = compare(view(ZH, "zh-Hans"), view(ZH_HANT, "zh-Hant"))
    assert match is not None and match.kind == SAME_CLAIM


def article(n: int, unique: list[str]) -> str:
    body = "\n\n".join([*unique, "Nvidia shares fell 3.5% on Monday after a weak forecast from chip suppliers."])
    return f"Market note {n}\n\n2025-11-1{n} 08:00:00 · example.com · Source: Test Desk\n\n{body}\n"


TOPICS = [
    ["The city opened a new tram line with twelve stations.", "Rainfall in the region was the highest in a decade."],
    ["A museum in the old port displays shipwreck timber.", "The football club signed a young goalkeeper from Porto."],
    ["Farmers expect a late harvest of apples and pears.", "The orchestra will tour five countries in spring."],
    ["A bakery chain plans to close forty small shops.", "Engineers repaired the bridge over the eastern canal."],
]


def test_a_full_posting_list_takes_no_more_claims_and_later_claims_still_match(tmp_path, monkeypatch):
    monkeypatch.setattr(claim_index, "POSTING_LIMIT", 2)
    paths = []
    for n, unique in enumerate(TOPICS, start=1):
        path = tmp_path / f"a{n}.txt"
        path.write_text(article(n, unique), encoding="utf-8")
        paths.append(path)
    db_path = tmp_path / "capped.db"
    db = open_db(db_path)
    results = [ingest_paths(db, [path])[0] for path in paths]
    assert not any(r.copy_of for r in results)
    with sqlite3.connect(db_path) as conn:
        holders = conn.execute(
            "select distinct c.article_id from claim_keys k join claims c on c.id = k.claim_id where k.key = 'n:nvidia'").fetchall()
        # the two earliest articles hold the shared key; the later ones were not added to its full list
        assert sorted(a for (a,) in holders) == sorted([results[0].article_id, results[1].article_id])
        # a later article's own words are indexed all the same
        rare = conn.execute("select count(*) from claim_keys k join claims c on c.id = k.claim_id"
                            " where c.article_id = ? and k.key = 'w:bakery'", [results[3].article_id]).fetchone()[0]
        assert rare == 1
        # and its repeat of the shared sentence still finds the earliest statements of it
        matched = conn.execute(
            "select distinct o.article_id from claim_matches m join claims c on c.id = m.claim_id join claims o on o.id = m.other_claim_id"
            " where c.article_id = ? and m.kind = ?", [results[3].article_id, SAME_CLAIM]).fetchall()
        assert {results[0].article_id, results[1].article_id} <= {a for (a,) in matched}
