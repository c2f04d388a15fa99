"""Quantity extraction for Chinese and English claims, and the spaCy `quantities` component.

The scanners are rule-based. Libraries were measured on the seed article and
the peer specs first: cn2an converts Chinese numerals correctly and is used
for that (kb.extract.numerals); chinese2digits, recognizers-text and quantulum3 gave
wrong values, read model names and dates as quantities, or cover only one
language, and none handles rates, bounds, vague amounts or units separated
from the number, so span finding and units are written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from kb.extract.sentences import doc_text
from kb.extract.numerals import (
    adjacent_pair_high,
    EN_FRACTION_DENOMINATORS,
    EN_NUMBER_WORDS,
    EN_SCALES,
    MULTIPLIERS,
    en_words_to_number,
    fold,
    zh_to_number,
)

QUALIFIERS = ("exact", "approx", "lt", "lte", "gt", "gte", "range", "vague")


@dataclass(frozen=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float | None
    unit: str | None
    qualifier: str
    high: float | None = None
    per_value: float | None = None
    per_unit: str | None = None


@dataclass
class _Cand:
    start: int
    end: int
    value: float | None
    unit: str | None = None
    qualifier: str = "exact"
    high: float | None = None
    per_value: float | None = None
    per_unit: str | None = None


_KEYS: dict[tuple[int, bool], tuple[list[int], dict[str, str], int]] = {}


def _keys(table: dict[str, object], ignore_case: bool) -> tuple[list[int], dict[str, str], int]:
    """Key lengths longest first, {written or lower-cased key: key}, and the longest length.

    Looking up the text at each length is one dict probe per length instead of a
    startswith per key (the unit tables have ~150 keys); tables are module constants.
    """
    if (id(table), ignore_case) not in _KEYS:
        index: dict[str, str] = {}
        for key in sorted(table, key=len, reverse=True):
            index.setdefault(key.lower() if ignore_case else key, key)
        lengths = sorted({len(k) for k in index}, reverse=True)
        _KEYS[(id(table), ignore_case)] = (lengths, index, max((len(k) for k in table), default=0))
    return _KEYS[(id(table), ignore_case)]


def _longest(table: dict[str, object], text: str, pos: int, *, ignore_case: bool = False):
    """Longest key of table that text has at pos: (key, value) or (None, None)."""
    lengths, index, longest = _keys(table, ignore_case)
    window = text[pos : pos + longest]
    if ignore_case:
        window = window.lower()
    for n in lengths:
        key = index.get(window[:n])
        if key is not None:
            return key, table[key]
    return None, None


def _longest_before(table: dict[str, object], text: str, pos: int, *, ignore_case: bool = False):
    """Longest key of table that ends at pos: (key, value) or (None, None)."""
    lengths, index, longest = _keys(table, ignore_case)
    window = text[max(0, pos - longest) : pos]
    if ignore_case:
        window = window.lower()
    for n in lengths:
        key = index.get(window[-n:]) if n <= len(window) else None
        if key is not None:
            return key, table[key]
    return None, None


# Alphanumeric product and model names (GPT-5, K2, DeepSeek-R1, Qwen2.5-72B)
# and capitalised-name versions (Llama 3.1). An all-lowercase word glued to
# digits ("token16元") is a unit followed by a number, not a name.
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")
_VERSION = re.compile(r"\b[A-Z][A-Za-z]+ \d+\.\d+(?:\.\d+)?(?![\d%])")


_URL = re.compile(r"https?://\S+|www\.\S+")


def _code_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _URL.finditer(text)]
    for m in _CODE.finditer(text):
        tok = m.group()
        if tok.isalpha() or not any(c.isdigit() for c in tok):  # isalpha: most words, decided in C
            continue
        letters = re.match(r"[A-Za-z]+", tok).group()
        if any(c.isupper() for c in tok) or "-" in tok or "." in tok or len(letters) <= 2:
            spans.append(m.span())
    spans += [(m.start() + m.group().index(" ") + 1, m.end()) for m in _VERSION.finditer(text)]
    return spans


def _masked(masks: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in masks)


def _resolve(cands: list[_Cand], text: str) -> list[Quantity]:
    kept: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return [
        Quantity(
            text=text[c.start : c.end],
            start=c.start,
            end=c.end,
            value=c.value,
            unit=c.unit,
            qualifier=c.qualifier,
            high=c.high,
            per_value=c.per_value,
            per_unit=c.per_unit,
        )
        for c in kept
    ]


# --------------------------------------------------------------------- Chinese

ZH_CURRENCIES = {
    "美元": "USD", "美金": "USD", "美圆": "USD", "元人民币": "CNY", "圆": "CNY", "元": "CNY", "人民币": "CNY",
    "块钱": "CNY", "欧元": "EUR", "日元": "JPY", "港元": "HKD", "港币": "HKD", "英镑": "GBP",
    "韩元": "KRW", "澳元": "AUD", "加元": "CAD", "卢布": "RUB", "瑞士法郎": "CHF", "新台币": "TWD",
}
ZH_CURRENCY_PREFIXES = {
    "US$": "USD", "HK$": "HKD", "$": "USD", "¥": "CNY", "￥": "CNY", "€": "EUR", "£": "GBP",
    "人民币": "CNY", "USD": "USD", "RMB": "CNY", "CNY": "CNY", "EUR": "EUR",
}
ZH_TIME_UNITS = {
    "年": "year", "岁": "year", "个月": "month", "周": "week", "星期": "week", "个星期": "week", "天": "day",
    "小时": "hour", "个小时": "hour", "钟头": "hour", "个钟头": "hour", "分钟": "minute",
    "秒": "second", "秒钟": "second",
}
ZH_MEASURES = {
    "公里": "km", "千米": "km", "米": "m", "厘米": "cm", "毫米": "mm", "公斤": "kg", "千克": "kg",
    "克": "g", "斤": "jin", "公斤重": "kg", "吨": "t", "升": "L", "毫升": "mL", "平方米": "m2",
    "平方公里": "km2", "亩": "mu", "英里": "mile", "英尺": "ft", "英寸": "inch", "码": "yard",
    "摄氏度": "°C", "华氏度": "°F", "瓦": "W", "千瓦": "kW", "兆瓦": "MW",
}
# Counted things; English names so that zh and en claims compare.
NOUNS = {
    "参数": "parameter", "专家": "expert", "用户": "user", "下载": "download", "次下载": "download",
    "人": "person", "员工": "employee", "公司": "company", "国家": "country", "模型": "model",
    "芯片": "chip", "显卡": "GPU", "token": "token", "tokens": "token", "gpu": "GPU",
    "gpus": "GPU", "参数量": "parameter",
}
ZH_CLASSIFIERS = set("个名位家只款张块台项条篇次枚颗件所座辆部本支")
ZH_PREFIX_QUALIFIERS = {
    "约": "approx", "大约": "approx", "大概": "approx", "约莫": "approx", "近似": "approx",
    "将近": "approx", "接近": "approx", "近": "approx", "几乎": "approx", "估计": "approx",
    "逾": "gt", "超过": "gt", "超": "gt", "高于": "gt", "多于": "gt", "大于": "gt",
    "不到": "lt", "不足": "lt", "低于": "lt", "少于": "lt", "小于": "lt",
    "不超过": "lte", "至多": "lte", "最多": "lte", "不高于": "lte",
    "至少": "gte", "最少": "gte", "不少于": "gte", "不低于": "gte",
}
ZH_SUFFIX_QUALIFIERS = {
    "左右": "approx", "上下": "approx", "以上": "gt", "之上": "gt", "多": "gt", "余": "gt",
    "以下": "lt", "不到": "lt", "之下": "lt", "以内": "lte",
}
ZH_RANGE_LINKS = ("乃至", "甚至", "或者", "至", "到", "~", "-", "—", "–", "或")
# 三成 is 30 %, but 成 also starts words (成本, 成功, 成为) after a number.
_CHENG_WORDS = set("本功员为立长果绩就熟交型品")
_PER_NOUNS = {
    "输入": "input", "输出": "output", "人": "person", "年": "year", "月": "month", "天": "day",
    "日": "day", "小时": "hour", "次": "time", "个": "", "位": "", "用户": "user",
}
_PER_VERBS = "收费|收取|收|售价|花费|需要|需|为|是|要"

_ZH_NUM = (
    r"[负-]?(?:\d+(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[多余几])?[十百千万亿]*(?:\d+[十百千万亿]+)*(?:(?<=[十百千万亿])\d+(?![\d.]))?"
    r"|负?[零〇一二三四五六七八九两壹贰叁肆伍陆柒捌玖廿卅十百千万亿]+"
    r"(?:点[零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖]+[十百千万亿]*)?(?:[多余几][十百千万亿]*)?"
)
_ZH_CORE = re.compile(rf"(?:(?P<den>{_ZH_NUM})分之(?P<num>{_ZH_NUM}))|(?P<n>{_ZH_NUM})")
_ZH_MASKS = [
    re.compile(r"\d{2,4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?"),
    re.compile(r"(?<!\d)(?:1\d{3}|20\d{2})\s*年(?!内|间|多|以内|左右)"),
    re.compile(r"[零〇一二三四五六七八九]{4}年"),
    re.compile(r"(?<!个)(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})?[日号]?"),
    re.compile(r"(?<![\d.])\d{1,2}[日号](?!元)"),
    re.compile(r"\d{1,2}:\d{2}(?::\d{2})?"),
    re.compile(r"[\d一二三四五六七八九十]+点(?:\d+分|半|钟)"),
    re.compile(r"(?m)^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})[.、)）](?![\d一二三四五六七八九十])"),
    re.compile(r"[(（](?:\d{1,2}|[一二三四五六七八九十]{1,2})[)）]"),
    re.compile(r"第[\d零〇一二三四五六七八九十百千万两]+"),
    re.compile(r"(?:星期|礼拜|周)[一二三四五六日天]"),
]


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _zh_unit_after(text: str, pos: int):
    """(unit, end, strong) for a unit written at pos, or (None, pos, False).

    strong units (money, time, measures, %, x, known nouns) make a lone
    numeral such as 一 a quantity; a classifier (一家, 一个专家) does not, as
    there 一 is usually the article "a".
    """
    p = pos
    while p < len(text) and text[p] == " ":
        p += 1
    if text.startswith("个百分点", p) or text.startswith("百分点", p):
        return "percentage point", p + (4 if text[p] == "个" else 3), True
    if p < len(text) and text[p] == "%":
        return "%", p + 1, True
    if p < len(text) and text[p] == "倍":
        return "x", p + 1, True
    for table in (ZH_CURRENCIES, ZH_TIME_UNITS, ZH_MEASURES, NOUNS):
        key, unit = _longest(table, text, p, ignore_case=True)
        if key and not (key.isascii() and p + len(key) < len(text) and text[p + len(key)].isalpha() and text[p + len(key)].isascii()):
            return unit, p + len(key), True
    if p < len(text) and text[p] in ZH_CLASSIFIERS:
        after = p + 1
        for gap in range(0, 5):
            seg = text[after : after + gap]
            if any(not _is_cjk(c) or c == "的" for c in seg):
                break
            key, unit = _longest(NOUNS, text, after + gap, ignore_case=True)
            if key:
                return unit, after + gap + len(key), False
        # 384个专长各异的专家模块: what is counted may follow a description; the
        # unit comes from it, the span stays on the number and classifier.
        clause = re.match(r"[^，。,;；:：!?！？()（）\s]{0,12}", text[after:]).group()
        for i in range(len(clause)):
            key, unit = _longest(NOUNS, clause, i, ignore_case=True)
            if key and len(key) > 1:
                return unit, after, False
        return None, after, False
    return None, pos, False


def _zh_core_value(m: re.Match) -> tuple[float | None, str | None, str]:
    """(value, unit, qualifier) of a core match."""
    if m.group("den"):
        den, num = zh_to_number(m.group("den")), zh_to_number(m.group("num"))
        if den is None or num is None or den == 0:
            return None, None, "exact"
        if den >= 100 and all(c in MULTIPLIERS for c in m.group("den")):
            return num / den * 100, "%", "exact"
        return num / den, None, "exact"
    s = m.group("n")
    qualifier = "exact"
    for marker, q in (("多", "gt"), ("余", "gt"), ("几", "vague")):
        if marker in s:
            head, _, tail = s.partition(marker)
            if not all(c in MULTIPLIERS for c in tail):
                return None, None, "exact"
            s, qualifier = head + tail, q
    return zh_to_number(s), None, qualifier


def _zh_discount(text: str, end: int, core: str, value: float):
    """八折 is 80 %, 八五折 85 %, 9.9折 99 %; (value, end) or None."""
    if not text.startswith("折", end) or all(c in MULTIPLIERS for c in core) or value >= 100:
        return None
    return (value * 10 if value < 10 else value), end + 1


def _scan(text: str, core: re.Pattern, mask_patterns: list[re.Pattern], quantity) -> list[_Cand]:
    """Every match of a language's number pattern, outside code names and dates, made a quantity.

    The masks are found only once the number pattern has matched: a paragraph
    without a number does not pay for them, and they cost more than the search.
    """
    cands: list[_Cand] = []
    masks = None
    pos = 0
    while m := core.search(text, pos):
        if masks is None:
            masks = _code_spans(text) + [found.span() for rx in mask_patterns for found in rx.finditer(text)]
        pos = m.end()
        cand = quantity(text, m, masks)
        if cand:
            cands.append(cand)
            pos = max(pos, cand.end)
    return cands


def _zh_quantity(text: str, m: re.Match, masks) -> _Cand | None:
    start, end = m.span()
    if _masked(masks, start, end):
        return None
    value, unit, qualifier = _zh_core_value(m)
    if value is None:
        return None
    core = m.group()
    if start > 0 and text[start - 1] in "数几上" and core[0] in MULTIPLIERS:
        start, qualifier = start - 1, "vague"
    if text.startswith("量级", end) or text.startswith("级别", end):
        end, qualifier = end + 2, "vague"
    strong = unit is not None
    if unit is None:
        discount = _zh_discount(text, end, core, value)
        if discount:
            (value, end), unit, strong = discount, "%", True
        elif text.startswith("成", end) and text[end + 1 : end + 2] not in _CHENG_WORDS and value <= 10:
            value, unit, end, strong = value * 10, "%", end + 1, True
        else:
            unit, end, strong = _zh_unit_after(text, end)
    bare_digit = not any(c.isdigit() for c in core)
    isolated = (start == 0 or not _is_cjk(text[start - 1])) and (m.end() >= len(text) or not _is_cjk(text[m.end()]))
    # 十万 is a numeral; 百万, 万亿 on their own are magnitudes that need context.
    all_multipliers = core[0] != "十" and all(c in MULTIPLIERS for c in core)
    if bare_digit and not strong:
        if not isolated and (core == "一" or len(core) == 1 and end == m.end()):
            return None
        if all_multipliers and qualifier != "vague" and "亿" not in core:
            return None
    cand = _Cand(start, end, value, unit, qualifier)
    pair_high = adjacent_pair_high(core)
    if pair_high is not None:
        cand.high, cand.qualifier = pair_high, "range"
    _zh_prefix(text, cand)
    _zh_suffix_qualifier(text, cand)
    _zh_range(text, cand, masks)
    if cand.unit == "CNY":
        _zh_jiao_fen(text, cand)
    if cand.unit in ZH_CURRENCIES.values():
        _zh_rate(text, cand)
    return cand


_JIAO_FEN = re.compile(r"(?:([零一二三四五六七八九壹贰叁肆伍陆柒捌玖\d])角)?(?:([零一二三四五六七八九壹贰叁肆伍陆柒捌玖\d])分)?")


def _zh_jiao_fen(text: str, cand: _Cand) -> None:
    """壹拾壹元壹角壹分: tenths and hundredths of a yuan after the yuan."""
    m = _JIAO_FEN.match(text, cand.end)
    if m and m.group():
        cand.value += sum(zh_to_number(d) / scale for d, scale in ((m.group(1), 10), (m.group(2), 100)) if d)
        cand.end = m.end()


def _zh_prefix(text: str, cand: _Cand) -> None:
    key, iso = _longest_before(ZH_CURRENCY_PREFIXES, text, cand.start)
    if key and (cand.unit is None or cand.unit == iso):
        cand.start -= len(key)
        cand.unit = iso
    pos = cand.start
    if text.endswith("为", 0, pos):
        pos -= 1
    key, q = _longest_before(ZH_PREFIX_QUALIFIERS, text, pos)
    if key and not (key == "近" and text[pos - 2 : pos - 1] in ("最", "附", "将", "接", "亲")):
        if cand.qualifier == "exact" or key != "约":
            cand.qualifier = q if cand.qualifier in ("exact", "gt") else cand.qualifier
        cand.start = pos - len(key)


def _zh_suffix_qualifier(text: str, cand: _Cand) -> None:
    key, q = _longest(ZH_SUFFIX_QUALIFIERS, text, cand.end)
    if key and cand.qualifier == "exact" and not (key in ("多", "余") and cand.unit is None):
        cand.qualifier, cand.end = q, cand.end + len(key)


def _zh_range(text: str, cand: _Cand, masks) -> None:
    for link in ZH_RANGE_LINKS:
        p = cand.end
        if not text.startswith(link, p):
            continue
        m = _ZH_CORE.match(text, p + len(link))
        if not m or _masked(masks, *m.span()):
            return
        high, unit2, _ = _zh_core_value(m)
        if high is None:
            return
        end = m.end()
        if unit2 is None:
            unit2, end, _ = _zh_unit_after(text, end)
        if unit2 is None and cand.unit is None and link in "-—–~":
            return
        if cand.unit is not None and unit2 is not None and unit2 != cand.unit:
            return
        cand.unit = cand.unit or unit2
        cand.high, cand.end, cand.qualifier = high, end, "range"
        return


_ZH_PER = re.compile(
    rf"每(?P<pn>{_ZH_NUM})?(?P<noun>[^\s\d，。,.;；:：！？!?()（）、]{{1,12}}?)(?:{_PER_VERBS})?$"
)


def _translate_per_noun(noun: str) -> str:
    """输入token -> "input token"; words without a translation stay as written."""
    parts, unknown, i = [], "", 0
    while i < len(noun):
        key, word = _longest(_PER_NOUNS, noun, i)
        if key is None:
            key, word = _longest(NOUNS, noun, i, ignore_case=True)
        if key is None:
            unknown += noun[i]
            i += 1
            continue
        parts += [unknown] if unknown else []
        parts += [word] if word else []
        unknown = ""
        i += len(key)
    return " ".join(parts + ([unknown] if unknown else []))


def _zh_rate(text: str, cand: _Cand) -> None:
    window_start = max(0, cand.start - 20)
    m = _ZH_PER.search(text[window_start : cand.start])
    if m:
        per_value = zh_to_number(m.group("pn")) if m.group("pn") else 1.0
        if per_value is None:
            return
        cand.per_value, cand.per_unit = per_value, _translate_per_noun(m.group("noun"))
        cand.start = window_start + m.start()
        pos = cand.start - (1 if text.endswith("为", 0, cand.start) else 0)
        key, q = _longest_before(ZH_PREFIX_QUALIFIERS, text, pos)
        if key:
            cand.start, cand.qualifier = pos - len(key), q
        return
    m = re.match(r"(?:/|每)(年|月|天|人|小时|次)", text[cand.end :])
    if m:
        cand.per_value, cand.per_unit = 1.0, _PER_NOUNS[m.group(1)]
        cand.end += m.end()


_ZH_RATE_BREAK = re.compile(r"[。；;！？!?]")
_ZH_PER_NOUN_BEFORE = re.compile(r"(输入|输出|缓存)?\s*(token|tokens|词元|字符)")


def _zh_inherit_rates(text: str, cands: list[_Cand]) -> None:
    """每百万输入token收费4元(命中缓存时1元)、输出token16元: amounts listed after a rate share its base.

    An amount takes the base of the last rate before it in the same sentence,
    and the thing it is per from a noun just before it (输出token) if there is one.
    """
    rate = None
    for cand in sorted(cands, key=lambda c: c.start):
        if cand.per_value is not None:
            rate = cand
            continue
        if rate is None or cand.unit not in ZH_CURRENCIES.values() or _ZH_RATE_BREAK.search(text, rate.end, cand.start):
            continue
        cand.per_value = rate.per_value
        nouns = list(_ZH_PER_NOUN_BEFORE.finditer(text, rate.end, cand.start))
        cand.per_unit = _translate_per_noun(nouns[-1].group()) if nouns else rate.per_unit


# --------------------------------------------------------------------- English

EN_CURRENCY_PREFIXES = {
    "US$": "USD", "U.S.$": "USD", "HK$": "HKD", "A$": "AUD", "C$": "CAD", "$": "USD", "€": "EUR",
    "£": "GBP", "¥": "JPY", "￥": "CNY", "USD": "USD", "EUR": "EUR", "GBP": "GBP", "CNY": "CNY",
    "RMB": "CNY", "JPY": "JPY", "Rs.": "INR", "Rs": "INR", "₹": "INR",
}
EN_CURRENCY_WORDS = {
    "us dollars": "USD", "u.s. dollars": "USD", "dollars": "USD", "dollar": "USD", "usd": "USD",
    "euros": "EUR", "euro": "EUR", "eur": "EUR", "pounds sterling": "GBP", "sterling": "GBP",
    "gbp": "GBP", "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY", "yen": "JPY",
    "jpy": "JPY", "rupees": "INR", "won": "KRW", "francs": "CHF", "bucks": "USD",
}
EN_UNITS = {
    "percentage points": "percentage point", "percentage point": "percentage point",
    "percent": "%", "percents": "%", "percentage": "%", "per cent": "%", "pct": "%", "%": "%", "times": "x", "fold": "x", "-fold": "x",
    "x": "x", "×": "x",
    "years": "year", "year": "year", "yrs": "year", "months": "month", "month": "month",
    "weeks": "week", "week": "week", "days": "day", "day": "day", "hours": "hour", "hour": "hour",
    "hrs": "hour", "minutes": "minute", "minute": "minute", "mins": "minute", "seconds": "second",
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "metres": "m", "meters": "m", "metre": "m", "meter": "m", "cm": "cm", "centimeters": "cm",
    "centimetres": "cm", "mm": "mm", "millimeters": "mm", "millimetres": "mm", "miles": "mile",
    "mile": "mile", "mi": "mile", "feet": "ft", "foot": "ft", "ft": "ft", "inches": "inch",
    "inch": "inch", "yards": "yard", "yard": "yard", "kg": "kg", "kilograms": "kg", "kilogram": "kg",
    "kilos": "kg", "grams": "g", "gram": "g", "g": "g", "mg": "mg", "pounds": "lb", "lbs": "lb",
    "lb": "lb", "ounces": "oz", "oz": "oz", "tons": "t", "tonnes": "t", "litres": "L", "liters": "L",
    "litre": "L", "liter": "L", "ml": "mL", "gallons": "gallon", "gallon": "gallon", "mph": "mph",
    "km/h": "km/h", "kph": "km/h", "acres": "acre", "hectares": "ha", "square feet": "ft2",
    "square kilometers": "km2", "square kilometres": "km2", "square meters": "m2", "sq ft": "ft2",
    "km²": "km2", "m²": "m2", "gb": "GB", "mb": "MB", "tb": "TB", "kb": "KB", "gigabytes": "GB",
    "megabytes": "MB", "terabytes": "TB", "bytes": "byte", "bits": "bit", "°c": "°C", "°f": "°F",
    "degrees": "degree", "degrees celsius": "°C", "degrees fahrenheit": "°F", "celsius": "°C",
    "fahrenheit": "°F", "kelvin": "K", "watts": "W", "kw": "kW", "kwh": "kWh", "mw": "MW",
    "ghz": "GHz", "mhz": "MHz", "hz": "Hz", "volts": "V", "v": "V",
    "tokens": "token", "token": "token", "parameters": "parameter", "parameter": "parameter",
    "params": "parameter", "experts": "expert", "expert": "expert", "users": "user", "user": "user",
    "gpus": "GPU", "gpu": "GPU", "downloads": "download", "download": "download",
    "people": "person", "persons": "person", "person": "person",
}
EN_PREFIX_QUALIFIERS = {
    "about": "approx", "around": "approx", "approximately": "approx", "roughly": "approx",
    "nearly": "approx", "almost": "approx", "some": "approx", "circa": "approx", "~": "approx",
    "an estimated": "approx", "close to": "approx",
    "less than": "lt", "fewer than": "lt", "under": "lt", "below": "lt", "lower than": "lt",
    "at most": "lte", "up to": "lte", "no more than": "lte", "not more than": "lte",
    "more than": "gt", "over": "gt", "above": "gt", "greater than": "gt", "exceeding": "gt",
    "higher than": "gt", "at least": "gte", "no less than": "gte", "not less than": "gte",
}
_EN_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_EN_MASKS = [
    re.compile(rf"\b{_EN_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?", re.I),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH}(?:,?\s+\d{{4}})?", re.I),
    re.compile(rf"\b{_EN_MONTH}\s+\d{{4}}\b", re.I),
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    re.compile(r"\b\d{1,2}(?::\d{2}){1,2}(?:\s?[ap]\.?m\.?)?|\b\d{1,2}\s?[ap]\.?m\.?(?!\w)", re.I),
    re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.I),
    re.compile(r"(?m)^\s*\d{1,2}[.)](?=\s)"),
    re.compile(r"\(\d{1,2}\)"),
    re.compile(r"\b\d+(?:\.\d+){2,}\b"),
]


def _words_pattern(words) -> str:
    """`w1|w2|...` longest first, grouped by first letter: `s(?:eventeen|even|ix)|t(?:en|wo)|...`.

    The same matches as the flat alternation (even ignoring case a character
    matches at most one first letter, and each group keeps the words' order),
    but the regex engine tries one group at a position instead of every word:
    the English number scan (_EN_CORE) takes a third less time.
    """
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(re.escape(word[0]), []).append(re.escape(word[1:]))
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


_NUMWORD = _words_pattern(EN_NUMBER_WORDS | {"nought"})
_DENOM = _words_pattern(EN_FRACTION_DENOMINATORS)
_EN_CORE = re.compile(
    rf"(?P<vague>(?:(?:several|a few|few|many)\s+(?:hundred|thousand|million|billion|trillion)s?"
    rf"|(?:tens|hundreds|thousands|millions|billions|dozens)(?:\s+of\s+(?:thousands|millions|billions))?\s+of))\b"
    rf"|(?P<frac>\b(?:(?:{_NUMWORD})|an?)[\s-]+(?:{_DENOM})s?\b|\b\d+/\d+(?!/)|\b(?:a\s+)?half\b)"
    rf"|(?P<digits>(?<![\w.])[-+]?(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d{{1,3}}(?:[ \u202f]\d{{3}})+(?![\d,])|\d+|(?=\.\d))(?:\.\d+)?(?:e[-+]?\d+\b)?"
    rf"(?:\s?(?:hundred|thousand|million|billion|trillion)\b|(?:bn|mn|mln|tn|trn|k|m|b)\b)?)"
    rf"|(?P<words>\b(?:(?:{_NUMWORD})|an?(?=\s+(?:hundred|thousand|million|billion|trillion)\b))"
    rf"(?:(?:\s+and\s+|[\s-]+)(?:{_NUMWORD})\b)*(?:\s+point(?:\s+(?:{_NUMWORD}))+)?\b)",
    re.I,
)
_EN_AND_FRACTION = re.compile(rf"\s+and\s+(?:a|one)[\s-]+({_DENOM})\b", re.I)
_EN_RANGE_LINK = re.compile(r"\s*(?:-|–|—|to|and)\s*", re.I)
_EN_PER = re.compile(
    rf"\s*(?:per|a|an|each|/)\s*(?P<pn>\d+(?:\.\d+)?|{_NUMWORD}|million|billion|thousand|mn|m|k)?\s*"
    r"(?P<noun>(?:[a-z]+\s+){0,2}[a-z]+)\b",
    re.I,
)
_EN_TIME_PER = {"year", "month", "week", "day", "hour", "minute", "second", "annum"}


def _singular(word: str) -> str:
    w = word.lower()
    if w in EN_UNITS:
        return EN_UNITS[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


_EN_NOT_NOUNS = set(
    "is are was were has have had will would can could may might should and or of in on at to for"
    " from by with as than that this these those it its the a an per each which who were be been"
    " also only just more less over under about".split()
)


def _en_value(m: re.Match) -> tuple[float | None, str]:
    if m.group("vague"):
        words = re.findall(r"[a-z]+", m.group("vague").lower())
        scale = 1.0
        for w in words:
            base = w.rstrip("s")
            if base in EN_SCALES:
                scale *= EN_SCALES[base]
            elif w in ("tens", "dozens"):
                scale *= 10 if w == "tens" else 12
        return scale, "vague"
    if m.group("frac"):
        f = m.group("frac").lower()
        if "/" in f:
            a, b = f.split("/")
            return (int(a) / int(b) if int(b) else None), "exact"
        parts = re.split(r"[\s-]+", f)
        if parts[-1] == "half" and len(parts) <= 2:
            return 0.5, "exact"
        den = EN_FRACTION_DENOMINATORS.get(parts[-1]) or EN_FRACTION_DENOMINATORS.get(parts[-1][:-1])
        num = 1.0 if parts[0] in ("a", "an") else en_words_to_number(parts[:-1])
        return (num / den if num is not None and den else None), "exact"
    if m.group("digits"):
        d = m.group("digits")
        num = re.match(r"[-+]?[\d, \u202f]*(?:\.\d+)?(?:e[-+]?\d+)?", d, re.I).group().rstrip()
        scale_word = d[len(num) :].strip().lower()
        return float(re.sub(r"[, \u202f]", "", num)) * EN_SCALES.get(scale_word, 1), "exact"
    w = m.group("words").lower()
    whole, _, frac = w.partition(" point ")
    value = en_words_to_number([whole])
    if value is not None and frac:
        digits = [en_words_to_number([x]) for x in frac.split()]
        if any(d is None or d > 9 for d in digits):
            return None, "exact"
        value += float("0." + "".join(str(int(d)) for d in digits))
    return value, "exact"


def _en_unit_after(text: str, pos: int) -> tuple[str | None, int]:
    rest = text[pos:]
    sp = len(rest) - len(rest.lstrip(" "))
    p = pos + sp
    key, iso = _longest(EN_CURRENCY_WORDS, text, p, ignore_case=True)
    if key and not text[p + len(key) : p + len(key) + 1].isalpha():
        return iso, p + len(key)
    key, unit = _longest(EN_UNITS, text, p, ignore_case=True)
    if key and not (key[-1].isalpha() and text[p + len(key) : p + len(key) + 1].isalpha()):
        if not (key in ("x", "×", "%", "-fold", "fold") and sp) or key in ("%",):
            return unit, p + len(key)
    if text.startswith("-", pos):
        m = re.match(r"-([a-z]+)\b", text[pos:], re.I)
        if m and m.group(1).lower() in EN_UNITS:
            return EN_UNITS[m.group(1).lower()], pos + m.end()
    m = re.match(r"\s+((?:input|output|active|total|new|monthly|daily|active)\s+)?([A-Za-z]+)\b", rest)
    if m and m.group(2).lower() not in _EN_NOT_NOUNS:
        word = m.group(2)
        if word.lower() in EN_UNITS:
            return EN_UNITS[word.lower()], pos + m.end()
        if word.islower() and word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            return _singular(word), pos + m.end()
    return None, pos


def _en_quantity(text: str, m: re.Match, masks) -> _Cand | None:
    start, end = m.span()
    if _masked(masks, start, end):
        return None
    value, qualifier = _en_value(m)
    if value is None:
        return None
    cand = _Cand(start, end, value, None, qualifier)
    whole = _EN_AND_FRACTION.match(text, end)
    if whole and (m.group("words") or m.group("digits")):
        cand.value += 1 / EN_FRACTION_DENOMINATORS[whole.group(1).lower()]
        cand.end = end = whole.end()
    key, iso = _longest_before(EN_CURRENCY_PREFIXES, text, start - (1 if text[start - 1 : start] == " " else 0), ignore_case=False)
    if key:
        cand.start = start - len(key) - (1 if text[start - 1 : start] == " " else 0)
        cand.unit = iso
    scale = re.search(r"(?<=\d)[kmb]$", m.group("digits") or "", re.I)
    if scale and cand.unit is None:
        # 5m is five metres; only a currency makes it five million (US$5m).
        cand.value /= EN_SCALES[scale.group().lower()]
        end = cand.end = scale.start() + start
    if cand.unit is None:
        cand.unit, cand.end = _en_unit_after(text, end)
        den = EN_FRACTION_DENOMINATORS.get(cand.unit or "")
        if den:
            cand.value, cand.unit = cand.value / den, None
    else:
        key, _ = _longest(EN_CURRENCY_WORDS, text, end + 1, ignore_case=True)
        if key in ("dollars", "us dollars") and text[end : end + 1] == " ":
            cand.end = end + 1 + len(key)
    word = (m.group("words") or "").lower()
    if cand.unit is None and word in ("one", "a", "an"):
        return None
    if m.group("digits") and cand.unit is None and qualifier == "exact":
        d = m.group("digits")
        if re.fullmatch(r"(?:1[5-9]|20)\d\d", d):
            return None
    sign = re.search(r"\b(?:minus|negative)\s+$", text[: cand.start], re.I)
    if sign:
        cand.value, cand.start = -cand.value, sign.start()
    _en_prefix(text, cand)
    _en_range(text, cand, m, masks)
    if cand.unit is not None:
        _en_rate(text, cand)
    return cand


def _en_prefix(text: str, cand: _Cand) -> None:
    pos = cand.start
    while pos > 0 and text[pos - 1] == " ":
        pos -= 1
    key, q = _longest_before(EN_PREFIX_QUALIFIERS, text, pos, ignore_case=True)
    if key and (pos - len(key) == 0 or not text[pos - len(key) - 1].isalnum()):
        if cand.qualifier == "exact":
            cand.qualifier = q
        cand.start = pos - len(key)


def _en_range(text: str, cand: _Cand, first: re.Match, masks) -> None:
    link = _EN_RANGE_LINK.match(text, cand.end if cand.unit else first.end())
    if not link:
        return
    if link.group().strip().lower() == "and" and not re.search(r"\bbetween\s+\S*$", text[: first.start()], re.I):
        return
    m = _EN_CORE.match(text, link.end())
    if not m or not (m.group("digits") or m.group("words")) or _masked(masks, *m.span()):
        return
    high, _ = _en_value(m)
    if high is None:
        return
    unit2, end = _en_unit_after(text, m.end())
    if cand.unit and unit2 and unit2 != cand.unit:
        return
    if not (cand.unit or unit2) and link.group().strip() in ("-", "–", "—"):
        return
    low = cand.value
    scale_words = re.findall(r"(hundred|thousand|million|billion|trillion|bn|mn|tn)\b", m.group(), re.I)
    if scale_words and not re.search(r"(hundred|thousand|million|billion|trillion|bn|mn|tn)\b", first.group(), re.I):
        low = low * EN_SCALES[scale_words[-1].lower()]
    cand.value, cand.high, cand.unit = low, high, cand.unit or unit2
    cand.end, cand.qualifier = max(end, m.end()), "range"
    prefix = re.search(r"\bbetween\s+$", text[: cand.start], re.I)
    if prefix:
        cand.start = prefix.start()


def _en_rate(text: str, cand: _Cand) -> None:
    m = _EN_PER.match(text, cand.end)
    if not m:
        return
    link = m.group().strip().split()[0].lower() if m.group().strip() else ""
    noun_words = []
    for w in m.group("noun").split():
        if w.lower() in _EN_NOT_NOUNS:
            break
        noun_words.append(w)
    if not noun_words:
        return
    # "per million input tokens to" keeps words up to the counted noun.
    nouns = [i for i, w in enumerate(noun_words) if w.lower() in EN_UNITS or w.lower().endswith("s")]
    noun_words = noun_words[: nouns[-1] + 1] if nouns else noun_words[:1]
    if link in ("a", "an") and (m.group("pn") or _singular(noun_words[-1]) not in _EN_TIME_PER):
        return
    if link == "each" and m.group("pn"):
        return
    pn = m.group("pn")
    per_value = 1.0
    if pn:
        pl = pn.lower()
        per_value = float(pl) if pl[0].isdigit() else EN_SCALES.get(pl) or en_words_to_number([pl])
    noun_end = list(re.finditer(r"\S+", m.group("noun")))[len(noun_words) - 1].end() + m.start("noun")
    noun_words[-1] = _singular(noun_words[-1])
    cand.per_value, cand.per_unit, cand.end = per_value, " ".join(w.lower() for w in noun_words), noun_end


# ------------------------------------------------------------------ interface


def find_quantities(text: str, lang: str) -> list[Quantity]:
    """Quantities in text, sorted by start and non-overlapping. lang is "zh" or "en"."""
    folded = fold(text)
    if lang.lower().startswith("zh"):
        cands = _scan(folded, _ZH_CORE, _ZH_MASKS, _zh_quantity)
        _zh_inherit_rates(folded, cands)
    elif lang.lower().startswith("en"):
        cands = _scan(folded, _EN_CORE, _EN_MASKS, _en_quantity)
    else:
        raise ValueError(f"unsupported language: {lang!r}")
    return _resolve(cands, text)


def _bare_magnitude(q: Quantity) -> bool:
    """同样百万token的处理, 万亿投入: a magnitude word alone sets the scale, it states no figure."""
    numerals = re.sub(r"[^\d零〇一二两三四五六七八九十百千万亿]", "", q.text)
    return q.qualifier == "exact" and q.unit not in ("x", "%") and bool(numerals) and not numerals.strip("百千万亿")


def main_quantity(quantities: list[Quantity]) -> Quantity | None:
    """The claim's main quantity: the first that has a unit, else the first; magnitudes alone last.

    A unit marks what the claim measures (money, share, duration, count of
    things); a bare number before it is more often an incidental figure, and a
    bare magnitude (百万token as the base of a comparison) sets the scale only.
    """
    stated = [q for q in quantities if not _bare_magnitude(q)] or quantities
    for q in stated:
        if q.unit is not None:
            return q
    return stated[0] if stated else None


if not Span.has_extension("quantity"):
    Span.set_extension("quantity", default=None)


class QuantityRecognizer:
    """Writes each quantity of doc.text to doc.spans["quantities"], with the Quantity on span._.quantity."""

    def __init__(self, lang: str, spans_key: str = "quantities"):
        self.lang = lang
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for q in find_quantities(doc_text(doc), self.lang):
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None:
                continue
            span._.quantity = q
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory("quantities", default_config={"lang": None, "spans_key": "quantities"})
def make_quantities(nlp: Language, name: str, lang: str | None, spans_key: str) -> QuantityRecognizer:
    return QuantityRecognizer(lang or nlp.lang, spans_key)
