"""A saved or fetched news page: its metadata, its story text and its headings; or why it is not an article.

trafilatura does the heavy lifting: `extract_metadata` (title, author, canonical
URL, site name, from og:*, JSON-LD, <meta> and bylines) and `bare_extraction`
(the story's paragraphs and <h2>-<h6> headings, without nav, asides, figure
captions, share bars and footers). Measured on the 15 saved pages in
tests/data/pages (`python -m tests.article_fixtures --extractors`), fields
right against the annotations, trafilatura alone -> here:
title 11/15 -> 15/15, author 9/14 -> 14/14, site 10/11 -> 11/11, canonical
URL 6/6 -> 6/6, published time exact with its zone: htmldate with a time
format 10/15, here 15/15 (the day alone: trafilatura and htmldate 15/15).

- the published *time* and its zone: trafilatura and htmldate's default keep
  only the day; htmldate with a time format turns a missing time into 00:00
  and loses fractions and zones it cannot parse. So the page's own
  machine-readable field is read first, as written (`article:published_time`,
  JSON-LD `datePublished`, `<time datetime>`, `itemprop=datePublished`), and
  htmldate's day is the fallback (a byline with a time in the text beats it);
- the title: trafilatura keeps `<title>`'s "| Site" tail when there is no
  og:title; the `<h1>` is taken when the title is it plus such a tail;
- the site name: trafilatura title-cases og:site_name (中央社 CNA -> 中央社 Cna),
  so og:site_name and JSON-LD publisher are read as written first;
- the author: JSON-LD `author` first (several joined with ", "), then
  trafilatura's, then the byline in the text;
- the language: `<html lang>`, og:locale, Content-Language, checked against
  the text (kb.extract.language).
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import urlparse

import lxml.html

from kb import KBError
from kb.extract import byline

_DATE_FIELDS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@name='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
)
# After JSON-LD: generic names that some pages fill with a display time, without a zone.
_LOOSE_DATE_FIELDS = (
    "//meta[@name='pubdate' or @name='publishdate' or @name='PublishDate' or @name='publish-date' or @name='date']/@content",
    "//meta[@property='og:published_time' or @property='og:article:published_time']/@content",
    "//*[@itemprop='datePublished']/@datetime",
    "//time[@datetime][1]/@datetime",
)
_NEWS_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "OpinionNewsArticle",
               "LiveBlogPosting", "WebPage"}
# A login wall or paywall: a password field, or these words, with little story text.
_WALL = re.compile(r"sign in to (?:continue|read)|log in to (?:continue|read)|subscribe to (?:continue|read)|"
                   r"登入後|登录后|登入以|請先登入|请先登录|訂閱後閱讀|订阅后阅读|付費會員|付费会员", re.I)
MIN_STORY_CHARS = {"zh": 60, "en": 200}
# A home page: many links per character of story text.
MIN_LINKS_FOR_INDEX = 30
MAX_LINKS_PER_100_CHARS = 2.0


@dataclass
class PageMetadata:
    title: str | None = None
    canonical_url: str | None = None
    published_at: str | None = None
    site: str | None = None
    author: str | None = None
    language: str | None = None
    page_type: str | None = None
    # False when the date is htmldate's guess (a day, no time), which a byline in the text may better
    date_declared: bool = True


def _tree(html: str):
    # lxml refuses a str that still carries an XML encoding declaration
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    return lxml.html.fromstring(html)


def _first(tree, paths) -> str | None:
    for path in paths:
        for value in tree.xpath(path):
            value = str(value).strip()
            if value:
                return value
    return None


def _json_ld(tree) -> list[dict]:
    """The JSON-LD objects of a page, @graph flattened; a broken block is skipped (pages carry broken ones)."""
    found = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                stack += item.get("@graph", []) if isinstance(item.get("@graph"), list) else []
    return found


def _types(item: dict) -> set[str]:
    kind = item.get("@type", [])
    return set(kind if isinstance(kind, list) else [kind])


def _name(value) -> str | None:
    if isinstance(value, list):
        names = [n for n in map(_name, value) if n]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        return _name(value.get("name"))
    return value.strip() if isinstance(value, str) and value.strip() else None


def page_metadata(html: str, name: str) -> PageMetadata:
    """Title, canonical URL, publication time, site, author and language of a page, as it declares them."""
    from trafilatura import extract_metadata

    tree = _tree(html)
    found = extract_metadata(html)
    ld = _json_ld(tree)
    story = next((item for item in ld if _types(item) & _NEWS_TYPES - {"WebPage"}), None)
    meta = PageMetadata()
    meta.title = _title(tree, found.title if found else None, _name((story or {}).get("headline")))
    meta.canonical_url = _first(tree, ["//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"]) or (
        found.url if found else None)
    raw_date = _first(tree, _DATE_FIELDS) or (story or {}).get("datePublished") or _first(tree, _LOOSE_DATE_FIELDS)
    parsed = byline.parse_date(str(raw_date)) if raw_date else None
    if parsed:
        meta.published_at = parsed[0]
    else:
        from htmldate import find_date

        meta.published_at = find_date(html, original_date=True, extensive_search=True, url=meta.canonical_url)
        meta.date_declared = False
    publisher = _name((story or {}).get("publisher"))
    meta.site = _first(tree, ["//meta[@property='og:site_name']/@content"]) or publisher or (
        found.sitename if found else None) or (found.hostname if found else None)
    meta.author = _name((story or {}).get("author")) or (found.author if found else None)
    if meta.author and meta.site and meta.author.strip().lower() == meta.site.strip().lower():
        meta.author = None  # "author": the outlet itself, not a person
    meta.language = _first(tree, ["/html/@lang", "//html/@lang", "//meta[@property='og:locale']/@content",
                                  "//meta[@http-equiv='Content-Language']/@content"])
    meta.page_type = _first(tree, ["//meta[@property='og:type']/@content"])
    if not meta.page_type and ld:
        meta.page_type = "article" if story else ",".join(sorted(_types(ld[0]))) or None
    return meta


def _title(tree, extracted: str | None, headline: str | None) -> str | None:
    """The headline: the page's <h1> when <title>/og:title is it plus the site's name ("… | Reuters")."""
    h1 = next((t for t in (_text(h) for h in tree.xpath("//h1")) if t), None)
    if h1 and (not extracted or h1 in extracted or (headline and h1 == headline)):
        return h1
    return headline or extracted or h1


def page_body(html: str, name: str, meta: PageMetadata) -> tuple[str, frozenset[str]]:
    """The story as text (a paragraph per line, blank lines between) and the lines that are its headings.

    Refuses, with a message that says which, a page that is not an article:
    a video page, a login wall, a home page of links.
    """
    import trafilatura
    from trafilatura.settings import use_config

    config = use_config()
    # trafilatura falls back to a flat, one-paragraph text below 250 extracted characters; a
    # short news item is still a story, whose paragraphs and headings we keep
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "20"
    doc = trafilatura.bare_extraction(html, with_metadata=False, include_formatting=True, include_comments=False,
                                      include_tables=False, include_images=False, config=config)
    paragraphs, headings = [], set()
    body = doc.body if doc is not None else None
    for element in _blocks(body):
        text = _text(element)
        if element.tag == "head" and element.get("rend") == "h1":
            continue  # the headline: the article's title, never a claim or a section
        if element.tag == "head" and text:
            headings.add(text)
        paragraphs.append(text)
    paragraphs = [p for p in paragraphs if p]
    text = "\n\n".join(paragraphs)
    _refuse_non_article(html, name, meta, text)
    return text, frozenset(headings)


_BLOCKS = {"head", "p", "item", "quote", "code"}


def _blocks(body) -> list:
    """Paragraphs, headings and list items in order, outermost only; when trafilatura falls
    back to a page's own markup they sit inside nested <div>s."""
    if body is None:
        return []
    found = []
    for element in body.iter(*_BLOCKS):
        parent, nested = element.getparent(), False
        while parent is not None and parent is not body:
            if parent.tag in _BLOCKS:
                nested = True
                break
            parent = parent.getparent()
        if not nested:
            found.append(element)
    return found


