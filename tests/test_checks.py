"""Arithmetic checks between an article's numbers, and corroboration across articles."""

import sqlite3
import subprocess
import sys

import pytest
import yaml

from kb.factcheck.checks import CheckSpec, QuantityRef, suggest
from kb.store.db import open_db
from kb.store.ingest import ingest_paths

KB = [sys.executable, "-m", "kb.cli"]

# Written for these tests: restates three of the seed's figures, one of them differently.
SECOND_ARTICLE = """开源模型的成本账

2025-11-12 09:00:00 · example.org · 来源: 测试编辑部

深度求索表示,DeepSeek训练模型的花费约为560万美元。

英伟达市值在一天之内蒸发约17%。

K2 Thinking在SWE-Bench Verified测试中的得分为65.4%。

这家公司还计划明年招聘更多员工。
"""


def q(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def suggestions(db_path):
    db = open_db(db_path)
    (article_id,) = q(db_path, "select id from articles")[0]
    return db, {spec.id: spec for spec in suggest(db, article_id)}


def find(specs, claim_like: str, *texts: str) -> CheckSpec:
    for spec in specs.values():
        names = {ref.text for ref in spec.inputs.values()}
        if set(texts) <= names and claim_like in spec.description + str(spec.target):
            return spec
    raise AssertionError(f"no suggestion reads {texts}")


def test_suggester_finds_the_seed_checks(seed_db):
    db, specs = suggestions(seed_db)
    from kb.factcheck.checks import evaluate

    input_price = find(specs, "十分之一不到", "每百万输入token收费4元", "约9元")
    output_price = find(specs, "十分之一不到", "16元", "约71元")
    conversion = find(specs, "", "约为每百万输入token收1.25美元", "约9元", "10美元", "约71元")
    share = find(specs, "不到3.5%", "320亿参数", "近似万亿参数")
    results = {name: evaluate(db, spec, name)[0] for name, spec in
               [("input", input_price), ("output", output_price), ("conversion", conversion), ("share", share)]}
    assert results["input"]["result"] == "fails" and results["input"]["computed"] == pytest.approx(4 / 9)
    assert results["output"]["result"] == "fails" and results["output"]["computed"] == pytest.approx(16 / 71)
    assert results["conversion"]["result"] == "holds" and results["conversion"]["computed"] == pytest.approx((9 / 1.25) / (71 / 10))
    assert results["share"]["result"] == "holds" and results["share"]["computed"] == pytest.approx(3.2)


def test_accepted_checks_go_to_the_factcheck_file_and_survive_a_rebuild(seed_db, seed_path, tmp_path):
    _, specs = suggestions(seed_db)
    spec = find(specs, "十分之一不到", "每百万输入token收费4元", "约9元")
    folder = tmp_path / "fc"
    done = subprocess.run([*KB, "checks", "accept", spec.id, "--db", str(seed_db), "--factchecks", str(folder)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"{spec.id}: fails" in done.stdout
    assert q(seed_db, "select result, claim_id from checks") == [("fails", spec.claim)]
    assert len(q(seed_db, "select * from check_inputs where check_id = ?", [spec.id])) == 2
    saved = yaml.safe_load(next(folder.glob("*.yml")).read_text(encoding="utf-8"))
    assert saved["checks"][0]["id"] == spec.id

    from kb.factcheck.files import apply

    rebuilt = tmp_path / "rebuilt.db"
    db = open_db(rebuilt)
    ingest_paths(db, [seed_path])
    with db.atomic():
        apply(db, next(folder.glob("*.yml")))
    assert q(rebuilt, "select id, result, computed from checks") == q(seed_db, "select id, result, computed from checks")


def test_unknown_check_id_is_an_error(seed_db, tmp_path):
    done = subprocess.run([*KB, "checks", "accept", "nosuchcheck", "--db", str(seed_db), "--factchecks", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode != 0 and "no suggested check with id nosuchcheck" in done.stderr


def test_a_failed_check_is_evidence_for_a_refuted_verdict(seed_db, tmp_path):
    _, specs = suggestions(seed_db)
    spec = find(specs, "十分之一不到", "16元", "约71元")
    common = ["--db", str(seed_db), "--factchecks", str(tmp_path)]
    verdict = [*KB, "verdict", spec.claim, "--status", "refuted", "--author", "t", "--note", "The prices give 23%."]
    assert subprocess.run([*verdict, *common], capture_output=True, text=True).returncode != 0
    subprocess.run([*KB, "checks", "accept", spec.id, *common], check=True, capture_output=True)
    done = subprocess.run([*verdict, *common], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert q(seed_db, "select status from claims where id = ?", [spec.claim]) == [("refuted",)]


def test_a_check_of_a_missing_quantity_names_it(seed_db):
    from kb import KBError
    from kb.factcheck.checks import evaluate

    db = open_db(seed_db)
    (claim,) = q(seed_db, "select id from claims where text like '%不到3.5%%'")[0]
    spec = CheckSpec(claim=claim, kind="share", description="x", expression="a / b * 100",
                     inputs={"a": QuantityRef(claim, "999亿参数"), "b": QuantityRef(claim, "近似万亿参数")},
                     target=QuantityRef(claim, "不到3.5%"))
    with pytest.raises(KBError, match="no quantity '999亿参数'"):
        evaluate(db, spec, "test")


def test_corroboration_links_agreeing_and_disagreeing_claims(seed_db, tmp_path):
    second = tmp_path / "second.txt"
    second.write_text(SECOND_ARTICLE, encoding="utf-8")
    (result,) = ingest_paths(open_db(seed_db), [second])
    assert result.corroborated == 3
    links = q(seed_db, """select a.text, b.text, r.relation from corroborations r
        join quantities a on a.id = r.quantity_id join quantities b on b.id = r.other_quantity_id
        join claims c on c.id = r.claim_id join articles art on art.id = c.article_id
        where art.title = '开源模型的成本账' order by a.text""")
    assert sorted(links) == sorted([("65.4%", "71.3%", "disagrees"), ("约17%", "约17%", "agrees"), ("约为560万美元", "约560万美元", "agrees")])
    both_ways = q(seed_db, "select count(*) from corroborations")[0][0]
    assert both_ways == 6


def test_same_figures_in_unrelated_sentences_do_not_corroborate(seed_db, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("无关新闻\n\n某地新建的体育馆花费约560万美元。\n\n当地房价上涨约17%。\n", encoding="utf-8")
    (result,) = ingest_paths(open_db(seed_db), [other])
    assert result.corroborated == 0


async def test_failed_checks_and_corroborations_show_on_claim_pages(seed_db, tmp_path, datasette_for):
    _, specs = suggestions(seed_db)
    spec = find(specs, "十分之一不到", "16元", "约71元")
    subprocess.run([*KB, "checks", "accept", spec.id, "--db", str(seed_db), "--factchecks", str(tmp_path / "fc")], check=True,
                   capture_output=True)
    second = tmp_path / "second.txt"
    second.write_text(SECOND_ARTICLE, encoding="utf-8")
    ingest_paths(open_db(seed_db), [second])
    ds = datasette_for(seed_db)

    page = (await ds.client.get(f"/claims/claims/{spec.claim}")).text
    assert 'data-result="fails"' in page and "a / b = 0.2254" in page

    (input_claim,) = q(seed_db, "select claim_id from check_inputs where name = 'a'")[0]
    page = (await ds.client.get(f"/claims/claims/{input_claim}")).text
    assert "Its figures are read by checks of other claims" in page and f"/claims/claims/{spec.claim}" in page

    failed = (await ds.client.get("/claims/failed_checks.json?_shape=array")).json()
    assert [row["claim_id"] for row in failed] == [spec.claim]

    (swe,) = q(seed_db, "select id from claims where text like '%71.3%%'")[0]
    (restated,) = q(seed_db, "select id from claims where text like '%65.4%%'")[0]
    page = (await ds.client.get(f"/claims/claims/{swe}")).text
    assert 'class="corroboration-disagrees"' in page and f"/claims/claims/{restated}" in page
    page = (await ds.client.get(f"/claims/claims/{restated}")).text
    assert "Disagrees" in page and f"/claims/claims/{swe}" in page
