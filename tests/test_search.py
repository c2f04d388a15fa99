"""Claim search through Datasette's own `?_search=` and search box (no SQL called directly).

Each class of query has expected hits and a near miss that must not match:
characters that are not adjacent, a phrase spanning two sentences (two claims,
or two quotes of one claim), words that are not adjacent.
"""

import re
import sqlite3

import pytest
from publication import add_citation, add_negative_article, claim_id

from kb.store.search import escape_fts_query, segment

QUOTED_CLAIM = "%71.3%"  # the claim given two citation quotes below


@pytest.fixture
def search_db(seed_db, tmp_path):
    add_negative_article(seed_db, tmp_path)
    # Two quotes of one claim: 专 ends the first, 家 starts the second; and a two-sentence quote.
    cid = claim_id(seed_db, QUOTED_CLAIM)
    add_citation(seed_db, cid, "https://example.org/a", "context", "这个领域很专")
    add_citation(seed_db, cid, "https://example.org/b", "context", "家长们表示担忧。Nvidia shares fell 17% that day.")
    return seed_db


@pytest.fixture
def ds(search_db, datasette_for):
    return datasette_for(search_db)


def texts(path, where="1", params=()) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute(f"select id, text from claims where {where}", params).fetchall())


async def search(ds, query: str) -> dict[str, str]:
    response = await ds.client.get("/claims/claims.json", params={"_search": query, "_shape": "array", "_size": "max"})
    assert response.status_code == 200, response.text
    return {row["id"]: row["text"] for row in response.json()}


def containing(path, needle: str) -> dict[str, str]:
    return {cid: text for cid, text in texts(path).items() if needle.lower() in text.lower()}


@pytest.mark.parametrize("query", ["专", "专家", "成本", "混合专家", "英伟达"])
async def test_chinese_queries_find_exactly_the_claims_containing_them(ds, search_db, query):
    expected = containing(search_db, query)
    assert expected, f"the seed article should contain {query}"
    found = await search(ds, query)
    quote_only = set(found) - set(expected)
    # Anything else found must be found through its citation quotes.
    for cid in quote_only:
        with sqlite3.connect(search_db) as conn:
            quotes = " ".join(q for (q,) in conn.execute("select quote from citations where claim_id = ?", [cid]))
        assert query in quotes, (query, found[cid])
    assert set(expected) <= set(found)


async def test_single_character_query(ds, search_db):
    found = await search(ds, "专")
    assert "专业的研究离不开大家的支持。" in found.values()
    assert "这项研究很专。" in found.values()
    assert all("专" in text or cid in _quoted(search_db, "专") for cid, text in found.items())


def _quoted(path, char):
    with sqlite3.connect(path) as conn:
        return {cid for (cid,) in conn.execute("select claim_id from citations where quote like ?", [f"%{char}%"])}


async def test_two_characters_must_be_adjacent(ds, search_db):
    found = await search(ds, "专家")
    assert any("专家" in text for text in found.values())
    # 专 ... 家 in one sentence, not adjacent
    assert "专业的研究离不开大家的支持。" not in found.values()
    # 专。 | 家: end of one sentence, start of the next (two claims)
    assert "这项研究很专。" not in found.values()
    assert "家里人却不同意。" not in found.values()
    # 专 ends one citation quote, 家 starts the next quote of the same claim
    quoted = claim_id(search_db, QUOTED_CLAIM)
    assert "专家" not in texts(search_db)[quoted]
    assert quoted not in found


async def test_query_does_not_match_across_a_comma_or_a_sentence_end_in_a_quote(ds, search_db):
    assert "今年的成本,开源模型更低。" not in (await search(ds, "本开")).values()
    assert "今年的成本,开源模型更低。" in (await search(ds, "本,开")).values()
    # 忧。Nvidia: the end of one sentence of a quote and the start of the next
    assert not await search(ds, '"担忧 Nvidia"')
    assert await search(ds, "Nvidia shares")  # found through the quote


async def test_four_characters_and_longer(ds, search_db):
    found = await search(ds, "混合专家")
    assert found and all("混合专家" in text for text in found.values())
    assert not await search(ds, "混合家专")
    long = "开源AI应用"
    assert containing(search_db, long)
    assert set(await search(ds, long)) == set(containing(search_db, long))


