"""Saved pages and texts of many outlets: no furniture claim, no body sentence lost, the metadata they carry.

The annotations (which paragraphs are the story, the metadata) are in each
fixture's .yml; tests/article_fixtures.py computes the figures
(`python -m tests.article_fixtures` prints them).
"""

import pytest
from article_fixtures import fixtures, measure

FIXTURES = fixtures()


def test_enough_outlets_and_pages():
    pages = [p for p in FIXTURES if p.suffix == ".html"]
    outlets = {measure(p).outlet.split(" ")[0] for p in FIXTURES}
    assert len(pages) >= 15 and len(outlets) >= 10


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_story_exactly(path):
    result = measure(path)
    assert result.furniture_claims == []
    assert result.lost == []
    assert result.wrong_sections == []


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_metadata(path):
    result = measure(path)
    assert result.metadata and result.metadata_wrong == {}


async def test_article_page_shows_language_and_author(tmp_path, datasette_for):
    import sqlite3

    from kb.store.db import open_db
    from kb.store.ingest import ingest_paths

    db_path = tmp_path / "claims.db"
    pages = [p for p in FIXTURES if p.name in ("cna.html", "reuters.html", "people.html")]
    ingest_paths(open_db(db_path), pages)
    with sqlite3.connect(db_path) as conn:
        articles = conn.execute("select id, language, author from articles order by language").fetchall()
    assert [(language, author) for _, language, author in articles] == [
        ("en", "Jane Doe"), ("zh-Hans", "李明"), ("zh-Hant", "林家豪")]
    shown = {"en": "English", "zh-Hans": "Chinese (Simplified)", "zh-Hant": "Chinese (Traditional)"}
    ds = datasette_for(db_path)
    for aid, language, author in articles:
        html = (await ds.client.get(f"/claims/articles/{aid}")).text
        assert f'<span id="article-language" lang="en">{shown[language]}</span>' in html
        assert f'<span id="article-author">{author}</span>' in html
