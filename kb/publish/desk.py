"""The fact-checker's desk: the articles page and the review queue (plugins/desk.py serves them).

- Articles (`/desk/articles`): each article's current claims counted by
  status, linking to its unreviewed claims in the claims table.
- Review queue (`/desk/queue`): the unreviewed claims to work down. Numeric
  claims first (a figure can be checked against a source), then the claims
  other articles repeat (how many other articles a corroboration links, agreeing
  or not: a figure several outlets print matters more), then the newest article
  first, in article order.
"""

import sqlite3

from kb.publish.labels import STATUS_LABELS
from kb.publish.numbers import format_quantity, language_of
from kb.publish.pages import claim_summary, quantities_of, rows

QUEUE_PAGE = 50

_REPEATS = """select r.claim_id, count(distinct oc.article_id) as repeats from corroborations r
    join claims oc on oc.id = r.other_claim_id group by r.claim_id"""


def articles_overview(conn: sqlite3.Connection) -> list[dict]:
    """Every article, newest first, with `counts` [(status, n)] of its current claims and `unreviewed`."""
    found = rows(conn, "select id, title, site, origin, published_at, language from articles order by published_at desc, title")
    counts: dict[str, dict[str, int]] = {}
    for row in rows(conn, "select article_id, status, count(*) as n from claims where superseded_at is null group by article_id, status"):
        counts.setdefault(row["article_id"], {})[row["status"]] = row["n"]
    for article in found:
        mine = counts.get(article["id"], {})
        article["claims"] = sum(mine.values())
        article["unreviewed"] = mine.get("unverified", 0)
        article["counts"] = [(status, mine[status]) for status in STATUS_LABELS if mine.get(status)]
    return found


def review_queue(conn: sqlite3.Connection, page: int = 1, size: int = QUEUE_PAGE) -> dict:
    """One page of the queue: `claims` (with `repeats`, `citations`, `figure`), `total`, `page`, `pages`."""
    total = conn.execute("select count(*) from claims where status = 'unverified' and superseded_at is null").fetchone()[0]
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    found = rows(
        conn,
        f"""select c.id, c.text, c.status, c.article_id, c.section, c.position, c.value, c.unit, c.superseded_at,
            a.title as article, a.published_at, coalesce(r.repeats, 0) as repeats,
            (select count(*) from citations x where x.claim_id = c.id) as citations
        from claims c join articles a on a.id = c.article_id left join ({_REPEATS}) r on r.claim_id = c.id
        where c.status = 'unverified' and c.superseded_at is null
        order by c.value is null, repeats desc, a.published_at desc, c.article_id, c.position
        limit ? offset ?""",
        [size, (page - 1) * size],
    )
    quantities = quantities_of(conn, [c["id"] for c in found])
    claims = []
    for n, claim in enumerate(found, start=(page - 1) * size + 1):
        summary = claim_summary(claim, quantities[claim["id"]])
        main = next((q for q in summary["quantities"] if q["value"] == claim["value"] and q["unit"] == claim["unit"]), None)
        summary["figure"] = format_quantity(main, language_of(claim["text"])) if main else ""
        summary["rank"] = n
        claims.append(summary)
    return {"claims": claims, "total": total, "page": page, "pages": pages, "size": size}
