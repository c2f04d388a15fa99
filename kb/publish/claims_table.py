"""The claims table (and search results) as a reader sees it, built in Python.

Columns: the claim (wide, linking to its page, search terms marked, and the
source quote a hit was found through when the sentence itself does not match),
its article, section, main figure (as people write it) and status in words.
Offsets, position and the index columns stay in the JSON and CSV only.

Datasette renders templates with Jinja in async mode, where every output piece
of every cell is awaited: 51 rows of 11 cells took ~12 ms a page, a third of a
search's time at a million claims. The same markup joined here takes under 1 ms
(templates/_table-claims-claims.html calls it as the `claims_rows` filter).
"""

import sqlite3

from markupsafe import Markup, escape

from kb.publish.labels import status_label
from kb.publish.numbers import format_quantity, language_of
from kb.store.search import hit_spans, matches

# (heading, the column it sorts by or None)
COLUMNS = (("Claim", None), ("Article", None), ("Section", "section"), ("Main figure", "value"), ("Status", "status"))


def marked(text: str, search: str | None) -> Markup:
    """`text` escaped, with the search's phrases in <mark class="hit">."""
    if not search:
        return escape(text)
    out, at = [], 0
    for start, end in hit_spans(text, search):
        out += [escape(text[at:start]), Markup('<mark class="hit">{}</mark>').format(text[start:end])]
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def raw_row(row) -> dict:
    """A row of Datasette's `display_rows` as {column: stored value}."""
    return {cell["column"]: cell["raw"] for cell in row}


def row_extras(conn: sqlite3.Connection, rows: list[dict], search: str | None) -> dict[str, dict]:
    """Per claim id: `figure`, its main quantity as written for readers; `article`, its article's
    title; `quote`, the citation quote a search hit was found through when the sentence does not match."""
    ids = [r["id"] for r in rows if r.get("id")]
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    quantities: dict[str, list[dict]] = {}
    cursor = conn.execute(
        f"select claim_id, value, high, unit, qualifier, per_value, per_unit from quantities where claim_id in ({marks}) order by claim_id, start",
        ids,
    )
    names = [d[0] for d in cursor.description]
    for values in cursor:
        q = dict(zip(names, values))
        quantities.setdefault(q["claim_id"], []).append(q)
    article_ids = sorted({r["article_id"] for r in rows if r.get("article_id")})
    titles = dict(conn.execute(f"select id, title from articles where id in ({','.join('?' * len(article_ids))})", article_ids).fetchall())
    extras = {}
    for r in rows:
        found = quantities.get(r["id"], [])
        main = next((q for q in found if q["value"] == r.get("value") and q["unit"] == r.get("unit")), None)
        main = main or next((q for q in found if q["value"] is not None), None)
        if main is None and r.get("value") is not None:
            main = {"value": r["value"], "unit": r.get("unit")}
        extras[r["id"]] = {
            "figure": format_quantity(main, language_of(r.get("text"))) if main else "",
            "article": titles.get(r.get("article_id")),
            "quote": None,
        }
    if search:
        quote_only = [
            r["id"] for r in rows
            if not (matches(r["search_text"], search, segmented=True) if r.get("search_text") else matches(r.get("text") or "", search))
        ]
        for claim_id in quote_only:
            quotes = conn.execute("select quote from citations where claim_id = ? and quote is not null order by added_at, id", [claim_id])
            extras[claim_id]["quote"] = next((q for (q,) in quotes if matches(q, search)), None)
    return extras


def rows_html(display_rows, extras: dict | None = None, search: str | None = None, row_url=None) -> Markup:
    """One `<tr>` per claim: claim (linked), article (linked), section, main figure, status.

    `display_rows` are Datasette's cells; `row_url(table, id)` gives a row page's path.
    """
    row_url = row_url or (lambda table, key: f"/claims/{table}/{key}")
    extras = extras or {}
    out = []
    for row in display_rows:
        raw = raw_row(row)
        claim_id = raw.get("id") or ""
        extra = extras.get(claim_id, {})
        claim = Markup('<a class="claim-link" href="{}">{}</a>').format(row_url("claims", claim_id), marked(raw.get("text") or "", search))
        article = raw.get("article_id")
        article = Markup('<a href="{}">{}</a>').format(row_url("articles", article), extra.get("article") or article) if article else ""
        if extra.get("quote"):
            claim += Markup('<div class="via-quote">Found in a source: <q>{}</q></div>').format(marked(extra["quote"], search))
        status = raw.get("status") or ""
        out.append(
            "<tr>"
            f'<td class="col-claim" lang="{language_of(raw.get("text"))}">{claim}</td>'
            f'<td class="col-article_id">{article}</td>'
            f'<td class="col-section">{escape(raw.get("section") or "")}</td>'
            f'<td class="col-value">{escape(extra.get("figure", ""))}</td>'
            f'<td class="col-status"><span class="badge status-{escape(status)}">{escape(status_label(status))}</span></td>'
            "</tr>"
        )
    return Markup("\n".join(out))
