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
