"""Small helpers for links and dates shown on pages and in ClaimReview."""

from urllib.parse import urlparse


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
