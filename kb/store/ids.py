"""Short, URL-safe ids derived from content, so links to a claim survive rebuilds."""

import base64
import hashlib
import unicodedata


def content_id(*parts: str, length: int = 12) -> str:
    """Hash the parts (NUL-joined, NFC-normalized) to `length` lowercase base32 characters."""
    joined = "\0".join(unicodedata.normalize("NFC", p) for p in parts)
    digest = hashlib.sha256(joined.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:length]


def article_id(key: str) -> str:
    """An article is identified by its url, or else its title and publication time (see kb.extract.article.Article.identity)."""
    return content_id("article", key, length=10)


def claim_id(article_id: str, sentence: str, occurrence: int) -> str:
    """`occurrence` counts earlier identical sentences in the same article, so repeats get distinct ids."""
    return content_id("claim", article_id, " ".join(sentence.split()), str(occurrence))
