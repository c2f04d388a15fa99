"""Facets kept fast at a million claims (kb/store/facets.py, plugins/facets.py): the counts they show
are the counts a GROUP BY gives, through Datasette's own test client, before and after writes."""

import sqlite3

import pytest

from kb.store import facets
from kb.store.db import open_db
from kb.store.ingest import ingest_paths

EXTRA_ARTICLE = """DeepSeek和Kimi的新一轮较量

2025-11-10 09:00:00 · example.com · 来源: 测试

价格之争

据报道,Kimi K2 Thinking的训练成本约为460万美元。

它在BrowseComp上取得了60.2%的成绩。

The model costs $0.60 per million input tokens.
"""


@pytest.fixture
def ds(seed_db, datasette_for):
    return datasette_for(seed_db)


def group_by(path, table: str, column: str, where: str = "", params=()) -> dict:
    with sqlite3.connect(path) as conn:
        return dict(
            conn.execute(
                f"select [{column}], count(*) from [{table}] {where} {'and' if where else 'where'} [{column}] is not null group by [{column}]",
                params,
            ).fetchall()
        )


async def facet_counts(ds, path: str) -> dict:
    sep = "&" if "?" in path else "?"
    response = await ds.client.get(f"{path}{sep}_size=1&_facet_size=max")
    assert response.status_code == 200, response.text
    return response.json()["facet_results"]


def as_dict(facet: dict) -> dict:
    return {item["value"]: item["count"] for item in facet["results"]}


async def assert_unfiltered_counts_match(ds, path):
    for table, columns in facets.COUNTED.items():
        results = await facet_counts(ds, f"/claims/{table}.json")
        for column in columns:
            assert as_dict(results[column]) == group_by(path, table, column), (table, column)
            assert results[column]["sampled"] is None


async def test_unfiltered_facets_equal_group_by_and_come_from_the_counts_table(ds, seed_db):
    with sqlite3.connect(seed_db) as conn:
        kept = dict(conn.execute("select col, sum(n) from facet_counts where tbl = 'claims' group by col").fetchall())
    assert kept["status"] == kept["article_id"] > 0  # every claim has a status and an article
    await assert_unfiltered_counts_match(ds, seed_db)


async def test_counts_stay_exact_through_ingest_verdicts_and_deletes(ds, seed_db, tmp_path):
    extra = tmp_path / "extra.txt"
    extra.write_text(EXTRA_ARTICLE, encoding="utf-8")
    db = open_db(seed_db)
    ingest_paths(db, [extra])
    with db.atomic():
        ids = [r["id"] for r in db.query("select id from claims order by id limit 3")]
        db.execute("update claims set status = 'refuted' where id = ?", [ids[0]])
        db.execute("update claims set status = 'supported', unit = 'EUR', section = null where id = ?", [ids[1]])
        for table, column in (("quantities", "claim_id"), ("claim_keys", "claim_id"), ("claim_matches", "claim_id"), ("claim_matches", "other_claim_id")):
            db.execute(f"delete from {table} where {column} = ?", [ids[2]])
        db.execute("delete from claims where id = ?", [ids[2]])
    db.close()
    await assert_unfiltered_counts_match(ds, seed_db)
    results = await facet_counts(ds, "/claims/claims.json")
    assert as_dict(results["status"])["refuted"] == 1
    assert as_dict(results["unit"])["EUR"] == 1


async def test_rebuild_and_suspended_bulk_load_give_the_trigger_counts(seed_db):
    db = open_db(seed_db)
    before = sorted(db.execute("select tbl, col, value, n from facet_counts").fetchall())
    facets.rebuild(db)
    assert sorted(db.execute("select tbl, col, value, n from facet_counts").fetchall()) == before
    with facets.suspended(db):
        assert facets.trigger_names(db) == []
        db.execute("update claims set status = 'misleading' where rowid = 1")
    assert facets.trigger_names(db)
    after = dict(db.execute("select value, n from facet_counts where tbl = 'claims' and col = 'status'").fetchall())
    assert after == group_by(seed_db, "claims", "status")


