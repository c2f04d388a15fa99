"""A claim's full JSON, `kb export claimreview` (a schema.org DataFeed of ClaimReview) and the Atom feed of new verdicts."""

import json
import subprocess
import xml.etree.ElementTree as ET

import pytest
from publication import add_deepseek_review, add_negative_article, add_verdict, claim_id, kb_command

from kb.publish import claimreview
from kb.publish.claimreview import data_feed

ATOM = "{http://www.w3.org/2005/Atom}"
# Properties this project uses of each schema.org type (https://schema.org/<Type>, schema.org v29):
# a name outside these lists is not schema.org's and aggregators would drop it.
SCHEMA_ORG = {
    "DataFeed": {"name", "url", "dateCreated", "dateModified", "dataFeedElement"},
    "DataFeedItem": {"dateCreated", "dateModified", "dateDeleted", "item", "url"},
    "ClaimReview": {"url", "claimReviewed", "datePublished", "author", "contributor", "itemReviewed", "reviewRating"},
    "Claim": {"appearance", "firstAppearance", "datePublished", "author"},
    "NewsArticle": {"url", "headline", "datePublished", "publisher"},
    "Organization": {"name", "url"},
    "Person": {"name", "url"},
    "Rating": {"ratingValue", "bestRating", "worstRating", "alternateName", "ratingExplanation"},
}


def check_schema_org(node, path="$"):
    if isinstance(node, list):
        for n, item in enumerate(node):
            check_schema_org(item, f"{path}[{n}]")
    elif isinstance(node, dict):
        kind = node.get("@type")
        assert kind in SCHEMA_ORG, f"{path}: @type {kind!r}"
        unknown = set(node) - SCHEMA_ORG[kind] - {"@type", "@context"}
        assert not unknown, f"{path} ({kind}): {unknown}"
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                check_schema_org(value, f"{path}.{key}")


@pytest.fixture
def db(seed_db, tmp_path):
    add_negative_article(seed_db, tmp_path)
    add_deepseek_review(seed_db)
    return seed_db


@pytest.fixture
def ds(db, datasette_for):
    return datasette_for(db)


# --- /claims/claims/<id>/full.json ---------------------------------------------------------


async def test_full_claim_json(ds, db):
    cid = claim_id(db, "%约560万美元%")
    response = await ds.client.get(f"/claims/claims/{cid}/full.json")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    assert "约560万美元" in response.text and "\\u" not in response.text  # Chinese unescaped
    data = response.json()
    assert data["claim"]["id"] == cid and data["claim"]["url"] == f"http://localhost/claims/claims/{cid}"
    assert "search_text" not in data["claim"] and "html" not in data["claim"]
    assert data["article"]["title"] == "小成本DeepSeek和Kimi,令奥特曼破防"
    assert [(q["text"], q["value"], q["written"]) for q in data["quantities"]] == [("约560万美元", 5600000.0, "约560万 USD")]
    assert {c["stance"] for c in data["citations"]} == {"refutes", "context"} and len(data["citations"]) == 3
    assert [(v["previous_status"], v["status"]) for v in data["verdicts"]] == [("unverified", "refuted")]
    assert data["claim_review"]["@type"] == "ClaimReview" and data["claim_review"]["reviewRating"]["ratingValue"] == 1
    for key in ("checks", "checks_reading_its_figures", "corroborations"):
        assert isinstance(data[key], list)
    page = (await ds.client.get(f"/claims/claims/{cid}")).text
    assert f'href="/claims/claims/{cid}/full.json" id="full-json"' in page
    assert (await ds.client.get("/claims/claims/nosuchclaim/full.json")).status_code == 404


async def test_page_json_and_feed_share_one_claim_review(ds, db):
    cid = claim_id(db, "%约560万美元%")
    from_json = (await ds.client.get(f"/claims/claims/{cid}/full.json")).json()["claim_review"]
    import sqlite3

    with sqlite3.connect(db) as conn:
        direct = claimreview.review_of(conn, cid, "http://localhost")
        [item] = data_feed(conn, "http://localhost", "2026-01-03T00:00:00+00:00")["dataFeedElement"]
    assert from_json == direct
    assert item["item"] == [{k: v for k, v in direct.items() if k != "@context"}]