async def test_english_and_mixed_terms(ds, search_db):
    gpt5 = await search(ds, "GPT-5")
    assert gpt5 and all("GPT-5" in text for text in gpt5.values())
    assert "The GPT-4 model cost 1.3 million dollars, not more." not in gpt5.values()
    assert set(await search(ds, "gpt-5")) == set(gpt5)  # case does not matter

    browse = await search(ds, "BrowseComp")
    assert browse and all("BrowseComp" in text for text in browse.values())
    assert not await search(ds, "Browse")  # a word is a token: no partial words

    k2 = await search(ds, '"K2 Thinking"')
    assert k2 and all("K2 Thinking" in text.replace("K2-", "K2 ") for text in k2.values())
    assert any("K2-Thinking" in text for text in k2.values())  # punctuation inside a word does not matter
    assert "Thinking about K2 is hard, said the analyst." not in k2.values()
    assert not await search(ds, '"Thinking K2"')
    # unquoted, the two words are wanted anywhere in one sentence
    both = await search(ds, "K2 Thinking")
    assert "Thinking about K2 is hard, said the analyst." in both.values() and set(k2) < set(both)
    assert set(await search(ds, "Thinking K2")) == set(both)

    mixed = await search(ds, "超越GPT-5")
    assert mixed and all("超越GPT-5" in text for text in mixed.values())


async def test_numbers(ds, search_db):
    found = await search(ds, "71.3")
    assert found and all("71.3" in text for text in found.values())
    assert "The GPT-4 model cost 1.3 million dollars, not more." not in found.values()
    one_three = await search(ds, "1.3")
    assert "The GPT-4 model cost 1.3 million dollars, not more." in one_three.values()
    assert not any("71.3" in text and "1.3 " not in text for text in one_three.values())


async def test_quoted_parts_match_anywhere_in_the_same_sentence(ds, search_db):
    both = await search(ds, '"DeepSeek" "成本"')
    assert both and all("DeepSeek" in t and "成本" in t for t in both.values())
    assert await search(ds, "DeepSeek 成本") == both  # words without quotes: all of them, in one sentence
    assert await search(ds, "成本 DeepSeek") == both
    assert not await search(ds, "DeepSeek成本")  # no space: one phrase
    # both words, but in two different claims of the same article: not a hit
    expected = {cid for cid, text in texts(search_db).items() if "专业" in text and "家里" in text}
    assert set(await search(ds, "专业 家里")) == expected == set()


async def test_search_box_and_html_results(ds, search_db):
    page = await ds.client.get("/claims/claims")
    assert '<input id="_search" type="search" name="_search"' in page.text
    response = await ds.client.get("/claims/claims", params={"_search": "混合专家"})
    assert response.status_code == 200
    assert 'value="混合专家"' in response.text
    shown = re.sub(r"</?mark[^>]*>", "", response.text)
    for text in containing(search_db, "混合专家").values():
        assert str(text) in shown
    assert '<mark class="hit">混合专家</mark>' in response.text
    # the segmented search columns are not shown, and status is a badge
    assert 'class="col-search_text' not in response.text
    assert '<span class="badge status-unverified">' in response.text


async def test_search_column_parameter(ds, search_db):
    """`?_search_text=` (one column) uses the same escaping."""
    response = await ds.client.get("/claims/claims.json", params={"_search_search_text": "专家", "_shape": "array"})
    assert response.status_code == 200
    assert all("专家" in row["text"] for row in response.json())


async def test_odd_queries_do_not_error(ds):
    for query in ['"', '""', "成本 \"", "AND", "OR NOT", "*", "(", ":", "NEAR(", "。", "a:b", "{search_text}"]:
        response = await ds.client.get("/claims/claims.json", params={"_search": query, "_shape": "array"})
        assert response.status_code == 200, (query, response.text[:300])
    for column in ("search_text", "quote_search"):
        response = await ds.client.get("/claims/claims.json", params={f"_search_{column}": '"DeepSeek" "成本"', "_shape": "array"})
        assert response.status_code == 200, response.text[:300]


def test_segment_and_escape():
    assert segment("模型。这") == "模 型 。 | 这"
    assert segment("1,000 and 71.3%") == "1,000 and 71.3%"
    assert segment("a | b") == "a | b"
    assert segment(segment("成本,开源。")) == segment("成本,开源。")
    assert escape_fts_query("混合专家") == '"混 合 专 家"'
    assert escape_fts_query('"K2 Thinking"') == '"K2 Thinking"'
    assert escape_fts_query("K2 Thinking") == '{search_text} : ("K2" AND "Thinking") OR {quote_search} : ("K2" AND "Thinking")'
    assert escape_fts_query('"a" b') == '{search_text} : ("a" AND "b") OR {quote_search} : ("a" AND "b")'
    assert escape_fts_query("   ") == '""'


