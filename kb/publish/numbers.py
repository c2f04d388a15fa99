"""Numbers as people write them: `约560万 USD` in a Chinese claim, `about 5.6 million USD` in an English one.

The database keeps normalized floats (5600000.0, 0.4444444444444444); every
page, cell and facet that shows one goes through `format_number` or
`format_quantity` here. Written by hand because no library found does Chinese
scale words (万, 亿, 万亿) with a qualifier in words: babel's compact decimal
format gives `560万` but no qualifiers, ranges or rates, and adds a
dependency for one call.
"""

import math
import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Largest first: the first scale the value reaches is the one written.
SCALES = {
    "en": ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")),
    "zh": ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")),
}
QUALIFIERS = {
    "en": {"approx": "about ", "lt": "under ", "lte": "at most ", "gt": "more than ", "gte": "at least ", "vague": "about "},
    "zh": {"approx": "约", "lt": "不到", "lte": "至多", "gt": "超过", "gte": "至少", "vague": "约"},
}
# `vague` quantities (几百万美元, "several million") are stored as the power of ten they name.
VAGUE_WORDS = {
    "en": {1e2: "several hundred", 1e3: "several thousand", 1e4: "tens of thousands", 1e5: "hundreds of thousands",
           1e6: "several million", 1e7: "tens of millions", 1e8: "hundreds of millions", 1e9: "several billion",
           1e10: "tens of billions", 1e11: "hundreds of billions", 1e12: "several trillion"},
    "zh": {1e1: "数十", 1e2: "数百", 1e3: "数千", 1e4: "数万", 1e5: "数十万", 1e6: "数百万", 1e7: "数千万",
           1e8: "数亿", 1e9: "数十亿", 1e10: "数百亿", 1e11: "数千亿", 1e12: "数万亿"},
}
PER_WORDS = {
    "en": {1e3: "thousand", 1e6: "million", 1e9: "billion"},
    "zh": {1e3: "千", 1e4: "万", 1e6: "百万", 1e8: "亿"},
}
ATTACHED_UNITS = {"%": "%", "x": "×"}  # written without a space: 3.5%, 10×


def language_of(text: str | None) -> str:
    """`zh` for a text with a Chinese character in it, else `en`."""
    return "zh" if text and _CJK.search(text) else "en"


def _digits(value: float, significant: int, group: bool) -> str:
    """`value` rounded to `significant` digits (whole numbers are kept whole), without exponent."""
    if value == 0:
        return "0"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}" if group else str(int(value))
    decimals = max(0, significant - 1 - math.floor(math.log10(abs(value))))
    text = f"{round(value, decimals):{',' if group else ''}.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: float | None, lang: str = "en", significant: int = 4) -> str:
    """`5,600,000.0` → `5.6 million` (en) / `560万` (zh); `0.4444444444444444` → `0.4444`."""
    if value is None:
        return ""
    for scale, word in SCALES.get(lang, SCALES["en"]):
        if abs(value) >= scale:
            return _digits(value / scale, significant, group=lang != "zh") + word
    return _digits(value, significant, group=lang != "zh")


def _with_unit(number: str, unit: str | None) -> str:
    if not unit:
        return number
    return number + ATTACHED_UNITS[unit] if unit in ATTACHED_UNITS else f"{number} {unit}"


def _per(q: dict, lang: str) -> str:
    if not q.get("per_unit") and q.get("per_value") in (None, 1):
        return ""
    amount = q.get("per_value")
    words = "" if amount in (None, 1) else PER_WORDS[lang].get(amount) or format_number(amount, lang)
    what = " ".join(part for part in (words, q.get("per_unit") or "") if part)
    return f" per {what}" if lang == "en" else f"/{what}"


# A change (rose by 250, 增长5.2%), not a level: its direction before the figure.
CHANGES = {"en": {"up": "up ", "down": "down "}, "zh": {"up": "增加", "down": "减少"}}


def format_quantity(q: dict, lang: str = "en") -> str:
    """A quantity row (value, high, unit, qualifier, change, per_value, per_unit) as a reader writes it.

    `up 5.2%` (a change), `about 5.6 million USD`, `under 3.5%`, `between 10× and 100×`, `several million USD`,
    `1.25 USD per million input token`; in Chinese `约560万 USD`, `不到3.5%`, `10×至100×`.
    """
    value = q.get("value")
    if value is None:
        return ""
    lang = lang if lang in SCALES else "en"
    unit, qualifier = q.get("unit"), q.get("qualifier") or "exact"
    if q.get("high") is not None and q["high"] != value:
        low, high = (_with_unit(format_number(v, lang), unit) for v in (value, q["high"]))
        text = f"between {low} and {high}" if lang == "en" else f"{low}至{high}"
    elif qualifier == "vague" and value in VAGUE_WORDS[lang]:
        words = VAGUE_WORDS[lang][value]
        text = f"{words} {unit}".strip() if lang == "en" else _with_unit(words, unit)
    else:
        text = QUALIFIERS[lang].get(qualifier, "") + _with_unit(format_number(value, lang), unit)
    return CHANGES[lang].get(q.get("change"), "") + text + _per(q, lang)
