"""The claims table as readers get it: columns, JSON/CSV without search columns and with page urls,
CSV for Excel, search that explains itself (kb.publish.claims_table, exports, search_help)."""

import csv
import io
import json
import re

import pytest
from publication import add_citation, add_deepseek_review, add_negative_article, claim_id

from kb.publish.exports import CsvWithUrls, rewrite_json, without_search_columns
from kb.publish.search_help import words_of
from kb.store.search import hit_spans, matches


@pytest.fixture
def db(seed_db, tmp_path):
    add_negative_article(seed_db, tmp_path)
    add_deepseek_review(seed_db)
    return seed_db


@pytest.fixture
def ds(db, datasette_for):
    return datasette_for(db)


# --- the HTML table ---------------------------------------------------------------


async def test_table_shows_claim_article_section_figure_status(ds, db):
    html = (await ds.client.get("/claims/claims", params={"_search": "约560万美元"})).text
    head = html[html.index("<thead>") : html.index("</thead>")]
    assert re.findall(r"<th [^>]*>(?:<a [^>]*>)?([^<&]+)", head) == ["Claim", "Article", "Section", "Main figure", "Status"]
    row = html[html.index("<tbody>") : html.index("</tbody>")]
    assert '<td class="col-value">约560万 USD</td>' in row
    assert ">小成本DeepSeek和Kimi,令奥特曼破防</a>" in row
    assert '<span class="badge status-refuted">Refuted</span>' in row
    for hidden in ("col-start", "col-end", "col-position", "col-search_text", "col-quote_search", "1400000000000.0", "5600000.0"):
        assert hidden not in row


async def test_search_terms_are_marked(ds):
    html = (await ds.client.get("/claims/claims", params={"_search": "DeepSeek 成本"})).text
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert body.count("<tr>") >= 2
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        assert '<mark class="hit">DeepSeek</mark>' in row and '<mark class="hit">成本</mark>' in row


async def test_a_hit_found_only_through_a_quote_shows_the_quote(ds, db):
    quoted = claim_id(db, "%71.3%")
    add_citation(db, quoted, "https://example.org/q", "context", "The lab reported a score of 44.9 on Humanity's Last Exam.")
    html = (await ds.client.get("/claims/claims", params={"_search": "Humanity's Last"})).text
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if f"/claims/claims/{quoted}" in r)
    assert 'class="via-quote">Found in a source: <q>The lab reported a score of 44.9 on <mark class="hit">Humanity&#39;s</mark> <mark class="hit">Last</mark> Exam.</q>' in row
    # a hit whose sentence matches shows no quote
    html = (await ds.client.get("/claims/claims", params={"_search": "71.3"})).text
    assert 'class="via-quote"' not in html


@pytest.mark.parametrize(
    "query, why, suggestion",
    [
        ("OpenAI 专家模型", "No claim has all of “OpenAI”, “专家模型” in one sentence", '<a href="/claims/claims?_search=OpenAI">OpenAI</a>'),
        ("DeepSeek成本", "No claim contains “DeepSeek成本” as written", '<a href="/claims/claims?_search=DeepSeek%20%E6%88%90%E6%9C%AC">DeepSeek 成本</a>'),
        ("xyzzy", "No claim sentence or source quote contains “xyzzy”.", None),
    ],
)
async def test_an_empty_search_says_why_and_offers_a_looser_one(ds, query, why, suggestion):
    html = (await ds.client.get("/claims/claims", params={"_search": query})).text
    assert "0 claims" in html
    explanation = html[html.index('id="search-explanation"') :]
    assert why in explanation.replace("&#39;", "'")
    if suggestion:
        assert suggestion in explanation
        link = re.search(r'href="(/claims/claims\?_search=[^"]+)"', explanation).group(1)
        assert "<tbody>" in (await ds.client.get(link)).text  # the suggestion finds something
    else:
        assert "looser" not in explanation


async def test_an_empty_filtered_search_points_to_the_search_alone(ds):
    html = (await ds.client.get("/claims/claims", params={"_search": "成本", "status": "refuted"})).text
    explanation = html[html.index('id="search-explanation"') :]
    assert "match the search, but none with the filters chosen" in explanation
    assert 'href="/claims/claims?_search=%E6%88%90%E6%9C%AC"' in explanation


# --- JSON and CSV ----------------------------------------------------------------


