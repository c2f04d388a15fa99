"""schema.org ClaimReview: built once here for the claim page's JSON-LD, the claim's JSON
(`/claims/claims/<id>/full.json`) and `kb export claimreview`.

`claim_review` is the one function that turns a claim, its article and its
verdicts into a ClaimReview (moved unchanged from kb/publish/pages.py).
`data_feed` wraps every reviewed claim's ClaimReview in a schema.org DataFeed:
the form of Google's Fact Check Markup Tool feed published by Data Commons
(https://datacommons.org/factcheck/download), one DataFeedItem per review.
"""

import sqlite3
from typing import Iterator

from kb.publish.labels import status_label
from kb.publish.urls import date_part, safe_url

# The ClaimReview rating scale: how far the evidence bears the claim out.
RATING_SCALE = {"refuted": 1, "misleading": 2, "unverifiable": 3, "partly_supported": 4, "supported": 5}
WORST_RATING, BEST_RATING = 1, 5
ARTICLE_FIELDS = "id, title, url, site, origin, published_at, language"


def claim_url(base_url: str, claim_id: str) -> str:
    """A claim's permalink; `base_url` is the site root, e.g. `http://host:8001`."""
    return f"{base_url.rstrip('/')}/claims/claims/{claim_id}"


def article_url(base_url: str, article_id: str) -> str:
    return f"{base_url.rstrip('/')}/claims/articles/{article_id}"


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


def _rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def review_of(conn: sqlite3.Connection, claim_id: str, base_url: str) -> dict | None:
    """The ClaimReview of one claim as its page shows it, or None when it has no rated verdict."""
    claims = _rows(conn, "select * from claims where id = ?", [claim_id])
    if not claims:
        return None
    claim = claims[0]
    articles = _rows(conn, f"select {ARTICLE_FIELDS} from articles where id = ?", [claim["article_id"]])
    verdicts = _rows(conn, "select * from verdicts where claim_id = ? order by created_at, rowid", [claim_id])
    return claim_review(claim, articles[0] if articles else None, verdicts, claim_url(base_url, claim_id), article_url(base_url, claim["article_id"]))


def reviewed_claims(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(claim id, time of its latest verdict) for every claim with a verdict, latest first."""
    return [
        (row["claim_id"], row["at"])
        for row in _rows(conn, "select claim_id, max(created_at) as at from verdicts group by claim_id order by at desc, claim_id")
    ]


def reviews(conn: sqlite3.Connection, base_url: str) -> Iterator[tuple[dict, str]]:
    """(ClaimReview, time of the verdict) for every claim whose latest verdict is rated."""
    for claim_id, at in reviewed_claims(conn):
        review = review_of(conn, claim_id, base_url)
        if review:
            yield review, at


def data_feed(conn: sqlite3.Connection, base_url: str, created: str) -> dict:
    """Every rated review as one schema.org DataFeed document (one DataFeedItem per claim)."""
    elements = [
        {
            "@type": "DataFeedItem",
            "dateCreated": at,
            "dateModified": at,
            "url": review["url"],
            "item": [review_without_context(review)],
        }
        for review, at in reviews(conn, base_url)
    ]
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": "claimkb ClaimReview feed",
        "url": base_url.rstrip("/") + "/",
        "dateModified": max((e["dateModified"] for e in elements), default=created),
        "dateCreated": created,
        "dataFeedElement": elements,
    }


def review_without_context(review: dict) -> dict:
    """A ClaimReview nested in the feed: the feed's @context applies to it."""
    return {k: v for k, v in review.items() if k != "@context"}
