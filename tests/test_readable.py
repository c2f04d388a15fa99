"""Numbers, statuses and qualifiers as people write them (kb.publish.numbers, labels, cells), and on the served pages."""

import re

import pytest
from publication import add_deepseek_review, add_negative_article

from kb.publish import cells, labels
from kb.publish.numbers import format_number, format_quantity, language_of


def q(value, unit=None, qualifier="exact", **more):
    return {"value": value, "unit": unit, "qualifier": qualifier, "high": None, "per_value": None, "per_unit": None, **more}


@pytest.mark.parametrize(
    "value, lang, written",
    [
        (1400000000000.0, "zh", "1.4万亿"),
        (1400000000000.0, "en", "1.4 trillion"),
        (5600000.0, "zh", "560万"),
        (5600000.0, "en", "5.6 million"),
        (32000000000.0, "zh", "320亿"),
        (32000000000.0, "en", "32 billion"),
        (600000000000.0, "zh", "6000亿"),
        (294000.0, "en", "294,000"),
        (294000.0, "zh", "29.4万"),
        (6000.0, "zh", "6000"),
        (0.4444444444444444, "en", "0.4444"),
        (71.3, "en", "71.3"),
        (1234.5678, "en", "1,235"),
        (0.0001234567, "en", "0.0001235"),
        (-2500000.0, "en", "-2.5 million"),
        (0.0, "en", "0"),
        (None, "en", ""),
    ],
)
def test_format_number(value, lang, written):
    assert format_number(value, lang) == written


@pytest.mark.parametrize(
    "quantity, lang, written",
    [
        (q(5600000.0, "USD", "approx"), "zh", "约560万 USD"),
        (q(5600000.0, "USD", "approx"), "en", "about 5.6 million USD"),
        (q(1.4e12, "USD"), "zh", "1.4万亿 USD"),
        (q(1.4e12, "USD"), "en", "1.4 trillion USD"),
        (q(3.5, "%", "lt"), "zh", "不到3.5%"),
        (q(3.5, "%", "lt"), "en", "under 3.5%"),
        (q(71.3, "%", "gt"), "en", "more than 71.3%"),
        (q(20, "%", "gte"), "en", "at least 20%"),
        (q(20, "%", "lte"), "zh", "至多20%"),
        (q(10, "x", "range", high=100), "en", "between 10× and 100×"),
        (q(10, "x", "range", high=100), "zh", "10×至100×"),
        (q(1e6, "USD", "vague"), "en", "several million USD"),
        (q(1e6, "USD", "vague"), "zh", "数百万 USD"),
        (q(3e6, "USD", "vague"), "en", "about 3 million USD"),
        (q(1.25, "USD", "approx", per_value=1e6, per_unit="input token"), "en", "about 1.25 USD per million input token"),
        (q(4, "CNY", per_value=1e6, per_unit="input token"), "zh", "4 CNY/百万 input token"),
        (q(4, "CNY", per_value=250, per_unit="token"), "en", "4 CNY per 250 token"),
        (q(0.1, None, "lt"), "zh", "不到0.1"),
        (q(None, "USD"), "en", ""),
    ],
)
def test_format_quantity(quantity, lang, written):
    assert format_quantity(quantity, lang) == written


def test_language_of():
    assert language_of("DeepSeek宣称训练只花了约560万美元") == "zh"
    assert language_of("It cost $5.6 million.") == "en" and language_of(None) == "en"


def test_labels():
    assert labels.status_label("partly_supported") == "Partly supported"
    assert labels.facet_label("status", "partly_supported") == "Partly supported"
    assert labels.facet_label("qualifier", "approx") == "about"
    assert labels.facet_label("unit", "USD") == "USD"
    badge = labels.status_badge("refuted")
    assert ">Refuted</span>" in badge and "#fdecea" in badge and 'class="badge status-refuted"' in badge
    assert set(labels.STATUS_COLOURS) == set(labels.STATUS_LABELS)


def test_cells():
    row = {"text": "只花了约560万美元", "value": 5600000.0, "unit": "USD", "qualifier": "approx"}
    assert cells.render(row, 5600000.0, "value") == '<span title="5600000.0">约560万 USD</span>'
    assert cells.render({"description": "share"}, 0.4444444444444444, "computed") == '<span title="0.4444444444444444">0.4444</span>'
    assert "Misleading" in cells.render({}, "misleading", "status")
    assert cells.render({}, "approx", "qualifier") == "about"
    assert cells.render({}, 12, "position") is None and cells.render({}, "x", "text") is None


# --- on the served pages ------------------------------------------------------------


@pytest.fixture
def ds(seed_db, tmp_path, datasette_for):
    add_negative_article(seed_db, tmp_path)
    add_deepseek_review(seed_db)
    return datasette_for(seed_db)


RAW_FLOAT = re.compile(r">\s*-?\d+\.\d{5,}\s*<|>\s*\d{7,}\.0\s*<")


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/claims/quantities_in_range?unit=USD&min=1e12&max=", "1.4万亿 USD"),
        ("/claims/numeric_unverified", "数百万 USD"),
        ("/claims/quantities?_sort=value", "约560万 USD"),
        ("/claims/refuted_or_misleading", ">Refuted</span>"),
        ("/claims/verdicts", ">Refuted</span>"),
    ],
)
async def test_canned_queries_and_tables_show_numbers_as_written(ds, path, expected):
    html = (await ds.client.get(path)).text
    assert expected in html
    assert not RAW_FLOAT.search(html), RAW_FLOAT.search(html).group()


async def test_facets_in_words(ds):
    quantities = (await ds.client.get("/claims/quantities")).text
    facet = quantities[quantities.index('id="facet-qualifier"') :]
    assert ">about</a>" in facet and ">approx</a>" not in facet
    claims = (await ds.client.get("/claims/claims")).text
    facet = claims[claims.index('id="facet-status"') :]
    assert ">Refuted</a>" in facet and ">Unverified</a>" in facet


async def test_home_page_badges_are_coloured_words(ds):
    html = (await ds.client.get("/")).text
    assert re.search(r'<a class="badge status-refuted" href="/claims/claims\?status=refuted">Refuted: 1</a>', html)
    assert "a.badge.status-refuted:link" in html and "#b71c1c" in html