@pytest.mark.parametrize("shape", ["objects", "array", "arrays", "object", None])
async def test_json_has_page_urls_and_no_search_columns(ds, shape):
    params = {"_search": "混合专家", **({"_shape": shape} if shape else {})}
    response = await ds.client.get("/claims/claims.json", params=params)
    assert response.status_code == 200
    text = response.text
    assert "\\u" not in text and "混合专家" in text  # Chinese as is
    data = json.loads(text)
    if shape in ("array",):
        rows = data
    elif shape == "object":
        rows = list(data.values())
    elif shape == "arrays" or shape is None:
        rows = [dict(zip(data["columns"], row)) for row in data["rows"]]
    else:
        rows = data["rows"]
    assert rows and all(row["url"] == f"http://localhost/claims/claims/{row['id']}" for row in rows)
    assert all("混合专家" in row["text"] and not {"search_text", "quote_search"} & set(row) for row in rows)


async def test_json_keeps_columns_a_user_picks(ds):
    rows = (await ds.client.get("/claims/claims.json", params={"_col": ["text", "search_text"], "_shape": "array", "_size": 2})).json()
    assert set(rows[0]) == {"id", "text", "url"}


async def test_csv_has_page_urls_no_search_columns_and_a_bom_for_excel(ds, db):
    plain = await ds.client.get("/claims/claims.csv", params={"_size": "max"})
    assert plain.status_code == 200 and not plain.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(plain.content.decode("utf-8"))))
    assert "search_text" not in rows[0] and "quote_search" not in rows[0]
    assert all(row["url"] == f"http://localhost/claims/claims/{row['id']}" for row in rows)
    with_bom = await ds.client.get("/claims/claims.csv", params={"_size": "max", "_bom": "1"})
    assert with_bom.content.startswith(b"\xef\xbb\xbf")
    assert with_bom.content[3:] == plain.content
    excel = list(csv.DictReader(io.StringIO(with_bom.content.decode("utf-8-sig"))))
    assert excel == rows and any("约560万美元" in row["text"] for row in excel)
    page = (await ds.client.get("/claims/claims")).text
    assert re.search(r'<a href="/claims/claims\.csv\?[^"]*_bom=1" id="csv-excel-link">', page)


def test_csv_rewriter_handles_records_split_across_chunks_and_quoted_newlines():
    source = 'id,text\r\nabc,"two\r\nlines, ""quoted"""\r\ndef,plain\r\n'
    expected = list(csv.reader(io.StringIO(source)))
    for size in (1, 2, 5, 7, len(source)):
        rewriter = CsvWithUrls(lambda key: f"http://h/{key}", bom=True)
        out = "".join(rewriter.feed(source[i : i + size]) for i in range(0, len(source), size)) + rewriter.close()
        assert out.startswith("\ufeff")
        assert list(csv.reader(io.StringIO(out[1:]))) == [row + [extra] for row, extra in zip(expected, ["url", "http://h/abc", "http://h/def"])]


def test_query_string_and_json_rewrites():
    assert without_search_columns("_search=x") == "_search=x&_nocol=search_text&_nocol=quote_search"
    assert without_search_columns("_col=text&_col=search_text") == "_col=text"
    assert without_search_columns("_nocol=search_text") == "_nocol=search_text&_nocol=quote_search"
    assert rewrite_json(b"not json", str) == b"not json"
    assert json.loads(rewrite_json(b'[{"id": "a"}]', lambda k: "u/" + k)) == [{"id": "a", "url": "u/a"}]


# --- the Python reading of a query -------------------------------------------------------


def test_matches_and_hit_spans_read_queries_as_the_index_does():
    text = "DeepSeek宣称训练只花了约560万美元,成本很低。GPT-5 beat GPT-50."
    assert matches(text, "DeepSeek 成本") and matches(text, "成本 DeepSeek") and not matches(text, "DeepSeek成本")
    assert matches(text, "gpt-5") and not matches(text, "元成")  # 元,成: a clause end between
    assert [text[a:b] for a, b in hit_spans(text, "deepseek 成本 GPT-5")] == ["DeepSeek", "成本", "GPT-5"]
    other = "the GPT-50 and GPT-5"
    assert [other[a:b] for a, b in hit_spans(other, "GPT-5")] == ["GPT-5"]


def test_words_of_a_phrase():
    assert words_of("DeepSeek成本") == ["DeepSeek", "成本"]
    assert words_of("K2 Thinking") == ["K2", "Thinking"]
