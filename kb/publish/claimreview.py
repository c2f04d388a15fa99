"""schema.org ClaimReview (https://schema.org/ClaimReview), the markup Google's Fact Check
Explorer and other aggregators read: built once here for the claim page's JSON-LD, the
claim's JSON (`/claims/claims/<id>/full.json`) and `kb export claimreview`.

- `author` is the organization publishing the fact-check (metadata.yml:
  `plugins: claimkb: publisher_name / publisher_url`); the person who gave the
  verdict (`kb verdict --author`) is the review's `contributor`, and stays in
  the page's verdict history and in the verdicts table.
- `itemReviewed.appearance` is where the claim was published: the article's own
  URL, left out when the article has none (never a page of this site).
- `reviewRating` places refuted, misleading, partly supported and supported on a
  1-4 truth scale; `unverifiable` says the evidence cannot decide, so it gets
  only its words (`alternateName`), no number on that scale.
- `data_feed` wraps every review in a schema.org DataFeed: the form of Google's
  Fact Check Markup Tool feed published by Data Commons
  (https://datacommons.org/factcheck/download), one DataFeedItem per review.
"""

import sqlite3
from functools import lru_cache
from typing import Iterator
from urllib.parse import urlparse

import yaml

from kb.publish.labels import status_label
from kb.publish.urls import date_part, safe_url

STATUSES = ("supported", "partly_supported", "misleading", "refuted", "unverifiable")  # what a review can say
RATING_SCALE = {"refuted": 1, "misleading": 2, "partly_supported": 3, "supported": 4}
WORST_RATING, BEST_RATING = 1, 4
ARTICLE_FIELDS = "id, title, url, site, origin, published_at, language"


def claim_url(base_url: str, claim_id: str) -> str:
    """A claim's permalink; `base_url` is the site root, e.g. `http://host:8001`."""
    return f"{base_url.rstrip('/')}/claims/claims/{claim_id}"


def article_url(base_url: str, article_id: str) -> str:
    return f"{base_url.rstrip('/')}/claims/articles/{article_id}"


@lru_cache(maxsize=1)
def _plugin_settings() -> dict:
    from kb.publish.serve import METADATA

    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8")) or {}
    return (metadata.get("plugins") or {}).get("claimkb") or {}


def publisher(site_root: str) -> dict:
    """The organization publishing the fact-checks; its url defaults to this site's root."""
    settings = _plugin_settings()
    return _compact({
        "@type": "Organization",
        "name": settings.get("publisher_name") or "claimkb",
        "url": safe_url(settings.get("publisher_url")) or site_root.rstrip("/") + "/",
    })


def claim_review(claim: dict, article: dict | None, verdicts: list[dict], permalink: str) -> dict | None:
    """The ClaimReview of the latest verdict, or None while the claim has none (or only `unverified`).

    The site root (the publisher's default url) is taken from the permalink.
    """
    if not verdicts or verdicts[-1]["status"] not in STATUSES:
        return None
    verdict = verdicts[-1]
    article = article or {}
    url = safe_url(article.get("url"))
    appearance = _compact({
        "@type": "NewsArticle",
        "url": url,
        "headline": article.get("title"),
        "datePublished": date_part(article.get("published_at")),
        "publisher": {"@type": "Organization", "name": article["site"]} if article.get("site") else None,
    }) if url else None
    claimant = article.get("origin") or article.get("site")
    item = {
        "@type": "Claim",
        "appearance": appearance,
        "datePublished": date_part(article.get("published_at")),
        "author": {"@type": "Organization", "name": claimant} if claimant else None,
    }
    rating = {"@type": "Rating"}
    if verdict["status"] in RATING_SCALE:
        rating |= {"ratingValue": RATING_SCALE[verdict["status"]], "bestRating": BEST_RATING, "worstRating": WORST_RATING}
    rating |= {"alternateName": status_label(verdict["status"]), "ratingExplanation": verdict["note"]}
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": permalink,
        "claimReviewed": claim["text"],
        "datePublished": date_part(verdict["created_at"]),
        "author": publisher(_site_root(permalink)),
        "contributor": {"@type": "Person", "name": verdict["author"]} if verdict.get("author") else None,
        "itemReviewed": _compact(item),
        "reviewRating": _compact(rating),
    }
    return _compact(review)


def _site_root(permalink: str) -> str:
    parsed = urlparse(permalink)
    return f"{parsed.scheme}://{parsed.netloc}/"


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
    return claim_review(claim, articles[0] if articles else None, verdicts, claim_url(base_url, claim_id))


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