# --- bounded search: a plain search lists at most SEARCH_LIMIT matches, the ones added last ---


def _matching_rowids(path, query: str) -> list[int]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "select rowid from claims_fts where claims_fts match ? order by rowid desc", [escape_fts_query(query)]
        ).fetchall()
    return [rowid for (rowid,) in rows]


async def _search_page(ds, **params) -> dict:
    response = await ds.client.get("/claims/claims.json", params={"_size": "max", "_extra": "human_description_en", **params})
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_broad_plain_search_lists_the_matches_added_last_and_says_so(ds, search_db, monkeypatch):
    from kb.store import search as kb_search

    matches = _matching_rowids(search_db, "成本")
    assert len(matches) > 3, "the seed has several claims about 成本"
    monkeypatch.setattr(kb_search, "SEARCH_LIMIT", 3)
    page = await _search_page(ds, _search="成本")
    with sqlite3.connect(search_db) as conn:
        newest = {cid for (cid,) in conn.execute(f"select id from claims where rowid in ({','.join(map(str, matches[:3]))})")}
    assert {row[0] for row in page["rows"]} == newest
    assert page["filtered_table_rows_count"] == 3
    html = (await ds.client.get("/claims/claims", params={"_search": "成本"})).text
    assert "more than 3 claims do, these are the 3 added last" in html


@pytest.mark.parametrize("narrowing", [{"status": "unverified"}, {"_sort": "value"}, {"_where": "position > 0"}])
async def test_a_search_with_a_filter_or_a_sort_is_exact(ds, search_db, monkeypatch, narrowing):
    from kb.store import search as kb_search

    monkeypatch.setattr(kb_search, "SEARCH_LIMIT", 3)
    page = await _search_page(ds, _search="成本", **narrowing)
    assert page["filtered_table_rows_count"] == len(_matching_rowids(search_db, "成本"))  # all are unverified, position > 0
    assert "added last" not in (page.get("human_description_en") or "")


async def test_a_search_within_the_limit_is_exact(ds, search_db):
    from kb.store.search import SEARCH_LIMIT

    matches = _matching_rowids(search_db, "成本")
    assert len(matches) <= SEARCH_LIMIT
    page = await _search_page(ds, _search="成本")
    assert page["filtered_table_rows_count"] == len(matches)
    assert page["human_description_en"] == 'where search matches "成本" sorted by position'


def test_which_searches_are_plain():
    from kb.store.search import is_plain_search

    assert is_plain_search({"_search": "成本"})
    assert is_plain_search({"_search": "成本", "_next": "5,abc", "_size": "20", "_facet": "unit"})
    assert not is_plain_search({})
    assert not is_plain_search({"_search": ""})
    for extra in ({"status": "refuted"}, {"value__gt": "1"}, {"_sort_desc": "value"}, {"_search_text": "x"}, {"_through": "{}"}):
        assert not is_plain_search({"_search": "成本", **extra}), extra


async def test_datasette_keeps_its_other_filters_and_plugin_list(ds):
    where = await ds.client.get("/claims/claims.json", params={"_where": "position = 1", "_shape": "array"})
    assert where.json() and {row["position"] for row in where.json()} == {1}
    plugins = await ds.client.get("/-/plugins.json", params={"all": "1"})
    assert plugins.status_code == 200
    hooks = {p["name"]: p["hooks"] for p in plugins.json()}
    assert "filters_from_request" in hooks["datasette.filters"]


async def test_html_rows_are_the_json_rows(ds):
    """The table body kb.publish.claims_table builds: one row per claim, in the JSON's order, each linking its page."""
    params = {"_search": "成本"}
    rows = (await ds.client.get("/claims/claims.json", params={**params, "_shape": "objects"})).json()["rows"]
    html = (await ds.client.get("/claims/claims", params=params)).text
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    html_rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    assert len(html_rows) == len(rows) > 0
    for row, html_row in zip(rows, html_rows):
        classes = re.findall(r'<td class="col-([\w-]+)', html_row)
        assert classes == ["claim", "article_id", "section", "value", "status"]
        assert f'href="/claims/claims/{row["id"]}"' in html_row
        assert f'href="/claims/articles/{row["article_id"]}"' in html_row
