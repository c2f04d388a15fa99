"""Source text to an article: metadata, body paragraphs and the section each stands under.

The layout rules (title line, byline, headings, page furniture) are read from the
shape of the lines, not from any one site's words, so other sites' pages work too.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from kb import KBError
from kb.extract.decoding import decode
from kb.extract.invisible import strip_invisible
from kb.sources import read_regular

FRONT_MATTER_KEYS = {"url", "title", "published_at", "site", "origin", "language", "encoding"}
SENTENCE_END = tuple("。！？!?.…;；:：\"”’」』)）")
# Runs, not characters: counting run lengths builds a string per run, not one per character.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[A-Za-z]+")
_BELOW_U0250 = re.compile(r"[\x00-\u024f]+")
_DATETIME = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_BYLINE_SEPARATORS = re.compile(r"\s+[·•|｜]\s+")
_ORIGIN = re.compile(r"^(?:来源|來源|source|via)\s*[:：]\s*(.+)$", re.IGNORECASE)
_DOMAIN = re.compile(r"^(?:https?://)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)/?$", re.IGNORECASE)
_NUMBERED_ROW = re.compile(r"^\s*\d{1,3}\s*[.、)）]\s*\S")
_MORE_LINK = re.compile(r"(更多|more)\s*(>>|»|›|>)\s*$", re.IGNORECASE)
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
    source_path: str | None = None

    @property
    def identity(self) -> str:
        """What makes two ingests the same article: its url, else title and publication time."""
        return self.url or f"{self.title}\0{self.published_at or ''}"


def read_article(path: Path) -> ParsedArticle:
    """Read and parse one source file (text or HTML, any common encoding)."""
    data = read_regular(path)
    return parse_article(decode_source(data, str(path)), str(path))


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
    for key in ("url", "title", "site", "origin", "published_at", "language"):
        if meta.get(key):
            setattr(article, key, str(meta[key]))
    if article.published_at:
        article.published_at = _normalize_datetime(article.published_at, name)
    if not article.language:
        article.language = detect_language(article.text)
    if article.language not in ("zh", "en"):
        raise KBError(f"{name}: language {article.language!r} is not supported (zh or en; "
                      "a Chinese file in a legacy encoding may need `encoding:` in front matter)")
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
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    text = (doc.text if doc else "") or ""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines or all(_is_heading(line) for line in lines):
        # what trafilatura keeps of a page of menus and scripts: link labels, no sentence
        raise KBError(f"{name}: no article content found in the HTML page (navigation and scripts only?)")
    article = _parse_text(text, name, title=doc.title or None, first_line_is_title=False)
    article.url = doc.url or None
    article.site = doc.sitename or doc.hostname or None
    article.published_at = doc.date or None
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


def _parse_text(text: str, name: str, title: str | None, first_line_is_title: bool = True) -> ParsedArticle:
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
    for index, (lines, _) in enumerate(paragraphs[:3]):
        if len(lines) == 1 and _parse_byline(lines[0][0], article):
            paragraphs.pop(index)
            break
    section, pending_heading = None, []
    for lines, _ in paragraphs:
        lines = [(line, start) for line, start in lines if not _MORE_LINK.search(line)]
        if not lines or _is_headline_list(lines):
            continue
        if len(lines) == 1 and _is_heading(lines[0][0]):
            pending_heading.append(lines[0][0].strip())
            continue
        if pending_heading:
            section, pending_heading = " / ".join(pending_heading), []
        for line, start in lines:
            stripped = line.strip()
            for piece, offset in _split_long(stripped):
                article.blocks.append(Block(piece, start + line.index(stripped) + offset, section))
    return article


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


def _parse_byline(line: str, article: ParsedArticle) -> bool:
    """`2025-11-09 11:25:11 · site.com · 来源: X`: a datetime and separators, in any order."""
    parts = _BYLINE_SEPARATORS.split(line.strip())
    dates = [p for p in parts if _DATETIME.fullmatch(p.strip())]
    if len(parts) < 2 or not dates:
        return False
    article.published_at = dates[0].strip()
    for part in parts:
        part = part.strip()
        if origin := _ORIGIN.match(part):
            article.origin = origin.group(1).strip()
        elif domain := _DOMAIN.match(part):
            article.site = domain.group(1).lower()
    return True


def _normalize_datetime(value: str, name: str) -> str:
    """ISO 8601 without a time zone, as the byline gives it: 2025-11-09T11:25:11."""
    match = _DATETIME.search(value)
    if not match:
        raise KBError(f"{name}: cannot read the date {value!r}")
    year, month, day, hour, minute, second = match.groups()
    try:
        parsed = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError as exc:
        raise KBError(f"{name}: invalid date {value!r}: {exc}") from None
    return parsed.isoformat() if hour else parsed.date().isoformat()
