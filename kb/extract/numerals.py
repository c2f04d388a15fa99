"""Numeral parsing for Chinese and English number expressions.

Only converts a numeral string that has already been located; finding the
numerals in running text is the job of kb.extract.quantities.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import cn2an
import opencc

# Maps fold one character to one character, so offsets into the folded text
# are offsets into the original. The full-width comma is left alone: in
# Chinese text it separates list items ("$20，300美圆" is two amounts).
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if cp != 0xFF0C}
_FOLD.update({0x3000: 0x20, 0x2212: ord("-")})
_FOLD.update(str.maketrans("萬億兩倆點負貳參陸仟佰拾個○", "万亿两两点负贰叁陆千百十个〇"))


def _table(mapping: dict[int, int]) -> tuple[int, ...]:
    """A translate table indexed by code point: str.translate looks a tuple up without the
    KeyError a dict raises for every unmapped character (2.6x faster on Chinese text, measured)."""
    table = list(range(0x10000))
    for k, v in mapping.items():
        if k < 0x10000:
            table[k] = v
    return tuple(table)


_FOLD_TABLE = _table(_FOLD)


def fold(text: str) -> str:
    """Full-width to ASCII and traditional numeral characters to simplified, length-preserving."""
    return text.translate(_FOLD_TABLE)


_T2S = opencc.OpenCC("t2s")


def _t2s_characters() -> dict[int, int]:
    """OpenCC's Traditional -> Simplified conversion of every CJK character on its own, as a translate table.

    Folded into `fold_zh` (营收 亿 增长 约 are then matched however the article
    writes them), one character to one, so offsets stay offsets into the original
    and a paragraph costs one str.translate, not a conversion (5 µs for 80
    characters, measured, on every paragraph).
    """
    chars = [chr(c) for c in range(0x3400, 0xA000)]
    converted = _T2S.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        return {}
    return {ord(a): ord(b) for a, b in zip(chars, converted) if len(b) == 1 and a != b}


_T2S_CHARS = _t2s_characters()
_CONVERTIBLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_T2S_CHARS)) + "]")
_FOLD_ZH_TABLE = _table(_T2S_CHARS | _FOLD)


def fold_zh(text: str) -> str:
    """`fold`, and Traditional characters to Simplified (OpenCC's character table), length-preserving."""
    return text.translate(_FOLD_ZH_TABLE)


def is_traditional(text: str) -> bool:
    """Whether text is written in Traditional characters: OpenCC's phrase-aware t2s changes it.

    (The phrase conversion decides, not the character table: 著名 is Simplified
    too; the table only screens, so Simplified text without such characters
    costs one regex search, not a conversion.)
    """
    return bool(_CONVERTIBLE.search(text)) and _T2S.convert(text) != text


MULTIPLIERS = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000, "兆": 1e12}

_ARABIC_WITH_MULTIPLIER = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)([十百千万亿兆]*)")
# 三四六亿, 五〇五七点四亿, 一点〇五兆: Taiwan papers write a figure digit by digit in
# Chinese numerals; read positionally when a magnitude or decimal point follows.
_DIGITWISE = re.compile(r"([〇零一二三四五六七八九]+)(?:点([〇零一二三四五六七八九]+))?([万亿兆]*)")
_DIGIT_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
# four digits after 万 or 亿, or 零 and two or three: the digits of the lower part, one by one
_ARABIC_TAIL = re.compile(r"(.*万)(0\d{0,3})")
_DIGITWISE_TAIL = re.compile(r"(.*[万亿])([〇零一二三四五六七八九]{4}|零[〇零一二三四五六七八九]{2,3})")


# 二三十, 三四百: two neighbouring digits before a multiplier are an
# approximate range (20-30); cn2an reads them digit by digit (230).
_ADJACENT_PAIR = re.compile(r"([一二三四五六七八])([二三四五六七八九])([十百千万亿]+)")


def adjacent_pair_high(text: str) -> float | None:
    """Upper end of an approximate pair such as 二三十 (30), else None."""
    m = _ADJACENT_PAIR.fullmatch(fold(text).strip())
    if not m or _cn2an(m.group(2)) != _cn2an(m.group(1)) + 1:
        return None
    return _cn2an(m.group(2)) * magnitude(m.group(3))


def magnitude(chars: str) -> float:
    """Product of a run of multiplier characters: 万亿 -> 1e12, 百万 -> 1e6."""
    return float(math.prod(MULTIPLIERS[c] for c in chars))


