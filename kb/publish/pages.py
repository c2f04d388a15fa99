"""What the published pages show: pure functions over a sqlite3 connection.

The Datasette plugins (plugins/claim_page.py) only call these; the templates
only lay out what they return. Every piece of text from the database reaches
the HTML through Jinja's autoescaping, or through `markupsafe.escape` here when
this module builds HTML itself (highlighted quantities, JSON-LD).
"""

import json
from itertools import groupby
import sqlite3
from urllib.parse import urlparse

from markupsafe import Markup, escape

STATUS_LABELS = {
    "unverified": "Unverified",
    "supported": "Supported",
    "partly_supported": "Partly supported",
    "misleading": "Misleading",
    "refuted": "Refuted",
    "unverifiable": "Unverifiable",
}
# The ClaimReview rating scale: how far the evidence bears the claim out.
RATING_SCALE = {"refuted": 1, "misleading": 2, "unverifiable": 3, "partly_supported": 4, "supported": 5}
WORST_RATING, BEST_RATING = 1, 5
STANCE_LABELS = {"supports": "Supports", "refutes": "Refutes", "context": "Context"}
QUALIFIER_LABELS = {
    "exact": "",
    "approx": "approx",
    "lt": "less than",
    "lte": "at most",
    "gt": "more than",
    "gte": "at least",
    "range": "range",
    "vague": "vague",
}


def rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def one(conn: sqlite3.Connection, sql: str, params=()) -> dict | None:
    found = rows(conn, sql, params)
    return found[0] if found else None


def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status or "", (status or "").replace("_", " ").capitalize())


def format_number(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text


def format_quantity(q: dict) -> str:
    """The normalized reading of a quantity, e.g. `5,600,000 USD, approx`, `1–2 x, range` or `5.2 % up`."""
    if q.get("value") is None:
        return ""
    number = format_number(q["value"])
    if q.get("high") is not None:
        number += "–" + format_number(q["high"])
    text = " ".join(part for part in (number, q.get("unit") or "") if part)
    per = [format_number(q["per_value"])] if q.get("per_value") not in (None, 1) else []
    per += [q["per_unit"]] if q.get("per_unit") else []
    if per:
        text += " per " + " ".join(per)
    if q.get("change") in ("up", "down"):
        text += f" {q['change']}"  # a change (rose by 250), not a level
    qualifier = QUALIFIER_LABELS.get(q.get("qualifier") or "exact", q.get("qualifier") or "")
    return f"{text}, {qualifier}" if qualifier else text


def highlight(text: str, quantities: list[dict]) -> Markup:
    """The claim text, escaped, with each quantity in a <mark> titled by its normalized value."""
    out, at = [], 0
    for q in sorted(quantities, key=lambda q: (q["start"], q["end"])):
        start, end = q["start"], q["end"]
        if start < at or end <= start or end > len(text):
            continue
        out.append(escape(text[at:start]))
        out.append(
            Markup('<mark class="quantity" title="{}">{}</mark>').format(format_quantity(q), text[start:end])
        )
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def safe_url(url: str | None) -> str | None:
    """The url if it may be a link (http or https), else None: no javascript: links."""
    if url and urlparse(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def domain(url: str | None) -> str:
    host = urlparse(url or "").hostname or ""
    return host.removeprefix("www.")


def date_part(value: str | None) -> str | None:
    return value[:10] if value else None


def quantities_of(conn: sqlite3.Connection, claim_ids: list[str]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {cid: [] for cid in claim_ids}
    for chunk in range(0, len(claim_ids), 500):
        part = claim_ids[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        for q in rows(conn, f"select * from quantities where claim_id in ({marks}) order by claim_id, start", part):
            q["normalized"] = format_quantity(q)
            found[q["claim_id"]].append(q)
    return found


def claim_summary(claim: dict, quantities: list[dict]) -> dict:
    """What a list of claims shows for one claim."""
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
    permalink = f"{base_url.rstrip('/')}/claims/claims/{claim_id}"
    article_link = f"{base_url.rstrip('/')}/claims/articles/{claim['article_id']}"
    review = claim_review(claim, article, verdicts, permalink, article_link)
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
        "permalink": permalink,
        "claim_review": review,
        "json_ld": json_ld(review) if review else None,
        "rating_scale": [(status_label(s), n) for s, n in sorted(RATING_SCALE.items(), key=lambda i: i[1])],
    }


def claim_review(claim: dict, article: dict | None, verdicts: list[dict], permalink: str, article_link: str) -> dict | None:
    """A schema.org ClaimReview of the latest verdict, or None when the claim has no rated verdict."""
    if not verdicts or verdicts[-1]["status"] not in RATING_SCALE:
        return None
    verdict = verdicts[-1]
    article = article or {}
    appearance = {
        "@type": "NewsArticle",
        "url": safe_url(article.get("url")) or article_link,
        "headline": article.get("title"),
        "datePublished": date_part(article.get("published_at")),
        "publisher": {"@type": "Organization", "name": article["site"]} if article.get("site") else None,
    }
    item = {
        "@type": "Claim",
        "appearance": _compact(appearance),
        "datePublished": date_part(article.get("published_at")),
        "author": {"@type": "Organization", "name": article.get("origin") or article.get("site")}
        if (article.get("origin") or article.get("site"))
        else None,
    }
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": permalink,
        "claimReviewed": claim["text"],
        "datePublished": date_part(verdict["created_at"]),
        "author": {"@type": "Organization", "name": verdict["author"]},
        "itemReviewed": _compact(item),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_SCALE[verdict["status"]],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": status_label(verdict["status"]),
            "ratingExplanation": verdict["note"],
        },
    }
    return _compact(review)


def _compact(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if v not in (None, "", {})}


def json_ld(obj: dict) -> Markup:
    """JSON for a <script type="application/ld+json">: `<`, `>` and `&` escaped so no text can end the script."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def article_page(conn: sqlite3.Connection, article_id: str) -> dict | None:
    """An article's claims in order (current ones, then those the article no longer contains)."""
    article = one(conn, "select id, title, url, site, origin, published_at, language, text from articles where id = ?", [article_id])
    if article is None:
        return None
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
