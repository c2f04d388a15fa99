"""The published pages: claim, article, home, canned queries, facets, safety. Through Datasette's test client."""

import json
import re
import sqlite3

import pytest
from markupsafe import Markup
from publication import add_deepseek_review, add_negative_article, claim_id

from kb.publish import pages
from kb.publish.serve import SETTINGS, serve_args


@pytest.fixture
def reviewed_db(seed_db, tmp_path):
    add_negative_article(seed_db, tmp_path)
    add_deepseek_review(seed_db)
    return seed_db


@pytest.fixture
def ds(reviewed_db, datasette_for):
    return datasette_for(reviewed_db)


def claim_row(path, cid) -> dict:
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("select * from claims where id = ?", [cid]).fetchone())


def json_ld_blocks(html: str) -> list:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def template_used(html: str) -> str:
    considered = re.search(r"<!-- Templates considered: (.*?) -->", html).group(1)
    return next(name[1:] for name in considered.split(", ") if name.startswith("*"))


# --- the claim page ---------------------------------------------------------


async def test_claim_page_shows_claim_quantities_article_and_neighbours(ds, reviewed_db):
    cid = claim_id(reviewed_db, "%约560万美元%")
    claim = claim_row(reviewed_db, cid)
    response = await ds.client.get(f"/claims/claims/{cid}")
    assert response.status_code == 200
    html = response.text
    assert template_used(html) == "row-claims-claims.html"
    assert '<mark class="quantity" title="约560万 USD">约560万美元</mark>' in html
    assert '<td class="normalized">约560万 USD</td>' in html
    assert '<span class="badge status-refuted" id="status">Refuted</span>' in html
    assert "小成本DeepSeek和Kimi,令奥特曼破防" in html
    assert "chineseheadlinenews.com" in html and "2025-11-09" in html
    assert claim["section"] and claim["section"] in html
    with sqlite3.connect(reviewed_db) as conn:
        before, after = (
            conn.execute(f"select id from claims where article_id = ? and position {op} ? order by position {order} limit 1", [claim["article_id"], claim["position"]]).fetchone()[0]
            for op, order in (("<", "desc"), (">", "asc"))
        )
    assert f'<a href="/claims/claims/{before}" rel="prev">' in html
    assert f'<a href="/claims/claims/{after}" rel="next">' in html
    assert f'<a href="http://localhost/claims/claims/{cid}" id="permalink" rel="bookmark">' in html
    assert f'<a href="/claims/articles/{claim["article_id"]}" id="article-link">' in html


async def test_claim_page_citations_verdicts_and_claim_review(ds, reviewed_db):
    cid = claim_id(reviewed_db, "%约560万美元%")
    html = (await ds.client.get(f"/claims/claims/{cid}")).text
    assert '<span class="badge stance-refutes">Refutes</span>' in html
    assert "DeepSeek said its R1 model cost $294,000 to train." in html
    assert 'href="https://www.reuters.com/technology/deepseek-cost-2025-09-18/"' in html
    assert "Unverified</span> → <span class=\"badge status-refuted\">Refuted</span>" in html
    assert "claimkb desk" in html and "2026-01-02T10:00:00+00:00" in html
    # a javascript: url is shown, never linked
    assert 'href="javascript:' not in html
    # a quote containing </script> is text, and does not end the JSON-LD script early
    assert "&lt;/script&gt;&lt;b&gt;not bold&lt;/b&gt;" in html
    blocks = json_ld_blocks(html)
    assert len(blocks) == 1
    review = blocks[0]
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim_row(reviewed_db, cid)["text"]
    assert review["url"] == f"http://localhost/claims/claims/{cid}"
    assert review["datePublished"] == "2026-01-02"
    # the publishing organization (metadata.yml), not the person; the person is the contributor
    assert review["author"] == {"@type": "Organization", "name": "claimkb", "url": "http://localhost/"}
    assert review["contributor"] == {"@type": "Person", "name": "claimkb desk"}
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["datePublished"] == "2025-11-09"
    assert "appearance" not in item  # the seed article has no url of its own: never this site's page
    rating = review["reviewRating"]
    assert rating == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 4,
        "worstRating": 1,
        "alternateName": "Refuted",
        "ratingExplanation": "The $5.6M is V3's final training run, not R1's cost.",
    }
    assert "1 = Refuted, 2 = Misleading, 3 = Partly supported, 4 = Supported; Unverifiable has no number" in html


async def test_unchecked_claim_has_no_claim_review(ds, reviewed_db):
    cid = claim_id(reviewed_db, "%71.3%")
    html = (await ds.client.get(f"/claims/claims/{cid}")).text
    assert json_ld_blocks(html) == []
    assert "Not yet checked: no verdict." in html and "No citation yet." in html
    assert '<span class="badge status-unverified" id="status">Unverified</span>' in html


