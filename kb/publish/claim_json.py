"""One claim with everything known about it, as JSON: `/claims/claims/<id>/full.json`.

Datasette's own `/claims/claims/<id>.json` is the claims row only. This adds
the quantities (with their reading as people write it), citations, checks,
the checks of other claims that read its figures, corroborations, the verdict
history and the ClaimReview (kb.publish.claimreview), from the same
kb.publish.pages.claim_page the claim page shows.
"""

import json
import sqlite3

from kb.publish import pages
from kb.publish.claimreview import article_url
from kb.store.search import SEARCH_COLUMNS

PAGE_ONLY = ("html", "quantities", *SEARCH_COLUMNS)  # HTML and index columns, not data


def claim_json(conn: sqlite3.Connection, claim_id: str, base_url: str) -> dict | None:
    page = pages.claim_page(conn, claim_id, base_url)
    if page is None:
        return None
    claim = {k: v for k, v in page["claim"].items() if k not in PAGE_ONLY}
    quantities = [{**{k: v for k, v in q.items() if k != "normalized"}, "written": q.get("normalized")} for q in page["claim"]["quantities"]]
    citations = [{k: v for k, v in c.items() if k not in ("href",)} for c in page["citations"]]
    article = {k: v for k, v in (page["article"] or {}).items() if k != "href"} or None
    if article:
        article["page"] = article_url(base_url, article["id"])
    return {
        "claim": {**claim, "url": page["permalink"]},
        "article": article,
        "quantities": quantities,
        "citations": citations,
        "checks": page["checks"],
        "checks_reading_its_figures": page["read_by_checks"],
        "corroborations": page["corroborations"],
        "verdicts": page["verdicts"],
        "claim_review": page["claim_review"],
    }


def dumps(data) -> str:
    """JSON with Chinese as is (not \\u escapes)."""
    return json.dumps(data, ensure_ascii=False, indent=2)
