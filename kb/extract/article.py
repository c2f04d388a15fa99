"""Source text to an article: metadata, body paragraphs and the section each stands under.

The layout rules (title line, byline, headings, page furniture) are read from the
shape of the lines, not from any one site's words, so other sites' pages work too.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kb import KBError
from kb.extract import byline, furniture
from kb.extract.decoding import decode
from kb.extract.invisible import strip_invisible
from kb.extract.language import language_tag
from kb.sources import read_regular

FRONT_MATTER_KEYS = {"url", "title", "published_at", "site", "origin", "language", "encoding", "author", "canonical_url", "fetched_at"}
# What `kb add URL` records beside a fetched page (`<page>.html.yml`); see fetch.py.
FETCH_RECORD_KEYS = {"url", "fetched_at", "content_type", "encoding"}
METADATA = ("url", "title", "site", "origin", "published_at", "language", "author", "canonical_url", "fetched_at")
SENTENCE_END = tuple("。！？!?.…;；:：\"”’」』)）")
# Runs, not characters: counting run lengths builds a string per run, not one per character.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[A-Za-z]+")
_BELOW_U0250 = re.compile(r"[\x00-\u024f]+")
_NUMBERED_ROW = re.compile(r"^\s*\d{1,3}\s*[.、)）]\s*\S")
_MORE_LINK = re.compile(r"(更多|more)\s*(>>|»|›|>)\s*$", re.IGNORECASE)
# What a line is depends on the line alone, and republished stories repeat their lines:
# each distinct line is classified once per process (bounded; the Byline is only read).
_LINES_CACHED = 20_000
_read_byline = lru_cache(maxsize=_LINES_CACHED)(byline.read_byline)
_is_furniture = lru_cache(maxsize=_LINES_CACHED)(furniture.is_furniture)
_HTML = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.IGNORECASE)
MAX_HEADING_CHARS = 40
MAX_BLOCK_CHARS = 20_000
_CLOSERS = set("”’」』》）)]】\"'")


@dataclass
class Block:
    """A paragraph of the body, with its offset in `ParsedArticle.text`."""

    text: str
    start: int
    section: str | None


@dataclass
class ParsedArticle:
    title: str
    text: str
    language: str
    blocks: list[Block] = field(default_factory=list)
    url: str | None = None
    site: str | None = None
    origin: str | None = None
    published_at: str | None = None
    author: str | None = None
    canonical_url: str | None = None
    fetched_at: str | None = None
    source_path: str | None = None

    @property
    def identity(self) -> str:
        """What makes two ingests the same article: the address the page declares as its own (the
        same story fetched through a redirect or with tracking parameters), else its url, else title
        and publication time."""
        return self.canonical_url or self.url or f"{self.title}\0{self.published_at or ''}"

    @property
    def base_language(self) -> str:
        """The language without its script (zh-Hant -> zh): what picks the spaCy pipeline."""
        return self.language.split("-")[0]


def read_article(path: Path) -> ParsedArticle:
    """Read and parse one source file (text or HTML, any common encoding).

    A page `kb add URL` fetched has its fetch record beside it (`page.html.yml`):
    the URL, the fetch time and the HTTP charset, read here without the network.
    """
    data = read_regular(path)
    record = read_fetch_record(path)
    text = None
    if record.get("encoding"):
        try:
            text = decode(data, str(path), record["encoding"])
        except KBError:
            pass  # servers misstate their charset too: detect it, as a browser would
    if text is None:
        text = decode_source(data, str(path))
    article = parse_article(text, str(path))
    if record.get("url"):
        article.url = str(record["url"])
    if record.get("fetched_at"):
        article.fetched_at = str(record["fetched_at"])
    return article


def fetch_record_path(path: Path) -> Path:
    return path.with_name(path.name + ".yml")


def read_fetch_record(path: Path) -> dict:
    record_path = fetch_record_path(path)
    if not record_path.is_file():
        return {}
    try:
        record = yaml.safe_load(record_path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise KBError(f"{record_path}: not a valid fetch record: {exc}") from None
    if not isinstance(record, dict) or set(record) - FETCH_RECORD_KEYS:
        raise KBError(f"{record_path}: a fetch record has only the keys {sorted(FETCH_RECORD_KEYS)}")
    return record


def decode_source(data: bytes, name: str) -> str:
    """Decode, honouring an `encoding:` key in ASCII front matter."""
    declared = None
    if data.startswith(b"---"):
        match = re.search(rb"^encoding:\s*([\w.-]+)\s*$", data[:2048], re.MULTILINE)
        declared = match.group(1).decode("ascii") if match else None
    return decode(data, name, declared)


def parse_article(raw: str, name: str) -> ParsedArticle:
    raw = strip_invisible(raw.replace("\r\n", "\n").replace("\r", "\n"))  # kb.extract.invisible: bidi controls and the like
    meta, body = _split_front_matter(raw, name)
    if _HTML.match(body):
        article = _parse_html(body, name)
    else:
        article = _parse_text(body, name, meta.get("title"))
    for key in METADATA:
        if meta.get(key):
            setattr(article, key, str(meta[key]))
    if article.published_at:
        article.published_at = _normalize_datetime(article.published_at, name)
    base = (article.language or detect_language(article.text)).split("-")[0].split("_")[0].lower()
    if base not in ("zh", "en"):
        raise KBError(f"{name}: language {article.language or base!r} is not supported (zh or en; "
                      "a Chinese file in a legacy encoding may need `encoding:` in front matter)")
    declared = article.language if article.language and "-" in article.language else None
    article.language = language_tag(base, "\n".join(block.text for block in article.blocks), declared)
    if not any(block.text.strip() for block in article.blocks):
        raise KBError(f"{name}: no article body found (empty, whitespace only, or page furniture only)")
    article.source_path = name
    return article


def detect_language(text: str) -> str:
    """zh when Chinese characters make up at least a fifth of the letters.

    Written by hand: the choice is only zh or en, which a character count
    decides exactly, where general detectors guess among 50+ languages. Text
    written mostly in another script (hangul, kana, Cyrillic, ...) is "other",
    which `parse_article` refuses.
    """
    sample = text[:50000]
    cjk = sum(map(len, _CJK.findall(sample)))
    latin = sum(map(len, _LATIN.findall(sample)))
    other = sum(map(str.isalpha, _BELOW_U0250.sub("", sample))) - cjk
    if other > cjk + latin:
        return "other"
    return "zh" if cjk and cjk >= 0.2 * (cjk + latin / 5) else "en"


def _split_front_matter(raw: str, name: str) -> tuple[dict, str]:
    if not raw.startswith("---\n"):
        return {}, raw
    end = raw.find("\n---\n", 4)
    if end < 0:
        raise KBError(f"{name}: line 1: front matter opened with --- is never closed")
    try:
        meta = yaml.safe_load(raw[4:end]) or {}
    except yaml.YAMLError as exc:
        raise KBError(f"{name}: front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise KBError(f"{name}: front matter must be a mapping of keys to values")
    unknown = set(meta) - FRONT_MATTER_KEYS
    if unknown:
        raise KBError(f"{name}: unknown front matter keys {sorted(unknown)}; allowed: {sorted(FRONT_MATTER_KEYS)}")
    return meta, raw[end + 5 :]


def _parse_html(html: str, name: str) -> ParsedArticle:
    from kb.extract.metadata import page_body, page_metadata

    meta = page_metadata(html, name)
    text, headings = page_body(html, name, meta)
    article = _parse_text(text, name, title=meta.title, first_line_is_title=False, headings=headings)
    for key in ("site", "author", "published_at", "canonical_url", "language"):
        if key == "published_at" and article.published_at and not meta.date_declared:
            continue  # the byline's time beats htmldate's day
        if key == "language" and meta.language and meta.language.split("-")[0].split("_")[0].lower() != detect_language(text):
            continue  # a site template's <html lang="en"> around a Chinese story: the text decides
        if getattr(meta, key):
            setattr(article, key, getattr(meta, key))
    article.url = meta.canonical_url
    if not article.title:
        article.title = article.blocks[0].text[:80] if article.blocks else name
    return article


def _paragraphs(text: str) -> list[tuple[list[tuple[str, int]], int]]:
    """Runs of non-blank lines, each line with its offset."""
    blocks, current, offset = [], [], 0
    for line in text.split("\n"):
        if line.strip():
            current.append((line, offset))
        elif current:
            blocks.append(current)
            current = []
        offset += len(line) + 1
    if current:
        blocks.append(current)
    return [(lines, lines[0][1]) for lines in blocks]


def _parse_text(text: str, name: str, title: str | None, first_line_is_title: bool = True,
                headings: frozenset[str] = frozenset()) -> ParsedArticle:
    """Title, bylines, furniture, headings and body blocks of a text (or of a page's extracted text).

    `headings` are lines known to be headings (an HTML page's <h2>...); in plain
    text a heading is a short line standing alone without a sentence end.
    """
    paragraphs = _paragraphs(text)
    if not paragraphs:
        raise KBError(f"{name}: the file is empty or whitespace only")
    article = ParsedArticle(title=title or "", text=text, language="")
    if first_line_is_title:
        first_line = paragraphs[0][0][0][0].strip()
        if not title or first_line == title.strip():
            article.title = first_line
            paragraphs[0] = (paragraphs[0][0][1:], 0)
            if not paragraphs[0][0]:
                paragraphs.pop(0)
    elif title:
        # a page repeats its headline (<h1>) above the story: the title, never a claim
        while paragraphs and _same_text(" ".join(line for line, _ in paragraphs[0][0]), title):
            paragraphs.pop(0)
    section, pending_heading, in_related, first_body = None, [], False, True
    for lines, _ in paragraphs:
        kept = []
        for line, start in lines:
            stripped = line.strip()
            if found := _read_byline(stripped):
                found.merge_into(article)
            elif furniture.opens_related_list(stripped):
                in_related = True
            elif in_related and furniture.is_link_line(stripped) and stripped not in headings:
                pass  # a link under a "related" heading; a page's own next heading ends the list
            elif not (_is_furniture(stripped) or _MORE_LINK.search(stripped)):
                in_related = False
                kept.append((line, start))
        if not kept or _is_headline_list(kept):
            continue
        if len(kept) == 1 and (kept[0][0].strip() in headings or _is_heading(kept[0][0])):
            pending_heading.append(kept[0][0].strip())
            continue
        if pending_heading:
            section, pending_heading = " / ".join(pending_heading), []
        for line, start in kept:
            stripped = line.strip()
            begin, end = 0, len(stripped)
            if first_body:
                found, begin = byline.cut_dateline(stripped)
                if found:
                    found.merge_into(article)
                first_body = False
            origin, end = byline.cut_trailing_origin(stripped)
            if origin:
                article.origin = article.origin or origin
            piece_text = stripped[begin:end].strip()
            if not piece_text:
                continue
            base = start + line.index(stripped) + stripped.index(piece_text, begin)
            for piece, offset in _split_long(piece_text):
                article.blocks.append(Block(piece, base + offset, section))
    return article


def _same_text(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


def _split_long(text: str) -> list[tuple[str, int]]:
    """A line longer than MAX_BLOCK_CHARS, cut after the last sentence end within each window.

    spaCy refuses a text over a million characters, and a paragraph that long is
    a dump, not prose; cutting it at sentence ends keeps its sentences whole.
    """
    if len(text) <= MAX_BLOCK_CHARS:
        return [(text, 0)]
    pieces, at = [], 0
    while at < len(text):
        end = min(at + MAX_BLOCK_CHARS, len(text))
        if end < len(text):
            cut = max(text.rfind(ch, at + 1, end) for ch in "。！？!?；;")
            if cut > at:
                end = cut + 1
                while end < len(text) and text[end] in _CLOSERS:
                    end += 1
        piece = text[at:end]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            pieces.append((piece.strip(), at + lead))
        at = end
    return pieces


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) <= MAX_HEADING_CHARS and not stripped.endswith(SENTENCE_END) and not _NUMBERED_ROW.match(line)


def _is_headline_list(lines: list[tuple[str, int]]) -> bool:
    """Rows numbered 1, 2, 3, ... with no sentence ending: a site's list of links, not prose."""
    numbered = [line for line, _ in lines if _NUMBERED_ROW.match(line)]
    return len(numbered) >= 3 and len(numbered) >= 0.6 * len(lines)


def _normalize_datetime(value: str, name: str) -> str:
    """ISO 8601 as the source gives it: 2025-11-09T11:25:11, with its UTC offset when it names one."""
    parsed = byline.parse_date(value)
    if not parsed:
        raise KBError(f"{name}: cannot read the date {value!r}")
    return parsed[0]