async def test_first_claim_and_superseded_claim(ds, reviewed_db):
    with sqlite3.connect(reviewed_db) as conn:
        first = conn.execute("select id from claims where position = 1 and text like '2025%'").fetchone()[0]
        conn.execute("update claims set superseded_at = '2026-02-01T00:00:00+00:00' where id = ?", [first])
    html = (await ds.client.get(f"/claims/claims/{first}")).text
    assert "First claim of the article." in html
    assert 'id="superseded"' in html and "2026-02-01T00:00:00+00:00" in html


async def test_claim_json(ds, reviewed_db):
    cid = claim_id(reviewed_db, "%约560万美元%")
    response = await ds.client.get(f"/claims/claims/{cid}.json?_shape=array")
    assert response.status_code == 200
    [row] = response.json()
    assert row["id"] == cid and row["status"] == "refuted" and "约560万美元" in row["text"]
    related = (await ds.client.get(f"/claims/claims/{cid}.json?_extras=foreign_key_tables")).json()
    counts = {t["other_table"]: t["count"] for t in related["foreign_key_tables"]}
    assert counts["citations"] == 3 and counts["verdicts"] == 1 and counts["quantities"] == 1


async def test_missing_claim_is_404(ds):
    assert (await ds.client.get("/claims/claims/nosuchclaim")).status_code == 404


# --- the article page and home page --------------------------------------------


async def test_article_page_lists_claims_in_order(ds, reviewed_db):
    with sqlite3.connect(reviewed_db) as conn:
        aid = conn.execute("select id from articles where title like '小成本%'").fetchone()[0]
        ordered = [cid for (cid,) in conn.execute("select id from claims where article_id = ? order by position", [aid])]
    response = await ds.client.get(f"/claims/articles/{aid}")
    assert response.status_code == 200
    html = response.text
    assert template_used(html) == "row-claims-articles.html"
    linked = re.findall(r'<a href="/claims/claims/(\w+)" class="claim-link">', html)
    assert linked == ordered
    assert '<mark class="quantity" title="约560万 USD">约560万美元</mark>' in html
    assert "(约560万 USD)" in html
    assert '<span class="badge status-refuted">Refuted</span>' in html
    assert '<h3 class="section">开源风暴的经济学冲击</h3>' in html
    data = (await ds.client.get(f"/claims/articles/{aid}.json?_shape=array")).json()
    assert data[0]["title"] == "小成本DeepSeek和Kimi,令奥特曼破防"


async def test_home_page_says_what_this_is_and_how_to_search(ds):
    response = await ds.client.get("/")
    assert response.status_code == 200
    html = response.text
    assert template_used(html) == "index.html"
    assert "A fact-check knowledge base for the claims made in news articles." in html
    assert '<form class="search-home" action="/claims/claims" method="get" role="search">' in html
    assert '<input type="search" name="_search"' in html
    assert 'id="how-to-search"' in html and "小成本DeepSeek和Kimi,令奥特曼破防" in html
    for query in ("numeric_unverified", "refuted_or_misleading", "quantities_in_range", "claims_citing_domain"):
        assert f'href="/claims/{query}"' in html


# --- canned queries and facets ---------------------------------------------------


async def rows_of(ds, path: str, **params) -> list[dict]:
    response = await ds.client.get(path + ".json", params={"_shape": "array", **params})
    assert response.status_code == 200, response.text
    return response.json()


async def test_canned_queries(ds, reviewed_db):
    refuted = claim_id(reviewed_db, "%约560万美元%")
    unverified_numeric = claim_id(reviewed_db, "%71.3%")
    no_number = claim_id(reviewed_db, "%事实证明%")

    numeric = {r["claim_id"] for r in await rows_of(ds, "/claims/numeric_unverified")}
    assert unverified_numeric in numeric and refuted not in numeric and no_number not in numeric

    bad = await rows_of(ds, "/claims/refuted_or_misleading")
    assert {r["claim_id"] for r in bad} == {refuted}
    assert [r["source_url"] for r in bad] == ["https://www.reuters.com/technology/deepseek-cost-2025-09-18/"]

    in_range = await rows_of(ds, "/claims/quantities_in_range", unit="USD", min="1000000", max="10000000")
    assert refuted in {r["claim_id"] for r in in_range}
    assert all(r["unit"] == "USD" and 1e6 <= r["value"] <= 1e7 for r in in_range)
    open_ended = await rows_of(ds, "/claims/quantities_in_range", unit="USD", min="1e12", max="")
    assert open_ended and all(r["value"] >= 1e12 for r in open_ended)

    assert {r["claim_id"] for r in await rows_of(ds, "/claims/claims_citing_domain", domain="reuters.com")} == {refuted}
    assert {r["claim_id"] for r in await rows_of(ds, "/claims/claims_citing_domain", domain="arxiv.org")} == {refuted}
    assert await rows_of(ds, "/claims/claims_citing_domain", domain="ters.com") == []
    assert await rows_of(ds, "/claims/claims_citing_domain", domain="") == []


