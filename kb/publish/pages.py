"""What the published pages show: pure functions over a sqlite3 connection.

The Datasette plugins (plugins/claim_page.py) only call these; the templates
only lay out what they return. Every piece of text from the database reaches
the HTML through Jinja's autoescaping, or through `markupsafe.escape` here when
this module builds HTML itself (highlighted quantities, JSON-LD).
"""

import json
from itertools import groupby
import sqlite3

from markupsafe import Markup, escape

from kb.publish import matches
from kb.publish.claimreview import RATING_SCALE, article_url, claim_review, claim_url
from kb.publish.labels import STANCE_LABELS, STATUS_LABELS, status_label
from kb.publish.numbers import format_quantity, language_of
from kb.publish.urls import domain, safe_url


def rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def one(conn: sqlite3.Connection, sql: str, params=()) -> dict | None:
    found = rows(conn, sql, params)
    return found[0] if found else None


def highlight(text: str, quantities: list[dict]) -> Markup:
    """The claim text, escaped, with each quantity in a <mark> titled by its value as a reader writes it."""
    out, at, lang = [], 0, language_of(text)
    for q in sorted(quantities, key=lambda q: (q["start"], q["end"])):
        start, end = q["start"], q["end"]
        if start < at or end <= start or end > len(text):
            continue
        out.append(escape(text[at:start]))
        out.append(
            Markup('<mark class="quantity" title="{}">{}</mark>').format(format_quantity(q, lang), text[start:end])
        )
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def quantities_of(conn: sqlite3.Connection, claim_ids: list[str]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {cid: [] for cid in claim_ids}
    for chunk in range(0, len(claim_ids), 500):
        part = claim_ids[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        for q in rows(conn, f"select * from quantities where claim_id in ({marks}) order by claim_id, start", part):
            found[q["claim_id"]].append(q)
    return found


def claim_summary(claim: dict, quantities: list[dict]) -> dict:
    """What a list of claims shows for one claim (its figures written in the claim's language)."""
    lang = language_of(claim["text"])
    for q in quantities:
        q["normalized"] = format_quantity(q, lang)
    return {
        **claim,
        "status_label": status_label(claim["status"]),
        "html": highlight(claim["text"], quantities),
        "quantities": quantities,
    }


def claim_page(conn: sqlite3.Connection, claim_id: str, base_url: str) -> dict | None:
    """Everything the claim page shows; `base_url` is the site root, e.g. `http://host:8001`."""
    claim = one(conn, "select * from claims where id = ?", [claim_id])
    if claim is None:
        return None
    article = one(conn, "select id, title, url, site, origin, published_at, language from articles where id = ?", [claim["article_id"]])
    quantities = quantities_of(conn, [claim_id])[claim_id]
    neighbours = "select id, position, text, status from claims where article_id = ? and superseded_at is null and id != ?"
    previous = one(conn, neighbours + " and position < ? order by position desc limit 1", [claim["article_id"], claim_id, claim["position"]])
    following = one(conn, neighbours + " and position > ? order by position limit 1", [claim["article_id"], claim_id, claim["position"]])
    citations = rows(conn, "select * from citations where claim_id = ? order by stance = 'context', added_at, id", [claim_id])
    for c in citations:
        c["href"] = safe_url(c["url"])
        c["domain"] = domain(c["url"])
        c["stance_label"] = STANCE_LABELS.get(c["stance"], c["stance"])
    verdicts = rows(conn, "select * from verdicts where claim_id = ? order by created_at, rowid", [claim_id])
    for v in verdicts:
        v["status_label"] = status_label(v["status"])
        v["previous_label"] = status_label(v["previous_status"])
    checks = rows(conn, "select * from checks where claim_id = ? order by result, added_at, id", [claim_id])
    read_by = rows(
        conn,
        """select distinct k.id, k.claim_id, k.result, k.description from check_inputs i join checks k on k.id = i.check_id
        where i.claim_id = ? and k.claim_id != ? order by k.id""",
        [claim_id, claim_id],
    )
    corroborations = rows(
        conn,
        """select r.relation, r.shared_words, q.text as quantity, o.text as other_quantity, oc.id as other_claim_id,
        oc.text as other_text, a.title as other_article from corroborations r
        join quantities q on q.id = r.quantity_id join quantities o on o.id = r.other_quantity_id
        join claims oc on oc.id = r.other_claim_id join articles a on a.id = oc.article_id
        where r.claim_id = ? order by r.relation, a.published_at, oc.position""",
        [claim_id],
    )
    permalink = claim_url(base_url, claim_id)
    article_link = article_url(base_url, claim["article_id"])
    review = claim_review(claim, article, verdicts, permalink)
    return {
        "claim": claim_summary(claim, quantities),
        "article": {**article, "href": safe_url(article["url"])} if article else None,
        "previous": previous,
        "next": following,
        "citations": citations,
        "verdicts": verdicts,
        "checks": checks,
        "read_by_checks": read_by,
        "corroborations": corroborations,
        **matches.claim_matches(conn, claim),
        "permalink": permalink,
        "claim_review": review,
        "json_ld": json_ld(review) if review else None,
        "rating_scale": [(status_label(s), n) for s, n in sorted(RATING_SCALE.items(), key=lambda i: i[1])],
    }


def json_ld(obj: dict) -> Markup:
    """JSON for a <script type="application/ld+json">: `<`, `>` and `&` escaped so no text can end the script."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def article_text(conn: sqlite3.Connection, rowid: int, limit: int | None = None) -> str:
    """An article's text read by incremental blob I/O: a plain select of an article over the
    served connections' SQLITE_LIMIT_LENGTH (kb.publish.limits) fails; the page shows up to it."""
    from kb.publish.limits import MAX_VALUE_BYTES

    limit = limit or MAX_VALUE_BYTES
    with conn.blobopen("articles", "text", rowid, readonly=True) as blob:
        more = len(blob) > limit
        data = blob.read(limit)
    return data.decode("utf-8", "ignore") + ("\n[… the article continues past the first 4 MB]" if more else "")


def article_page(conn: sqlite3.Connection, article_id: str) -> dict | None:
    """An article's claims in order (current ones, then those the article no longer contains)."""
    article = one(conn, "select id, title, url, site, origin, published_at, author, language, rowid as _rowid from articles where id = ?", [article_id])
    if article is None:
        return None
    article["text"] = article_text(conn, article.pop("_rowid"))
    claims = rows(conn, "select id, position, section, text, status, superseded_at from claims where article_id = ? order by superseded_at is not null, position", [article_id])
    quantities = quantities_of(conn, [c["id"] for c in claims])
    summaries = [claim_summary(c, quantities[c["id"]]) for c in claims]
    current = [c for c in summaries if not c["superseded_at"]]
    counts: dict[str, int] = {}
    for c in summaries:
        if not c["superseded_at"]:
            counts[c["status"]] = counts.get(c["status"], 0) + 1
    return {
        "article": {**article, "href": safe_url(article["url"])},
        "claims": current,
        "sections": [(section, list(group)) for section, group in groupby(current, key=lambda c: c["section"])],
        "superseded": [c for c in summaries if c["superseded_at"]],
        "status_counts": [(status, status_label(status), counts[status]) for status in STATUS_LABELS if status in counts],
        **matches.article_copies(conn, article_id),
    }


def home_page(conn: sqlite3.Connection) -> dict:
    """Counts and the article list for the home page."""
    counts = {r["status"]: r["n"] for r in rows(conn, "select status, count(*) as n from claims where superseded_at is null group by status")}
    articles = rows(
        conn,
        "select a.id, a.title, a.site, a.published_at, count(c.id) as claims from articles a"
        " left join claims c on c.article_id = a.id and c.superseded_at is null"
        " group by a.id order by a.published_at desc, a.title",
    )
    return {
        "total_claims": sum(counts.values()),
        "status_counts": [(status, status_label(status), counts[status]) for status in STATUS_LABELS if status in counts],
        "articles": articles,
        "quantity_count": one(conn, "select count(*) as n from quantities")["n"],
        "citation_count": one(conn, "select count(*) as n from citations")["n"],
    }