# --- kb export claimreview ---------------------------------------------------------------


def test_export_claimreview_writes_a_data_feed(db, tmp_path):
    unrated = claim_id(db, "%71.3%")
    add_verdict(db, claim_id(db, "%1.4万亿美元%"), "supported", "Altman's own figure.", "desk", "2026-01-05T09:00:00+00:00")
    add_verdict(db, unrated, "partly_supported", "Close.", "desk", "2026-01-04T09:00:00+00:00")
    add_verdict(db, unrated, "unverified", "Reopened.", "desk", "2026-01-06T09:00:00+00:00")  # back to unverified: not a review
    out = tmp_path / "feed.json"
    result = subprocess.run([*kb_command(), "export", "claimreview", "--db", str(db), "--out", str(out), "--base-url", "https://kb.example.org"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "2 ClaimReviews written to" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "约560万美元" in text  # Chinese as is
    feed = json.loads(text)
    assert feed["@context"] == "https://schema.org" and feed["@type"] == "DataFeed"
    check_schema_org(feed)
    items = feed["dataFeedElement"]
    assert [i["dateModified"] for i in items] == ["2026-01-05T09:00:00+00:00", "2026-01-02T10:00:00+00:00"]  # latest first
    for item in items:
        [review] = item["item"]
        assert review["@type"] == "ClaimReview" and review["url"] == item["url"]
        assert review["url"].startswith("https://kb.example.org/claims/claims/")
        rating = review["reviewRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert review["claimReviewed"] and review["datePublished"] and review["author"]["name"]
    assert feed["dateModified"] == "2026-01-05T09:00:00+00:00"
    # to standard output, the same document
    stdout = subprocess.run([*kb_command(), "export", "claimreview", "--db", str(db), "--base-url", "https://kb.example.org"],
                            capture_output=True, text=True, check=True).stdout
    assert json.loads(stdout)["dataFeedElement"] == items


def test_export_claimreview_refuses_bad_input(tmp_path, db):
    not_db = tmp_path / "notes.txt"
    not_db.write_text("hello", encoding="utf-8")
    out = tmp_path / "feed.json"
    for args, message in (
        (["--db", str(not_db), "--out", str(out)], "not a claims database"),
        (["--db", str(db), "--out", str(out), "--base-url", "kb.example.org"], "not an http(s) address"),
        (["--db", str(tmp_path / "missing.db")], "no such file"),
    ):
        result = subprocess.run([*kb_command(), "export", "claimreview", *args], capture_output=True, text=True)
        assert result.returncode != 0 and message in result.stderr, result.stderr
    assert not out.exists()


# --- Atom ----------------------------------------------------------------------------------


async def test_atom_feed_of_new_verdicts(ds, db):
    add_verdict(db, claim_id(db, "%1.4万亿美元%"), "supported", "Altman's own figure.", "desk", "2026-01-05T09:00:00+00:00")
    response = await ds.client.get("/feeds/verdicts.atom")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text.split(":")[0] for e in entries] == ["Supported", "Refuted"]  # newest first
    first = entries[0]
    assert first.find(f"{ATOM}id").text.startswith("urn:claimkb:verdict:")
    assert first.find(f"{ATOM}link").get("href") == f"http://localhost/claims/claims/{claim_id(db, '%1.4万亿美元%')}"
    assert "1.4万亿美元" in first.find(f"{ATOM}title").text and first.find(f"{ATOM}author/{ATOM}name").text == "desk"
    assert feed.find(f"{ATOM}updated").text == "2026-01-05T09:00:00+00:00"
    home = (await ds.client.get("/")).text
    assert '<link rel="alternate" type="application/atom+xml" title="New verdicts" href="/feeds/verdicts.atom">' in home


async def test_atom_feed_of_a_database_without_verdicts(seed_db, datasette_for):
    response = await datasette_for(seed_db).client.get("/feeds/verdicts.atom")
    assert response.status_code == 200
    assert ET.fromstring(response.content).findall(f"{ATOM}entry") == []
