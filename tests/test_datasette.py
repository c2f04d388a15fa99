"""The published knowledge base, through Datasette's own test client (no mocks)."""

import sqlite3

import pytest


@pytest.fixture
def ds(seed_db, datasette_for):
    return datasette_for(seed_db)


def a_claim(path, like: str) -> tuple[str, str]:
    with sqlite3.connect(path) as conn:
        return conn.execute("select id, text from claims where text like ?", [like]).fetchone()


async def test_claim_page_and_json(ds, seed_db):
    cid, text = a_claim(seed_db, "%71.3%%")
    page = await ds.client.get(f"/claims/claims/{cid}")
    assert page.status_code == 200
    assert text in page.text
    data = await ds.client.get(f"/claims/claims/{cid}.json?_shape=array")
    assert data.status_code == 200
    assert data.json()[0]["text"] == text


async def test_claims_table_has_facets_from_metadata(ds):
    response = await ds.client.get("/claims/claims.json?_size=1")
    assert response.status_code == 200
    facets = set(response.json()["facet_results"])
    assert {"status", "unit", "section", "article_id"} <= facets


async def test_metadata_describes_every_table_and_column(ds, seed_db):
    with sqlite3.connect(seed_db) as conn:
        from sqlmodel import SQLModel

        for table in [t.name for t in SQLModel.metadata.sorted_tables]:
            columns = [row[1] for row in conn.execute(f"pragma table_info({table})")]
            meta = ds.table_metadata("claims", table)
            assert meta.get("description"), table
            assert set(columns) <= set(meta["columns"]), (table, set(columns) - set(meta["columns"]))