async def test_canned_query_links_claims(ds, reviewed_db):
    refuted = claim_id(reviewed_db, "%约560万美元%")
    html = (await ds.client.get("/claims/refuted_or_misleading")).text
    assert f'<a href="/claims/claims/{refuted}">{refuted}</a>' in html


async def test_facets(ds):
    claims = (await ds.client.get("/claims/claims.json?_size=1")).json()
    assert {"status", "unit", "section", "article_id"} <= set(claims["facet_results"])
    quantities = (await ds.client.get("/claims/quantities.json?_size=1")).json()
    assert {"unit", "qualifier"} <= set(quantities["facet_results"])


async def test_search_tables_are_hidden(ds):
    tables = {t["name"]: t for t in (await ds.client.get("/claims.json")).json()["tables"]}
    assert all(t["hidden"] for name, t in tables.items() if name.startswith("claims_fts"))
    assert not tables["claims"]["hidden"]


# --- safety -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/claims/articles", "/claims/claims", "/claims/claims?_search=代码", "ARTICLE", "CLAIM"])
async def test_markup_in_articles_is_shown_as_text(ds, reviewed_db, path):
    with sqlite3.connect(reviewed_db) as conn:
        aid = conn.execute("select id from articles where title like '测试文章%'").fetchone()[0]
    path = {"ARTICLE": f"/claims/articles/{aid}", "CLAIM": f"/claims/claims/{claim_id(reviewed_db, '%<script>%')}"}.get(path, path)
    html = (await ds.client.get(path)).text
    assert '<script>alert("' not in html
    assert "&lt;script&gt;alert(" in html


async def test_published_instance_cannot_write(ds, reviewed_db):
    before = claim_row(reviewed_db, claim_id(reviewed_db, "%71.3%"))
    for sql in ("update claims set status = 'supported'", "delete from claims", "drop table claims", "attach database ':memory:' as x"):
        response = await ds.client.get("/claims.json", params={"sql": sql})
        assert response.status_code >= 400 or "error" in response.text.lower(), sql
    assert claim_row(reviewed_db, before["id"]) == before
    response = await ds.client.post("/claims/claims", json={"rows": [{"id": "x"}]})
    assert response.status_code >= 400  # 0.65 has no write API; POST goes only to writable canned queries
    assert not any(q.get("write") for q in ds.metadata("queries", database="claims").values())
    assert claim_row(reviewed_db, before["id"]) == before


async def test_limits_are_set(ds):
    settings = (await ds.client.get("/-/settings.json")).json()
    assert settings["sql_time_limit_ms"] == SETTINGS["sql_time_limit_ms"] <= 1000
    assert settings["max_returned_rows"] == SETTINGS["max_returned_rows"] <= 1000
    assert settings["allow_download"] is False
    response = await ds.client.get("/claims.json", params={"sql": "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"})
    assert response.status_code >= 400 and "interrupted" in response.text.lower()
    args = serve_args("claims.db", 8001)
    assert "--root" not in args and "-h" in args and args[args.index("-h") + 1] == "127.0.0.1"


# --- kb.publish.pages unit tests ----------------------------------------------------------


def test_highlight_escapes_text_and_marks_quantities():
    html = pages.highlight("<b>约1亿</b>美元", [{"start": 3, "end": 6, "value": 1e8, "unit": "USD", "qualifier": "approx"}])
    assert isinstance(html, Markup)
    assert html == '&lt;b&gt;<mark class="quantity" title="约1亿 USD">约1亿</mark>&lt;/b&gt;美元'
    assert pages.highlight("abc", [{"start": 5, "end": 9, "value": 1}]) == "abc"


def test_safe_url_and_json_ld():
    assert pages.safe_url("https://example.com/x") == "https://example.com/x"
    assert pages.safe_url("javascript:alert(1)") is None and pages.safe_url(" JAVASCRIPT:x") is None
    text = pages.json_ld({"a": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and json.loads(text) == {"a": "</script><script>alert(1)</script> & more"}


def test_claim_review_only_for_a_rated_verdict():
    claim = {"text": "x", "id": "c"}
    assert pages.claim_review(claim, None, [], "http://h/c") is None
    verdict = {"status": "supported", "created_at": "2026-01-01T00:00:00", "author": "a", "note": "n"}
    review = pages.claim_review(claim, None, [verdict], "http://h/c")
    assert review["reviewRating"]["ratingValue"] == 4 and review["reviewRating"]["alternateName"] == "Supported"