def _text(element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def _refuse_non_article(html: str, name: str, meta: PageMetadata, text: str) -> None:
    tree = _tree(html)
    page_type = (meta.page_type or "").lower()
    language = "zh" if re.search(r"[\u4e00-\u9fff]", text[:2000]) else "en"
    prose = sum(len(p) for p in text.split("\n") if p.strip().endswith(tuple("。！？.!?」”\"")))
    if page_type.startswith("video") or "videoobject" in page_type:
        raise KBError(f"{name}: a video page, not an article (og:type {meta.page_type!r}); add the article text instead")
    if prose < MIN_STORY_CHARS[language] and (tree.xpath("//input[@type='password']") or _WALL.search(html)):
        raise KBError(f"{name}: a login or subscription wall, not the article: the page holds no story text "
                      "(save the page while logged in, or paste the text into a .txt file)")
    links = len(tree.xpath("//a[@href]"))
    if links >= MIN_LINKS_FOR_INDEX and links > MAX_LINKS_PER_100_CHARS * prose / 100 and (
        page_type in ("website", "") or urlparse(meta.canonical_url or "").path in ("", "/")
    ):
        raise KBError(f"{name}: a home page or list of links ({links} links, {prose} characters of prose), "
                      "not an article; add the article's own page")
    if prose < MIN_STORY_CHARS[language] // 3:
        raise KBError(f"{name}: no article text found in the page (navigation, scripts or media only?)")