@pytest.mark.parametrize(
    "query, where, params",
    [
        ("_search=专家", "where rowid in (select rowid from claims_fts where claims_fts match ?)", ['"专 家"']),
        ("_search=GPT-5", "where rowid in (select rowid from claims_fts where claims_fts match ?)", ['"GPT-5"']),
        ("unit=USD", "where unit = ?", ["USD"]),
        ("status=unverified&section__notnull=1", "where status = ? and section is not null", ["unverified"]),
    ],
)
async def test_filtered_facets_count_the_matching_rows(ds, seed_db, query, where, params):
    results = await facet_counts(ds, f"/claims/claims.json?{query}")
    assert group_by(seed_db, "claims", "status", where, params), "the filter matches something"
    for column in facets.COUNTED["claims"]:
        assert as_dict(results[column]) == group_by(seed_db, "claims", column, where, params), column
        assert results[column]["sampled"] is None


async def test_a_large_filtered_set_is_counted_in_its_first_rows_and_says_so(ds, seed_db, monkeypatch):
    monkeypatch.setattr(facets, "SAMPLE_ROWS", 10)
    results = await facet_counts(ds, "/claims/claims.json?status=unverified")
    for column in facets.COUNTED["claims"]:
        with sqlite3.connect(seed_db) as conn:
            first = conn.execute(f"select [{column}] from claims where status = 'unverified' order by position limit 10").fetchall()
        expected: dict = {}
        for (value,) in first:
            if value is not None:
                expected[value] = expected.get(value, 0) + 1
        assert as_dict(results[column]) == expected, column
        assert results[column]["sampled"] == 10
    page = await ds.client.get("/claims/claims?status=unverified")
    assert "status (in the first 10 matches)" in page.text


async def test_html_table_page_shows_the_facets_and_hides_the_counts_table(ds, seed_db):
    page = await ds.client.get("/claims/claims")
    assert page.status_code == 200
    for column in facets.COUNTED["claims"]:
        assert f'data-column="{column}"' in page.text
    assert "(counted)" not in page.text
    tables = (await ds.client.get("/claims.json")).json()["tables"]
    assert [t["hidden"] for t in tables if t["name"] == facets.COUNTS_TABLE] == [True]


async def test_a_database_without_the_counts_table_still_gets_exact_facets(tmp_path, seed_db, datasette_for):
    (tmp_path / "old").mkdir()
    old = tmp_path / "old" / "claims.db"  # named claims.db: the metadata is for a database called claims
    with sqlite3.connect(seed_db) as src, sqlite3.connect(old) as dst:
        src.backup(dst)
        dst.execute("drop table facet_counts")
        for (name,) in dst.execute("select name from sqlite_master where type = 'trigger' and name like 'facet_counts%'").fetchall():
            dst.execute(f"drop trigger [{name}]")
    ds = datasette_for(old, immutable=True)
    results = await facet_counts(ds, "/claims/claims.json")
    for column in facets.COUNTED["claims"]:
        assert as_dict(results[column]) == group_by(old, "claims", column)


def test_is_unfiltered_tells_a_table_page_from_a_filtered_one():
    assert facets.is_unfiltered("select id, text from claims ", [], "claims")
    assert facets.is_unfiltered("select id, text from [claims]", {}, "claims")
    assert not facets.is_unfiltered("select id from claims where status = :p0", {"p0": "x"}, "claims")
    assert not facets.is_unfiltered(
        "select id from claims where rowid in (select rowid from claims_fts where claims_fts match escape_fts(:search))",
        {"search": "x"},
        "claims",
    )
    assert not facets.is_unfiltered("select id from claims where unit is not null", [], "claims")


@pytest.mark.parametrize("column", ["status", "unit", "section", "article_id"])
def test_a_facet_value_page_and_its_sample_read_an_index_not_the_table(seed_db, column):
    """Clicking a facet value (`?status=refuted`) must not scan a million claims, however
    common the statistics say the column's values are: the page (ordered by the metadata's
    sort) and the facet sample both walk the (column, position) index."""
    import yaml

    from kb.publish.serve import METADATA

    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["claims"]["tables"]["claims"]
    with sqlite3.connect(seed_db) as conn:
        conn.execute("analyze")
        where = f"select * from claims where [{column}] = 'x'"
        for sql in (f"{where} order by {metadata['sort']} limit 51", facets.sample_sql(["status", "unit"], where, 2001, metadata)):
            plan = " / ".join(row[-1] for row in conn.execute(f"explain query plan {sql}"))
            assert f"USING INDEX ix_claims_{column}_position" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