def _cn2an(text: str) -> float | None:
    # "normal" accepts colloquial forms (两千三百万, 九万四) that "strict"
    # rejects; "smart" adds Arabic/Chinese mixes such as 320亿.
    for mode in ("normal", "smart"):
        try:
            return float(cn2an.cn2an(text, mode))
        except (ValueError, KeyError, IndexError, TypeError):
            continue
    return None


@lru_cache(maxsize=4096)
def zh_to_number(text: str) -> float | None:
    """Value of a Chinese numeral, possibly mixed with Arabic digits; None if it is not one.

    cn2an does the Chinese-numeral arithmetic. It rejects a decimal before a
    stacked multiplier (1.4万亿), bare magnitudes (百万, 万亿) and 万亿 after a
    numeral (十五万亿), so those are split off here and multiplied back.
    Cached: news text repeats its numerals (一, 两, 十), and cn2an takes tens of µs a call.
    """
    text = re.sub(r"(?<=\d),(?=\d{3})|\s+", "", fold(text))
    if "卅" in text or "卌" in text:
        text = text.replace("卅", "三十").replace("卌", "四十")  # 卅八年 (38 years): print style; cn2an knows 廿 only
    sign = 1.0
    if text[:1] in ("负", "-"):
        sign, text = -1.0, text[1:]
    if not text:
        return None
    m = _ARABIC_WITH_MULTIPLIER.fullmatch(text)
    if m:
        return sign * float(m.group(1).replace(",", "")) * magnitude(m.group(2))
    if all(c in MULTIPLIERS for c in text):
        return sign * magnitude(text)
    head, trillions, tail = text.partition("兆")
    if trillions and head and tail:
        # 2兆7629.64亿: cn2an knows no 兆 (1e12 in Taiwan and Hong Kong financial text).
        high, low = zh_to_number(head + "兆"), zh_to_number(tail)
        return None if high is None or low is None else sign * (high + low)
    m = _DIGITWISE.fullmatch(text)
    if m and (len(m.group(1)) > 2 or m.group(2) or "〇" in m.group(1)) and (m.group(2) or m.group(3)):
        whole = "".join(str(_DIGIT_VALUE[c]) for c in m.group(1))
        frac = "".join(str(_DIGIT_VALUE[c]) for c in m.group(2) or "")
        return sign * float(f"{whole}.{frac or 0}") * magnitude(m.group(3))
    m = _ARABIC_TAIL.fullmatch(text)
    if m:
        # 2万0039 (20,039): Arabic digits after 万 with the place's zeros written; cn2an reads no leading zero
        head = zh_to_number(m.group(1))
        return None if head is None else sign * (head + int(m.group(2)))
    m = _DIGITWISE_TAIL.fullmatch(text)
    if m:
        # 十一万二五六〇 (112,560), 两万零三九 (20,039): print style writes the part below 万 digit by digit
        head = zh_to_number(m.group(1))
        if head is not None:
            return sign * (head + int("".join(str(_DIGIT_VALUE[c]) for c in m.group(2))))
    m = _ADJACENT_PAIR.fullmatch(text)
    if m and adjacent_pair_high(text) is not None:
        return sign * _cn2an(m.group(1)) * magnitude(m.group(3))
    value = _cn2an(text)
    if value is not None:
        return sign * value
    for cut in range(len(text) - 1, 0, -1):
        head, tail = text[:cut], text[cut:]
        if not all(c in MULTIPLIERS for c in tail):
            break
        head_value = zh_to_number(head)
        if head_value is not None:
            return sign * head_value * magnitude(tail)
    return None


_EN_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_EN_UNITS.update({"nought": 0, "oh": 0, "nil": 0})
_EN_TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
EN_SCALES = {
    "hundred": 100,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
EN_FRACTION_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "quarter": 4,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "twentieth": 20,
    "hundredth": 100,
    "thousandth": 1000,
    "millionth": 1e6,
}
EN_NUMBER_WORDS = set(_EN_UNITS) | set(_EN_TENS) | {"hundred", "thousand", "million", "billion", "trillion"}


def en_words_to_number(words: list[str]) -> float | None:
    """Value of an English cardinal written in words ("two hundred and five", "a million")."""
    words = [w.lower() for part in words for w in part.replace("-", " ").split()]
    if not words:
        return None
    if words[0] in ("a", "an") and len(words) > 1 and words[1] in EN_SCALES:
        words = ["one"] + words[1:]
    total, current, seen = 0.0, 0.0, False
    for i, w in enumerate(words):
        if w == "and" and seen and i + 1 < len(words):
            continue
        if w in _EN_UNITS:
            current += _EN_UNITS[w]
        elif w in _EN_TENS:
            current += _EN_TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in ("thousand", "million", "billion", "trillion"):
            total += (current or 1) * EN_SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current
