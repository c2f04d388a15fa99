"""`kb add URL`: fetch a news page, keep it byte for byte, and record where and when it came from.

The page is saved as `articles/<host>_<article id>.html`, exactly the bytes
the server sent, and beside it `<same name>.yml`, the fetch record:

    url: https://www.example.com/news/1      # the address after redirects
    fetched_at: '2024-08-12T00:04:25+00:00'
    content_type: text/html; charset=gbk
    encoding: gbk                            # the HTTP charset, when the server names one

`kb build` reads both back (kb.extract.article.read_article) without the network.
"""

from dataclasses import dataclass
from urllib.parse import urlparse

import httpx

from kb import KBError
from kb.store.db import now

TIMEOUT_SECONDS = 20.0
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "claimkb/0.1 (fact-check knowledge base)"


@dataclass
class FetchedPage:
    url: str
    data: bytes
    fetched_at: str
    content_type: str
    encoding: str | None

    @property
    def record(self) -> dict:
        record = {"url": self.url, "fetched_at": self.fetched_at, "content_type": self.content_type}
        if self.encoding:
            record["encoding"] = self.encoding
        return record


def is_url(text: str) -> bool:
    return urlparse(text).scheme in ("http", "https")


def fetch(url: str, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES) -> FetchedPage:
    """GET a page, following redirects; a KBError naming the URL when it cannot be an article page."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise KBError(f"{url}: not an http(s) URL")
    try:
        with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout,
                          headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise KBError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
                content_type = response.headers.get("content-type", "")
                if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
                    raise KBError(f"{url}: not an HTML page (content type {content_type or 'not given'!r})")
                declared = int(response.headers.get("content-length") or 0)
                if declared > max_bytes:
                    raise KBError(f"{url}: too large ({declared:,} bytes; the limit is {max_bytes:,})")
                chunks, size = [], 0
                # decompressed bytes are counted: a small gzip body can unpack to gigabytes
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise KBError(f"{url}: too large (over {max_bytes:,} bytes)")
                    chunks.append(chunk)
                data = b"".join(chunks)
                final_url = str(response.url)
    except httpx.TooManyRedirects:
        raise KBError(f"{url}: too many redirects (more than {MAX_REDIRECTS})") from None
    except httpx.TimeoutException:
        raise KBError(f"{url}: unreachable (no answer within {timeout:g} s)") from None
    except httpx.HTTPError as exc:
        raise KBError(f"{url}: unreachable ({type(exc).__name__}: {exc})") from None
    return FetchedPage(final_url, data, now(), content_type, _charset(content_type))


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def file_name(url: str, article_id: str) -> str:
    """`www.example.com_1a2b3c4d5e6f7a8b.html`: the site, then the article's id."""
    host = (urlparse(url).hostname or "page").lower()
    return f"{host}_{article_id}.html"
