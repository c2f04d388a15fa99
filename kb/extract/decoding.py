"""Bytes to text, for Chinese and English sources.

Order: a declared encoding (front matter, or an HTML `<meta charset>`), a BOM,
UTF-16/32 without BOM (NUL bytes), strict UTF-8, then legacy encodings.

For legacy bytes charset-normalizer proposes and ranks candidates, but on short
texts it is often wrong: a two-sentence Chinese article in GBK comes out as
Korean (cp949) or UTF-16. Only Chinese and English are supported, so the
candidates are the encodings those are written in (GB18030 ⊃ GBK ⊃ GB2312,
Big5, UTF-16, cp1252), each decoded strictly, and the winner is the one whose
text reads most like Chinese or English news (`plausibility`): common Han
characters, CJK punctuation, the most frequent characters of Chinese text;
kana, hangul, private-use and control characters count against. Ties keep
charset-normalizer's order. Binary input, or input no candidate reads as
text, is refused with an error naming the file.
"""

import codecs
import re
from functools import lru_cache

from charset_normalizer import from_bytes
from charset_normalizer.constant import FREQUENCIES

from kb import KBError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# What Chinese and English text is written in, besides UTF-8.
LEGACY = ["gb18030", "big5hkscs", "cp1252"]
WIDE = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # control characters other than \t \n \r \f
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
SAMPLE_CHARS = 100_000
MAX_CONTROL_RATIO = 0.01
MIN_PLAUSIBILITY = 0.0
MIN_HAN_FOR_CHECK = 20
MIN_FREQUENT_HAN = 0.05


def decode(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode a source file; refuse binary or undecodable input with an error naming the file."""
    if declared:
        try:
            return data.decode(_codec(declared, name))
        except UnicodeDecodeError as exc:
            raise KBError(f"{name}: cannot decode as declared encoding {declared!r}: {exc}") from None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name, encoding)
            except UnicodeDecodeError as exc:
                raise KBError(f"{name}: starts with a {encoding} byte-order mark but does not decode: {exc}") from None
    if not data.strip():
        return data.decode("ascii", errors="replace")
    if b"\x00" in data:
        return _checked(_best(data, name, WIDE), name, "UTF-16/32") if _looks_wide(data) else _refuse_nul(data, name)
    try:
        return _checked(data.decode("utf-8"), name, "utf-8")
    except UnicodeDecodeError:
        pass
    if meta := _META_CHARSET.search(data[:8192]):
        try:
            return _checked(data.decode(_codec(meta.group(1).decode("ascii"), name)), name, "the declared charset")
        except (UnicodeDecodeError, KBError):
            pass  # pages lie about their charset; detect instead
    ranked = [m.encoding for m in from_bytes(data, cp_isolation=LEGACY + WIDE[:2])]
    extra = WIDE[:2] if len(data) % 2 == 0 else []
    text = _checked(_best(data, name, _unique(ranked + LEGACY + extra)), name, "detected encoding")
    han = [ch for ch in text[:SAMPLE_CHARS] if 0x4E00 <= ord(ch) <= 0x9FFF]
    if len(han) >= MIN_HAN_FOR_CHECK and sum(ch in _han_sets()[1] for ch in han) < MIN_FREQUENT_HAN * len(han):
        # Chinese text has a quarter to a third of its characters among the 100 most
        # frequent; Korean or Japanese legacy bytes read as GB18030 have next to none.
        raise KBError(f"{name}: no Chinese or English encoding reads this file as Chinese or English "
                      "(Korean or Japanese in a legacy encoding?); declare `encoding:` in front matter")
    return text


def _looks_wide(data: bytes) -> bool:
    """UTF-16/32 without a BOM: NUL bytes are common (every ASCII character has one), or the
    bytes are not UTF-8 at all (UTF-16 Chinese has few NULs). UTF-8 text with a stray NUL is neither."""
    sample = data[:SAMPLE_CHARS]
    if sample.count(0) >= len(sample) // 8:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _refuse_nul(data: bytes, name: str) -> str:
    """The same answer for a NUL in UTF-8 text at any size, in any language."""
    raise KBError(f"{name}: a NUL byte at byte {data.index(0):,} of otherwise UTF-8 text: "
                  "not an article as written (a corrupted or binary file?); remove it and add the file again")


def _codec(label: str, name: str) -> str:
    """A codec for a declared label; GBK and GB2312 are read as GB18030, their superset."""
    try:
        codec = codecs.lookup(label.strip().lower()).name
    except LookupError:
        raise KBError(f"{name}: unknown encoding {label!r}") from None
    return {"gbk": "gb18030", "gb2312": "gb18030", "big5": "big5hkscs"}.get(codec, codec)


def _best(data: bytes, name: str, encodings: list[str]) -> str:
    best, best_score = None, None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = plausibility(text)
        if best_score is None or score > best_score:
            best, best_score = text, score
    if best is None or best_score < MIN_PLAUSIBILITY:
        raise KBError(f"{name}: not text in a known encoding (binary or corrupt file?); "
                      "if it is text, declare `encoding:` in front matter")
    return best


def _checked(text: str, name: str, how: str) -> str:
    sample = text[:SAMPLE_CHARS]
    controls = len(_CONTROL.findall(sample))
    if sample and controls / len(sample) > MAX_CONTROL_RATIO:
        raise KBError(f"{name}: decodes ({how}) only to control characters: a binary file, not an article")
    return text


def plausibility(text: str) -> float:
    """How much a decoded text reads like Chinese or English: mean score of its non-ASCII characters.

    ASCII scores nothing (every candidate decodes it alike, except UTF-16, where
    ASCII bytes pair into odd characters). Per character: the 100 most frequent
    Chinese characters +3, other commonly used Han (GB2312 level 1, Big5 level
    1) and CJK or general punctuation +1, rarer Han 0, Latin-1 letters +0.5
    (but −1 in a run of them: Han bytes read as cp1252), everything else −3.
    """
    common, top = _han_sets()
    sample = text[:SAMPLE_CHARS]
    total, count, run = 0.0, 0, 0
    for ch in sample:
        o = ord(ch)
        if o < 128:
            run = 0
            if o < 32 and ch not in "\t\n\r\f":
                total, count = total - 3, count + 1
            continue
        count += 1
        if 0xA0 <= o <= 0xFF or ch in "ŒœŠšŽžŸƒ":
            run += 1
            total += 0.5 if run < 2 else -1
            continue
        run = 0
        if ch in top:
            total += 3
        elif ch in common or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x206F or o in (0x20AC, 0x2122):
            total += 1
        elif 0x4E00 <= o <= 0x9FFF:
            total += 0
        else:
            total -= 3
    return total / count if count else 0.0


@lru_cache(maxsize=1)
def _han_sets() -> tuple[frozenset, frozenset]:
    """Commonly used Han characters, read off the code tables: GB2312 level 1 and Big5 level 1."""
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            chars.add(bytes([lead, trail]).decode("gb2312", errors="ignore"))
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            chars.add(bytes([lead, trail]).decode("big5", errors="ignore"))
    chars.discard("")
    return frozenset(chars), frozenset(FREQUENCIES["Chinese"])


def _unique(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        key = codecs.lookup(item).name
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
