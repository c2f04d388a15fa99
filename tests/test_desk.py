"""The fact-checker's desk pages: articles with claim counts by status, and the review queue (kb.publish.desk)."""

import re
import sqlite3

import pytest
from publication import add_deepseek_review, add_verdict, claim_id

from kb.publish import desk
from kb.store.db import open_db
from kb.store.ingest import ingest_paths

# A second outlet repeating two of the seed's figures (our own wording), and a sentence with no number.
SECOND = """另一家媒体的报道:训练成本之争

2025-11-12 09:00:00 · example.net · 来源: 测试

据报道,DeepSeek训练这款模型只花了约560万美元。OpenAI则计划投入高达1.4万亿美元建设基础设施。这篇报道的结论仍有争议。
"""


@pytest.fixture
def db(seed_db, tmp_path):
    path = tmp_path / "second.txt"
    path.write_text(SECOND, encoding="utf-8")
    ingest_paths(open_db(seed_db), [path])
    return seed_db


@pytest.fixture
def ds(db, datasette_for):
    return datasette_for(db)


def test_articles_overview_counts_current_claims_by_status(db):
    add_deepseek_review(db)
    with sqlite3.connect(db) as conn:
        expected = dict(conn.execute("select article_id, count(*) from claims where superseded_at is null group by article_id").fetchall())
        overview = desk.articles_overview(conn)
    assert [a["title"] for a in overview] == ["另一家媒体的报道:训练成本之争", "小成本DeepSeek和Kimi,令奥特曼破防"]  # newest first
    seed = overview[1]
    assert seed["claims"] == expected[seed["id"]] and dict(seed["counts"])["refuted"] == 1
    assert seed["unreviewed"] == seed["claims"] - 1 == dict(seed["counts"])["unverified"]


def test_queue_puts_numbers_first_then_repeated_figures(db):
    with sqlite3.connect(db) as conn:
        queue = desk.review_queue(conn, size=1000)
        unverified = conn.execute("select count(*) from claims where status = 'unverified' and superseded_at is null").fetchone()[0]
    claims = queue["claims"]
    assert queue["total"] == unverified == len(claims)
    numeric = [c["value"] is not None for c in claims]
    assert numeric == sorted(numeric, reverse=True) and any(numeric) and not all(numeric)  # numbers first
    repeated = [c for c in claims if c["repeats"]]
    assert len(repeated) == 4  # 约560万美元 and 1.4万亿美元, in both articles
    assert claims[: len(repeated)] == repeated  # the repeated figures head the queue
    assert any("约560万美元" in c["text"] for c in repeated) and any("1.4万亿美元" in c["text"] for c in repeated)
    figure = next(c for c in repeated if "约560万美元" in c["text"])["figure"]
    assert figure == "约560万 USD"


def test_queue_drops_a_claim_once_it_has_a_verdict(db):
    cid = claim_id(db, "%DeepSeek训练这款模型只花了约560万美元%")
    with sqlite3.connect(db) as conn:
        before = desk.review_queue(conn, size=1000)
    add_verdict(db, cid, "refuted", "V3's final run, not the model's cost.", "desk")
    with sqlite3.connect(db) as conn:
        after = desk.review_queue(conn, size=1000)
    assert cid in [c["id"] for c in before["claims"]] and cid not in [c["id"] for c in after["claims"]]
    assert after["total"] == before["total"] - 1


def test_queue_pages(db):
    with sqlite3.connect(db) as conn:
        whole = [c["id"] for c in desk.review_queue(conn, size=1000)["claims"]]
        first, second = desk.review_queue(conn, 1, size=10), desk.review_queue(conn, 2, size=10)
        past_end = desk.review_queue(conn, 999, size=10)
    assert [c["id"] for c in first["claims"] + second["claims"]] == whole[:20]
    assert [c["rank"] for c in second["claims"]] == list(range(11, 21))
    assert past_end["page"] == past_end["pages"] == -(-len(whole) // 10)


async def test_desk_pages_served(ds, db):
    html = (await ds.client.get("/desk/articles")).text
    seed = next(a for a in desk.articles_overview(sqlite3.connect(db)) if a["title"].startswith("小成本"))
    assert f'<a class="unreviewed" href="/claims/claims?article_id={seed["id"]}&amp;status=unverified&amp;_sort=position">{seed["unreviewed"]} to review</a>' in html
    assert f'>Unverified: {seed["unreviewed"]}</a>' in html
    link = re.search(r'<a class="unreviewed" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    listed = (await ds.client.get(link.replace("/claims/claims?", "/claims/claims.json?") + "&_shape=array&_size=max")).json()
    assert listed and {row["status"] for row in listed} == {"unverified"}

    queue = (await ds.client.get("/desk/queue")).text
    assert 'id="queue-order"' in queue
    ids = re.findall(r'<li value="\d+" id="queue-(\w+)"', queue)
    with sqlite3.connect(db) as conn:
        assert ids == [c["id"] for c in desk.review_queue(conn)["claims"]]
    assert "in 1 other article" in queue and "<strong>约560万 USD</strong>" in queue
    assert (await ds.client.get("/desk/queue?page=abc")).status_code == 200
    home = (await ds.client.get("/")).text
    assert 'href="/desk/articles"' in home and 'href="/desk/queue"' in home
