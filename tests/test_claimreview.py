"""ClaimReview markup (kb/publish/claimreview.py) against schema.org's ClaimReview and Google's fact-check fields."""

from kb.publish import claimreview

CLAIM = {"id": "c1", "text": "The council spent $5.6 million on parks."}
ARTICLE = {"url": "https://news.example.net/budget", "title": "City budget grows", "site": "news.example.net",
           "origin": "Example Wire", "published_at": "2026-03-02T08:00:00"}


def verdict(status: str, author: str = "A. Checker") -> dict:
    return {"status": status, "note": "Why.", "author": author, "created_at": "2026-03-03T10:00:00+00:00"}


def review(status: str, article=ARTICLE) -> dict:
    return claimreview.claim_review(CLAIM, article, [verdict(status)], "https://facts.example.org/claims/claims/c1")


def test_author_is_the_publishing_organization_and_the_person_is_the_contributor():
    r = review("supported")
    assert r["author"] == {"@type": "Organization", "name": "claimkb", "url": "https://facts.example.org/"}
    assert r["contributor"] == {"@type": "Person", "name": "A. Checker"}
    assert r["url"] == "https://facts.example.org/claims/claims/c1" and r["datePublished"] == "2026-03-03"


def test_appearance_is_the_articles_own_url_or_absent():
    item = review("refuted")["itemReviewed"]
    assert item["appearance"] == {"@type": "NewsArticle", "url": "https://news.example.net/budget", "headline": "City budget grows",
                                  "datePublished": "2026-03-02",
                                  "publisher": {"@type": "Organization", "name": "news.example.net"}}
    assert item["author"] == {"@type": "Organization", "name": "Example Wire"}
    for url in (None, "", "javascript:alert(1)", "file:///etc/passwd"):
        item = review("refuted", {**ARTICLE, "url": url})["itemReviewed"]
        assert "appearance" not in item
        assert "facts.example.org" not in str(item)


def test_unverifiable_has_words_and_no_number_on_the_truth_scale():
    rating = review("unverifiable")["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unverifiable", "ratingExplanation": "Why."}


def test_the_truth_scale_orders_the_rated_statuses():
    values = [review(s)["reviewRating"]["ratingValue"] for s in ("refuted", "misleading", "partly_supported", "supported")]
    assert values == [1, 2, 3, 4]
    for s in ("refuted", "supported"):
        rating = review(s)["reviewRating"]
        assert (rating["worstRating"], rating["bestRating"]) == (1, 4)


def test_no_review_before_a_verdict_or_when_set_back_to_unverified():
    assert claimreview.claim_review(CLAIM, ARTICLE, [], "https://h/c") is None
    assert review("unverified") is None


def test_publisher_comes_from_metadata(monkeypatch):
    monkeypatch.setattr(claimreview, "_plugin_settings", lambda: {"publisher_name": "Desk", "publisher_url": "https://desk.example.org/about"})
    assert review("supported")["author"] == {"@type": "Organization", "name": "Desk", "url": "https://desk.example.org/about"}
