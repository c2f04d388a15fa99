"""A claim's latest verdict as schema.org ClaimReview (https://schema.org/ClaimReview), the
markup Google's Fact Check Explorer and other aggregators read.

- `author` is the organization publishing the fact-check (metadata.yml:
  `plugins: claimkb: publisher_name / publisher_url`); the person who gave the
  verdict (`kb verdict --author`) is the review's `contributor`, and stays in
  the page's verdict history and in the verdicts table.
- `itemReviewed.appearance` is where the claim was published: the article's own
  URL, left out when the article has none (never a page of this site).
- `reviewRating` places refuted, misleading, partly supported and supported on a
  1-4 truth scale; `unverifiable` says the evidence cannot decide, so it gets
  only its words (`alternateName`), no number on that scale.
"""

from functools import lru_cache
from urllib.parse import urlparse

import yaml

STATUSES = ("supported", "partly_supported", "misleading", "refuted", "unverifiable")  # what a review can say
RATING_SCALE = {"refuted": 1, "misleading": 2, "partly_supported": 3, "supported": 4}
WORST_RATING, BEST_RATING = 1, 4


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
        "url": _http(settings.get("publisher_url")) or site_root.rstrip("/") + "/",
    })


def claim_review(claim: dict, article: dict | None, verdicts: list[dict], permalink: str, article_link: str | None = None) -> dict | None:
    """The ClaimReview of the latest verdict, or None while the claim has none (or only `unverified`).

    `article_link` is no longer used for `appearance` (kept for callers); the site root is taken from the permalink.
    """
    from kb.publish.pages import status_label  # the site's words for a status (pages imports this module)

    if not verdicts or verdicts[-1]["status"] not in STATUSES:
        return None
    verdict = verdicts[-1]
    article = article or {}
    url = _http(article.get("url"))
    appearance = _compact({
        "@type": "NewsArticle",
        "url": url,
        "headline": article.get("title"),
        "datePublished": _date(article.get("published_at")),
        "publisher": {"@type": "Organization", "name": article["site"]} if article.get("site") else None,
    }) if url else None
    claimant = article.get("origin") or article.get("site")
    item = {
        "@type": "Claim",
        "appearance": appearance,
        "datePublished": _date(article.get("published_at")),
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
        "datePublished": _date(verdict["created_at"]),
        "author": publisher(_site_root(permalink)),
        "contributor": {"@type": "Person", "name": verdict["author"]} if verdict.get("author") else None,
        "itemReviewed": _compact(item),
        "reviewRating": _compact(rating),
    }
    return _compact(review)


def _site_root(permalink: str) -> str:
    parsed = urlparse(permalink)
    return f"{parsed.scheme}://{parsed.netloc}/"


def _http(url: str | None) -> str | None:
    if url and urlparse(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def _date(value: str | None) -> str | None:
    return value[:10] if value else None


def _compact(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if v not in (None, "", {})}
