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
from kb.extract import changes, ellipsis, money
from kb.extract.units import (
    ZH_COUNTED,
    ZH_MEASURE_WORDS,
    ZH_MEDALS,
    ZH_PERSON_MEASURES,
    ZH_OWN_WORD_MEASURES,
    ZH_TRIP_MEASURES,
    ZH_WEAK_MEASURES,
    _zh_tags,
    en_counted_noun,
    en_plural_noun,
    en_singular_noun,
    zh_counted_noun,
    zh_table_unit,
)
from kb.extract.numerals import (
    adjacent_pair_high,
    EN_FRACTION_DENOMINATORS,
    EN_NUMBER_WORDS,
    EN_SCALES,
    MULTIPLIERS,
    en_words_to_number,
    fold,
    fold_zh,
    is_traditional,
    magnitude,
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
    change: str | None = None  # "up"/"down": the quantity is a change (rose by 250), None: a level


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
    change: str | None = None
    bare_yuan: bool = False  # 元 with no currency named: its currency depends on the place (kb.extract.money)


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
_VERSION = re.compile(r"\b[A-Z][A-Za-z]+ \d+\.\d+(?:\.\d+)?(?![\d%]|\s?(?:hundred|thousand|million|billion|trillion|bn|mn|m|per ?cent|percent)\b)")


_URL = re.compile(r"https?://\S+|www\.\S+")


_LETTERS = re.compile(r"[A-Za-z]+")


def _code_spans(text: str) -> list[tuple[int, int]]:
    # `in` first: most paragraphs have no URL and many no dot, and it costs less than a search
    spans = [m.span() for m in _URL.finditer(text)] if "http" in text or "www." in text else []
    for m in _CODE.finditer(text):
        tok = m.group()
        if tok.isalpha() or not any(c.isdigit() for c in tok):  # isalpha: most words, decided in C
            continue
        letters = _LETTERS.match(tok).group()
        if any(c.isupper() for c in tok) or "-" in tok or "." in tok or len(letters) <= 2:
            spans.append(m.span())
    if "." in text:
        spans += [(m.start() + m.group().index(" ") + 1, m.end()) for m in _VERSION.finditer(text)
                  if m.group().split(" ")[0].lower() not in _NOT_NAMES]
    return spans


# A name followed by a bare integer is a name (S&P 500, FTSE 100, iPhone 11, RTX 5000, Model 3,
# Week 15), unless the capitalised word is a function word starting a sentence (About 500, In 2025).
_NAME_WORD = re.compile(r"(?:[A-Z]|[ie](?=[A-Z]))[\w&]*")
_NAME_NUMBER_END = re.compile(r"(?![\d.,]\d|\s?%|\s?(?:per ?cent|percent)\b|[\w-])")


def _is_name_number(text: str, start: int, end: int) -> bool:
    """S&P 500, iPhone 11, RTX 5000, Week 15: a bare integer right after a capitalised name.

    Checked at each candidate (a look at the word before it) rather than by a
    pattern over the whole text.
    """
    if text[start - 1 : start] not in (" ", "\u00a0") or not _NAME_NUMBER_END.match(text, end):
        return False
    space = max(text.rfind(" ", max(0, start - 25), start - 1), text.rfind("\u00a0", max(0, start - 25), start - 1))
    word = text[space + 1 : start - 1]
    if not _NAME_WORD.fullmatch(word):
        return False
    if word in _NAME_HEADS:
        return True
    if word.lower() in _NOT_NAMES or word in EN_CURRENCY_PREFIXES or word.lower() in EN_UNITS:
        return False
    # FTSE, RTX, S&P, iPhone: a code or brand; a capitalised word only if it heads names (Model 3, Week 15)
    return not word[1:].islower()
_NAME_LIST_BEFORE = re.compile(r"(?<![\d.,])(\d+)(?:,? (?:and|or)|,) $")


def _is_second_name_number(text: str, start: int, end: int) -> bool:
    """RTX 5090 and 5080, iPhone 15 or 16: a bare integer listed after a name's number is a name too."""
    if not text.endswith((" and ", " or ", ", "), 0, start):
        return False
    prev = _NAME_LIST_BEFORE.search(text, max(0, start - 16), start)
    return bool(prev) and _NAME_NUMBER_END.match(text, end) is not None and _is_name_number(text, prev.start(1), prev.end(1))


_NAME_HEADS = frozenset(
    "Model Windows Galaxy Pixel Xbox PlayStation Switch Series Formula Covid Boeing Airbus Falcon Starship Apollo"
    " Artemis Nasdaq Nikkei Russell Stoxx Dow Fortune Hang Week Game Chapter Article Section Round Stage Level"
    " Category Phase Route Highway Interstate Terminal Gate Platform District Ward Division League Grade Page"
    " Figure Table Number No Vision Agenda Resolution Proposition Amendment Title Act Bill".split()
)
_NOT_NAMES = frozenset(
    "the a an about around approximately roughly nearly almost some only just another all those these each every both"
    " over under above below more less fewer than up down since in at on by for of from to with into after before"
    " until during between among and or but some its their his her our your my of top last first next past"
    " circa estimated just and than as if when while where what which who whom whose".split()
)


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
            change=c.change,
        )
        for c in kept
    ]


# --------------------------------------------------------------------- Chinese

# 元 (and 圆, 块钱) name no currency: money.BARE_YUAN, resolved by place in kb.extract.money.
ZH_CURRENCIES = {
    "美元": "USD", "美金": "USD", "美圆": "USD", "元人民币": "CNY", "圆": money.BARE_YUAN,
    "元": money.BARE_YUAN, "人民币": "CNY", "块钱": money.BARE_YUAN, "欧元": "EUR", "日元": "JPY",
    "日圆": "JPY", "港元": "HKD", "港币": "HKD", "英镑": "GBP", "韩元": "KRW", "韩圆": "KRW", "澳元": "AUD",
    "澳币": "AUD", "加元": "CAD", "加币": "CAD", "卢布": "RUB", "瑞士法郎": "CHF", "新台币": "TWD",
    "台币": "TWD", "新加坡元": "SGD", "新币": "SGD", "卢比": "INR", "印度卢比": "INR", "泰铢": "THB",
    "澳门币": "MOP", "澳门元": "MOP", "林吉特": "MYR", "雷亚尔": "BRL", "元新台币": "TWD", "元港币": "HKD",
}
ZH_CURRENCY_PREFIXES = {
    "US$": "USD", "HK$": "HKD", "NT$": "TWD", "A$": "AUD", "C$": "CAD", "S$": "SGD", "R$": "BRL",
    "$": "USD", "¥": "CNY", "￥": "CNY", "€": "EUR", "£": "GBP", "人民币": "CNY", "新台币": "TWD",
    "台币": "TWD", "港币": "HKD", "港元": "HKD", "美元": "USD", "USD": "USD", "RMB": "CNY",
    "CNY": "CNY", "EUR": "EUR", "TWD": "TWD", "NTD": "TWD", "HKD": "HKD",
}
ZH_TIME_UNITS = {
    "月": "month",  # only where no date reads it: 前10月, 首9月 (the first ten months)
    "年": "year", "岁": "year", "个月": "month", "周": "week", "星期": "week", "个星期": "week", "天": "day",
    "小时": "hour", "个小时": "hour", "钟头": "hour", "个钟头": "hour", "分钟": "minute",
    "秒": "second", "秒钟": "second",
}
# Physical units, in the shared vocabulary (UNITS.md): the same unit string as English.
# 度 is read as °C: after a number in news it is a temperature (℃ is folded to 度);
# 度电 is electricity (kWh). Taiwan writes 公尺 for metres and 公分 for centimetres.
ZH_MEASURES = {
    "公里": "km", "千米": "km", "米": "m", "公尺": "m", "厘米": "cm", "公分": "cm", "毫米": "mm",
    "公斤": "kg", "千克": "kg", "克": "g", "公斤重": "kg", "吨": "tonne", "公吨": "tonne",
    "升": "litre", "公升": "litre", "毫升": "mL", "平方米": "m²", "平方公尺": "m²", "平米": "m²",
    "平方公里": "km²", "平方千米": "km²", "公顷": "hectare", "亩": "mu", "英亩": "acre", "英里": "mile",
    "英哩": "mile", "英尺": "ft", "英寸": "inch", "码": "yard", "摄氏度": "°C", "度": "°C",
    "华氏度": "°F", "℃": "°C", "°C": "°C", "℉": "°F", "°F": "°F", "度电": "kWh", "千瓦时": "kWh", "千瓦小时": "kWh", "兆瓦时": "MWh", "吉瓦时": "GWh",
    "太瓦时": "TWh", "瓦": "W", "千瓦": "kW", "兆瓦": "MW", "吉瓦": "GW", "马力": "horsepower",
    "桶": "barrel", "立方米": "m³", "公里/小时": "km/h", "千米/小时": "km/h", "公里每小时": "km/h",
    "奈米": "nm", "纳米": "nm", "ppm": "ppm", "ppb": "ppb", "微克/立方米": "µg/m³", "km/h": "km/h",
    "km": "km", "kg": "kg", "‰": "‰", "个基点": "basis point", "基点": "basis point", "斤": "斤",
    "厘": "%", "方呎": "方呎", "平方呎": "ft²",  # Hong Kong: 下调0.125厘 is 0.125 %
    # energy and power written in Latin symbols in Chinese text (380GWh, 装机1.2GW)
    "kWh": "kWh", "MWh": "MWh", "GWh": "GWh", "TWh": "TWh", "kW": "kW", "MW": "MW", "GW": "GW",
    "mAh": "mAh", "nm": "nm", "GB": "GB", "TB": "TB", "百帕": "hPa", "千帕": "kPa", "米/秒": "m/s", "米每秒": "m/s",
}
# Counted things, English names so that zh and en claims compare (kb.extract.units).
NOUNS = ZH_COUNTED
ZH_PREFIX_QUALIFIERS = {
    "约": "approx", "约有": "approx", "大约": "approx", "大概": "approx", "约莫": "approx", "近似": "approx",
    "将近": "approx", "接近": "approx", "近": "approx", "几乎": "approx", "估计": "approx",
    "逾": "gt", "超过": "gt", "超": "gt", "高于": "gt", "多于": "gt", "大于": "gt",
    "不到": "lt", "不足": "lt", "低于": "lt", "少于": "lt", "小于": "lt",
    "不超过": "lte", "至多": "lte", "最多": "lte", "不高于": "lte",
    "至少": "gte", "最少": "gte", "不少于": "gte", "不低于": "gte",
}
ZH_SUFFIX_QUALIFIERS = {
    "左右": "approx", "上下": "approx", "以上": "gte", "之上": "gt", "多": "gt", "余": "gt",
    "以下": "lte", "不到": "lt", "之下": "lt", "以内": "lte",
}
ZH_RANGE_LINKS = ("乃至", "甚至", "或者", "至", "到", "~", "-", "—", "–", "或")
# 三成 is 30 %, but 成 also starts words (成本, 成功, 成为) after a number.
_CHENG_WORDS = set("本功员为立长果绩就熟交型品")
_PER_NOUNS = {
    "输入": "input", "输出": "output", "人": "person", "年": "year", "月": "month", "天": "day",
    "日": "day", "小时": "hour", "次": "time", "个": "", "位": "", "用户": "user",
}
_PER_VERBS = "收费|收取|收|售价|花费|需要|需|为|是|要"

# A multiplier; 兆 is 1e12 (Taiwan and Hong Kong financial text: 2兆7629.64亿元). A character
# class, not an alternation with lookaheads: the number scan runs over every paragraph. 千 of
# 千瓦/千米/千克 (kW, km, kg) and 兆 of 兆瓦/兆赫 (MW, MHz) are units: _zh_unit_multiplier gives them back.
_M = r"[十百千万亿兆]"
# Arabic digits may stand apart from their multipliers (4523 亿元, 2 兆 7629.64 亿元: one amount).
_ZH_NUM = (
    rf"[负-]?(?:\d+(?:,\d{{3}})+(?!\d)|\d+)(?:\.\d+)?(?:[多余几])?(?: ?{_M})*(?:(?<=[万亿])[多余])?"
    rf"(?: ?(?:\d+(?:,\d{{3}})+(?!\d)|\d+)(?:\.\d+)? ?{_M}+)*(?:(?<=[十百千万亿])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\d.]))?"
    rf"|负?(?:[零〇一二三四五六七八九两壹贰叁肆伍陆柒捌玖廿卅]|{_M})+"
    rf"(?:点[零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖]+{_M}*)?(?:[多余几]{_M}*)?"
)
_ZH_CORE = re.compile(rf"(?:(?P<den>{_ZH_NUM})分之(?P<num>{_ZH_NUM}))|(?P<n>{_ZH_NUM})")
# Each mask with the characters at least one of which any match of it contains: a paragraph
# with none of them cannot match, and `in` on the text costs far less than running the pattern.
_ZH_MASKS = [
    ("-/.年", re.compile(r"\d{2,4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?")),
    ("年", re.compile(r"(?<!\d)(?:1\d{3}|20\d{2})\s*年(?!内|间|多|以内|左右)")),
    ("年", re.compile(r"[零〇一二三四五六七八九]{4}年")),
    ("月", re.compile(r"(?<![个前首近])(?<!个 )(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s?月(?:份)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})?[日号]?")),
    # a month range, statistics' usual period: 1—3月份, 1-10月, 1至5月 (not 1—3个月, a duration)
    ("月", re.compile(r"(?<![\d.])(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s?[—–~～至到-]\s?(?=(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s?月)")),
    ("日号", re.compile(r"(?<![\d.])\d{1,2}\s?[日号](?!元)")),
    # stock codes and years in brackets: 台积电(2330), 2330-TW, (2024~2029), 2024~2029; 5G, 4G networks.
    # Each alternative starts with a digit or bracket, which the regex engine scans for quickly.
    ("(（-G~～至到", re.compile(r"[(（]\s*\d{4,6}\s*(?:[-~～至到]\s*\d{4,6}\s*)?[)）]|\d{4,6}-[A-Z]{2}\b|\dG\b"
                             r"|(?:19|20)\d{2}\s*[~～至到-]\s*(?:19|20)\d{2}(?!\d)")),
    (":", re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")),
    ("点", re.compile(r"[\d一二三四五六七八九十]+点(?:\d+分|半|钟)")),
    (".、)）", re.compile(r"(?m)^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})[.、)）](?![\d一二三四五六七八九十])")),
    ("(（", re.compile(r"[(（](?:\d{1,2}|[一二三四五六七八九十]{1,2})[)）]")),
    ("第", re.compile(r"第[\d零〇一二三四五六七八九十百千万两]+")),
    ("期拜周", re.compile(r"(?:星期|礼拜|周)[一二三四五六日天]")),
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
    key, unit = _longest(_ZH_UNITS, text, p, ignore_case=True)
    if key and unit and not (key.isascii() and p + len(key) < len(text) and text[p + len(key)].isalpha() and text[p + len(key)].isascii()):
        if key != "度" or _temperature_context(text, p):
            return unit, p + len(key), True
    if p < len(text) and text[p] in ZH_MEDALS and (
        p + 1 == len(text) or text[p + 1] in "、，,。;；)） 和及与牌0123456789" or _MEDAL_LIST.search(text, max(0, p - 12), p)
    ):
        # 40金、27银、24铜: a medal table (金额, 银行, 铜价 go on with a character).
        return ZH_MEDALS[text[p]], p + 1 + (text[p + 1 : p + 2] == "牌"), True
    measure, implied = _longest(ZH_MEASURE_WORDS, text, p)
    if measure in ZH_PERSON_MEASURES:
        _, length = zh_counted_noun(text[p + 1 : p + 9])
        return "person", p + 1 + length, False  # 约1.4万名运动员, 1000万名消费者: persons
    if measure in ZH_TRIP_MEASURES or measure in ZH_OWN_WORD_MEASURES:
        return implied, p + len(measure), False
    if measure:
        after = p + len(measure)
        # 91枚奖牌, 127个国家气象站, 3家银行的股价: the noun phrase right after the measure word
        # (jieba's dictionary; its head names the unit), unless a description follows it (专长各异的专家).
        unit, length = zh_counted_noun(text[after : after + 8])
        if unit and not zh_table_unit(unit):
            head = _ZH_CLAUSE_RUN.match(text, after)
            if head and "的" not in head.group(1) and len(head.group(1)) > length:
                # 十九例流感并发重症病例，12宗山泥倾泻报告。: the noun that ends the clause is the head
                run = head.group(1)
                for k in range(max(0, len(run) - 4), len(run) - 1):
                    if run[k:] in ZH_COUNTED and ZH_COUNTED[run[k:]]:
                        return ZH_COUNTED[run[k:]], after + len(run), False
                if len(unit) == 1 and _zh_tags().get(run[-2:], "").startswith(("n", "vn")):
                    return run[-2:], after + len(run), False  # 泥 of 山泥: a fragment, not the noun counted
        if unit and (after + length >= len(text) or text[after + length] == "的" or not _is_cjk(text[after + length])
                     or "的" not in text[after + length : after + length + 6]):
            return unit, after + length, False
        for gap in range(0, 5):
            seg = text[after : after + gap]
            if any(not _is_cjk(c) or c == "的" for c in seg):
                break
            key, unit = _longest(NOUNS, text, after + gap, ignore_case=True)
            if key and unit:
                return unit, after + gap + len(key), False
        # 384个专长各异的专家模块: what is counted may follow a description; the
        # unit comes from it, the span stays on the number and classifier.
        clause = re.match(r"[^，。,;；:：!?！？()（）\s\d]{0,12}", text[after:]).group()
        for i in range(len(clause)):
            key, unit = _longest(NOUNS, clause, i, ignore_case=True)
            if key and unit and len(key) > 1:
                return unit, after, False
        head = _ZH_CLAUSE_RUN.match(text, after)
        if head and "的" not in head.group(1) and (implied is None or measure in ZH_WEAK_MEASURES):
            # 3宗塌树报告: a description, then the noun counted ends the clause (jieba's tag says noun)
            word = head.group(1)[-2:]
            if _zh_tags().get(word, "").startswith(("n", "vn")) and len(head.group(1)) > 2:
                return zh_table_unit(word) or word, after + len(head.group(1)), False
        return implied, after, False
    return None, pos, False


# One table, one lookup: currencies over times over measures over counted nouns where a key is in two.
_ZH_UNITS = {**NOUNS, **ZH_MEASURES, **ZH_TIME_UNITS, **ZH_CURRENCIES}
# The rest of a clause after a measure word, when a table noun ends it (十九例流感并发重症病例，).
_ZH_CLAUSE_RUN = re.compile(r"([\u4e00-\u9fff]{2,10})(?=[，。、；;,:：！？!?）)\s]|$)")
_MEDAL_LIST = re.compile(r"\d[金银][、，,\d]")
_TEMPERATURE_WORDS = re.compile(r"气温|温度|高温|低温|摄氏|降温|升温|体温|水温|海温|暖|冷|热|寒")


def _temperature_context(text: str, pos: int) -> bool:
    """度 after a number is a temperature only where the sentence speaks of one (气温, 高温, 暖)."""
    start = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
    return bool(_TEMPERATURE_WORDS.search(text, start, pos + 20))


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


def _scan(text: str, core: re.Pattern, mask_patterns: list[tuple[str, re.Pattern]], quantity) -> list[_Cand]:
    """Every match of a language's number pattern, outside code names and dates, made a quantity.

    The masks are found only once the number pattern has matched: a paragraph
    without a number does not pay for them, and they cost more than the search.
    """
    cands: list[_Cand] = []
    masks = None
    pos = 0
    while m := core.search(text, pos):
        if masks is None:
            masks = _code_spans(text) + [found.span() for needs, rx in mask_patterns
                                         if not needs or any(c in text for c in needs) for found in rx.finditer(text)]
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
    core = m.group()
    if m.group("n") and len(core) > 1 and text[end : end + 1] in _UNIT_AFTER_MULTIPLIER.get(core[-1], ()):
        core, end = core[:-1], end - 1  # 3千瓦 is 3 kW, 500兆瓦 500 MW, 910百帕 910 hPa
        value, qualifier = zh_to_number(core.rstrip()), "exact"
    if value is None:
        return None
    if core[0] == "负" and text[start - 1 : start] == "正":
        value, start = -value, start - 1  # 正负2.98个百分点: a margin of error, one quantity
    if _zh_not_quantity(text, start, end):
        return None
    if text[start - 1 : start] == "每" or core == "一" and (text[start - 1 : start] in _ZH_NOT_ONE_BEFORE or text.startswith("度", end)):
        return None  # 每千人口 (a rate's base), 前一周, 一度 (once)
    if start > 0 and text[start - 1] in "数几上" and core[0] in MULTIPLIERS:
        start, qualifier = start - 1, "vague"
    if text.startswith("量级", end) or text.startswith("级别", end):
        end, qualifier = end + 2, "vague"
    strong = unit is not None
    high = None
    if unit is None:
        discount = _zh_discount(text, end, core, value)
        tenths = _ZH_TENTHS_RANGE.match(text, end) if value < 10 and text[end : end + 1] in ZH_RANGE_LINKS else None
        if discount:
            (value, end), unit, strong = discount, "%", True
        elif tenths and zh_to_number(tenths.group(1)) is not None:
            # 六至七折, 三到四成: a range of tenths is a range of per cent
            value, high, unit, end, strong = value * 10, zh_to_number(tenths.group(1)) * 10, "%", tenths.end(), True
        elif text.startswith("成", end) and text[end + 1 : end + 2] not in _CHENG_WORDS and value <= 10:
            value, unit, end, strong = value * 10, "%", end + 1, True
            hundredths = re.match(r"\d{1,2}(?![\d.])", text[end : end + 3])
            if hundredths:  # 7成14: 71.4 %
                value, end = value + int(hundredths.group()) / 10 ** (len(hundredths.group()) - 1), end + len(hundredths.group())
            elif text[end : end + 1] in _ZH_DIGITS and (text[end + 1 : end + 2] in _ZH_PAUSE or text[end + 1 : end + 2] == "的"):
                value, end = value + _ZH_DIGITS[text[end]], end + 1  # 一成五 15 %, 六成一 61 %
        elif text.startswith(_ZH_SMALL_MONEY_WORDS, end) or text.startswith("分", end) and text.endswith(_ZH_FX_MOVES, 0, start):
            # 提高1分钱 (0.01 yuan), 5毛钱, 新台币升值8.7分 (0.087 of the currency the sentence quotes)
            key = text[end : end + 2] if text.startswith(_ZH_SMALL_MONEY_WORDS, end) else "分"
            value, unit, end, strong = value * _ZH_SMALL_MONEY[key], money.BARE_YUAN, end + len(key), True
        elif core[-1].isdigit() and text.startswith(("点", " 点"), end) and ("." in core or value >= 100):
            end = text.index("点", end) + 1
            unit, strong = "point", True  # 报3382.21点, 上涨312.45点, 报 25,830 点: index points
        elif core[-1].isdigit() and text.startswith("分", end) and not text.startswith(("分之", "分钟"), end):
            # 22分, 15.300分: points scored; 6分打点: what follows names them; 2小时06分12秒: minutes
            noun, length = zh_counted_noun(text[end + 1 : end + 4])
            if _ZH_MINUTES_AROUND.match(text, end + 1) or text.endswith(("小时", "时"), 0, start):
                unit, end, strong = "minute", end + 1, True
            elif noun and length == 2 and text[end + 3 : end + 4] in _ZH_PAUSE and text[start - 1 : start] != "以":
                unit, end, strong = noun, end + 1 + length, True
            else:
                unit, end, strong = "point", end + 1, True  # 以425.35分夺冠: a score
        else:
            unit, end, strong = _zh_unit_after(text, end)
            if unit == "km" and _ZH_SPEED.search(text, max(0, start - 4), start):
                unit = "km/h"  # 每小时234公里, 时速300公里, 球速156公里
            elif unit == "m" and text.endswith(("每秒", "秒速"), 0, start):
                unit = "m/s"  # 风速每秒38公尺
            elif unit == "yard" and "息" in text[max(0, start - 3) : start]:
                value, unit = value * 25, "basis point"  # 降息1码: a quarter point
            elif unit == "second" and re.match(r"\d{2}(?![\d.%])", text[end : end + 3]):
                value, end = value + int(text[end : end + 2]) / 100, end + 2  # 46秒40: 46.40 seconds
    if unit is None and all(c in MULTIPLIERS for c in core) and len(core) > 1:
        measure, implied = _longest(ZH_MEASURE_WORDS, text, end)
        if implied:  # 突破百万辆
            unit, end, strong = implied, end + len(measure), True
    if unit is None and core.isdigit() and start > 1 and _zh_tags().get(text[start - 2 : start], "") in _ZH_PLACE_NAMES:
        return None  # 台北101, 上海中心: a place's name with a number is a name
    if unit is None and core.isdigit() and text[start - 1 : start].isascii() and _ZH_LATIN_NAME_BEFORE.search(text, max(0, start - 12), start):
        return None  # 搭载RTX 5090的, iPhone 16: a Latin brand's number is a name
    bare_digit = not any(c.isdigit() for c in core)
    isolated = (start == 0 or not _is_cjk(text[start - 1])) and (m.end() >= len(text) or not _is_cjk(text[m.end()]))
    # 十万 is a numeral; 百万, 万亿 on their own are magnitudes that need context.
    all_multipliers = core[0] != "十" and all(c in MULTIPLIERS for c in core)
    if bare_digit and not strong:
        if not isolated and (core == "一" or len(core) == 1 and end == m.end()):
            return None
        if all_multipliers and qualifier != "vague" and "亿" not in core:
            return None
    if value == 1 and unit in _ZH_CURRENCY_UNITS and text.startswith(("兑", " 兑"), end):
        return None  # 1美元兑30.6元新台币: the base of an exchange rate, the rate is the quantity
    cand = _Cand(start, end, value, unit, qualifier, high)
    if high is not None:
        cand.qualifier = "range"
    pair_high = adjacent_pair_high(core)
    if pair_high is not None:
        cand.high, cand.qualifier = pair_high, "range"
    _zh_prefix(text, cand)
    _zh_suffix_qualifier(text, cand)
    cand.change = changes.zh_change(text, cand.start)
    if not (cand.change and cand.unit) and not text[max(0, cand.start - 3) : cand.start].rstrip().endswith(("从", "由", "自")):
        _zh_range(text, cand, masks)  # 从5%升至8%: two levels; 增加250人至1.2万人: a change and a level
    if cand.unit in ("CNY", money.BARE_YUAN):
        _zh_jiao_fen(text, cand)
    if cand.unit in ZH_CURRENCIES.values():
        _zh_rate(text, cand)
    return cand


# Not quantities, looked at around each number found (cheaper than patterns over every paragraph):
# scores and records (5比3, 1胜2败), tenors (1年期), codes (600519.SH, 00981A, 沪深300指数, Mate 80系列,
# 12强), clock times (下午3点, 6时35分), month spans (1-10月), Taiwan's ROC years (114年第3季), 零百加速.
_ZH_NOT_AFTER = re.compile(
    r"\s*比\s*\d|胜\d+败|年期|\.(?:SH|SZ|BJ)\b|[A-Z](?![A-Za-z])|指数|系列|强|(?<=零百)(?:公里|加速)|\s*[点时]\s*\d{1,2}\s*分"
    r"|\s*[-~至到]\s*\d{1,2}\s*月|(?<=1[01]\d)\s*年(?=第|度|[上下]半年|前|全年|底|初|\d{1,2}月)"
    r"|处(?<=四处)|\s*[点时](?:整|许)|名(?<=(?<![\d.])1名)\s*\d{1,3}\s*岁|[/／](?<=\d{4}[/／])\s*\d{2}(?!\d)|\s*[:：]\s*\d{1,2}(?![\d.:])"
    r"|\s*[(（]\s*\d{4,6}[A-Z]?\s*[)）]|[名大棒](?<=前\d[名大棒]|前[一二三四五六七八九十][名大棒])|[名大棒](?<=前\d\d[名大棒])"
    r"|局[上下](?:半|(?=[，,、。\s]))"  # 4局下, 9局上半: the half of an inning, an ordinal
    r"|级风[圈暴]"  # 七级风圈半径, 七級風暴風半徑: a wind class naming a radius, not a figure
)
_ZH_NOT_BEFORE = re.compile(
    r"(?:\d\s*[比:：]\s*|\d\d[/／]|\d胜|(?:拨打|致电|拨通)\s*"
    r"|(?P<day>上午|下午|晚上|晚间|凌晨|中午|早上|傍晚|\d日|[当今昨明次翌]日|[今昨明]早|[今昨明]晚|[当今昨明]天)\s*|(?P<hour>\d\s*[点时])\s*)$"
)


def _zh_not_quantity(text: str, start: int, end: int) -> bool:
    if _ZH_NOT_AFTER.match(text, end):
        return True
    m = _ZH_NOT_BEFORE.search(text, max(0, start - 4), start)
    if not m:
        return False
    if m.group("day"):
        return bool(re.match(r"\s*[点时]", text[end : end + 2]))  # 下午3点
    if m.group("hour"):
        return bool(re.match(r"\s*分", text[end : end + 2]))  # 6时35分
    return True
_ZH_PLACE_NAMES = frozenset(("ns", "nt", "nz", "nr"))
_ZH_MINUTES_AROUND = re.compile(r"\d{1,2}(?:\.\d+)?秒")
_ZH_TENTHS_RANGE = re.compile(r"(?:至|到|-|~|—|–)([零〇一二两三四五六七八九\d](?:\.\d)?)[折成]")
_ZH_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
# Fractions of the yuan (or of whatever currency is quoted): 分 is a hundredth, 角/毛 a tenth.
_ZH_SMALL_MONEY = {"分钱": 0.01, "角钱": 0.1, "毛钱": 0.1, "分": 0.01}
_ZH_SMALL_MONEY_WORDS = ("分钱", "角钱", "毛钱")
_ZH_FX_MOVES = ("升值", "贬值")
_UNIT_AFTER_MULTIPLIER = {"千": frozenset("瓦米克帕"), "兆": frozenset("瓦赫字焦帕欧比伏"), "百": frozenset("帕")}
_ZH_NOT_ONE_BEFORE = frozenset("前上下同这那每")
_ZH_PAUSE = frozenset("、，,。；;：:！？!?）) ") | {""}
_ZH_CURRENCY_UNITS = frozenset(ZH_CURRENCIES.values()) | {money.BARE_YUAN}
_ZH_LATIN_NAME_BEFORE = re.compile(r"(?<![A-Za-z])(?=[A-Za-z]{2})[A-Za-z]*[A-Z][A-Za-z]* ?$")
_ZH_SPEED = re.compile(r"每小时|[时球车航]速|/小时")


_JIAO_FEN = re.compile(r"(?:([零一二三四五六七八九壹贰叁肆伍陆柒捌玖\d])角)?(?:([零一二三四五六七八九壹贰叁肆伍陆柒捌玖\d])分)?")


def _zh_jiao_fen(text: str, cand: _Cand) -> None:
    """壹拾壹元壹角壹分: tenths and hundredths of a yuan after the yuan."""
    m = _JIAO_FEN.match(text, cand.end)
    if m and m.group():
        cand.value += sum(zh_to_number(d) / scale for d, scale in ((m.group(1), 10), (m.group(2), 100)) if d)
        cand.end = m.end()


def _zh_prefix(text: str, cand: _Cand) -> None:
    at = cand.start - (text[cand.start - 1 : cand.start] == " ")
    key, iso = _longest_before(ZH_CURRENCY_PREFIXES, text, at)
    if key and (cand.unit is None or cand.unit in (iso, money.BARE_YUAN)):
        cand.start = at - len(key)
        cand.unit = iso
    pos = cand.start
    while text[pos - 1 : pos] == " ":
        pos -= 1  # 約 44.99 兆元
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
        trailing = re.search(r"[十百千万亿兆]+$", m.group())
        if trailing and not re.search(r"[十百千万亿兆]", text[cand.start : p]):
            cand.value *= magnitude(trailing.group())  # 400至420亿美元: the low end shares 亿
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


# 平均每人GDP将突破4万美元: a verb or bound ends what the rate is per
_ZH_PER_NOT_NOUN = re.compile(r"将|达|突破|超过|逾|约|已|可|能")


def _zh_rate(text: str, cand: _Cand) -> None:
    window_start = max(0, cand.start - 20)
    m = _ZH_PER.search(text[window_start : cand.start])
    if m and not _ZH_PER_NOT_NOUN.search(m.group("noun")):
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


_ZH_RATE_BREAK = re.compile(r"[。；;！？!?]|[，,][^，,。]*?(?:总|合计|共计|预算|经费|薪)")
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
    "US$": "USD", "U.S.$": "USD", "HK$": "HKD", "NT$": "TWD", "A$": "AUD", "AU$": "AUD", "C$": "CAD",
    "CA$": "CAD", "S$": "SGD", "R$": "BRL", "NZ$": "NZD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY",
    "￥": "CNY", "₩": "KRW", "USD": "USD", "EUR": "EUR", "GBP": "GBP", "CNY": "CNY", "RMB": "CNY",
    "JPY": "JPY", "TWD": "TWD", "HKD": "HKD", "AUD": "AUD", "CAD": "CAD", "CHF": "CHF", "Rs.": "INR",
    "Rs": "INR", "₹": "INR",
}
EN_CURRENCY_WORDS = {
    "us dollars": "USD", "u.s. dollars": "USD", "dollars": "USD", "dollar": "USD", "usd": "USD",
    "australian dollars": "AUD", "canadian dollars": "CAD", "hong kong dollars": "HKD",
    "new taiwan dollars": "TWD", "taiwan dollars": "TWD", "taiwanese dollars": "TWD",
    "singapore dollars": "SGD", "new zealand dollars": "NZD",
    "euros": "EUR", "euro": "EUR", "eur": "EUR", "pounds sterling": "GBP", "sterling": "GBP",
    "gbp": "GBP", "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY", "yen": "JPY",
    "jpy": "JPY", "rupees": "INR", "rupee": "INR", "won": "KRW", "swiss francs": "CHF", "francs": "CHF",
    "bucks": "USD", "reais": "BRL", "rand": "ZAR", "ringgit": "MYR", "baht": "THB", "roubles": "RUB",
    "rubles": "RUB", "pence": "penny", "cents": "cent", "cent": "cent",
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
    "kilos": "kg", "grams": "g", "gram": "g", "g": "g", "mg": "mg", "pounds": "pound", "lbs": "pound",
    "lb": "pound", "ounces": "oz", "oz": "oz", "tons": "tonne", "tonnes": "tonne", "tonne": "tonne",
    "ton": "tonne", "metric tons": "tonne", "litres": "litre", "liters": "litre", "litre": "litre",
    "liter": "litre", "ml": "mL", "gallons": "gallon", "gallon": "gallon", "mph": "mph",
    "miles per hour": "mph", "km/h": "km/h", "kph": "km/h", "kmh": "km/h", "kilometres per hour": "km/h",
    "kilometers per hour": "km/h", "acres": "acre", "acre": "acre", "hectares": "hectare",
    "hectare": "hectare", "ha": "hectare", "square feet": "ft²", "sq ft": "ft²", "square kilometers": "km²",
    "square kilometres": "km²", "sq km": "km²", "km2": "km²", "km²": "km²", "square meters": "m²",
    "square metres": "m²", "sq m": "m²", "sqm": "m²", "m2": "m²", "m²": "m²", "gb": "GB", "mb": "MB",
    "tb": "TB", "kb": "KB", "gigabytes": "GB", "megabytes": "MB", "terabytes": "TB", "bytes": "byte",
    "bits": "bit", "°c": "°C", "ºc": "°C", "°f": "°F", "ºf": "°F", "℃": "°C", "℉": "°F",
    "degrees": "degree", "degree": "degree", "degrees celsius": "°C", "degrees centigrade": "°C",
    "degrees fahrenheit": "°F", "degrees c": "°C", "degrees f": "°F", "celsius": "°C",
    "fahrenheit": "°F", "kelvin": "K", "watts": "W", "kw": "kW", "kilowatts": "kW", "kwh": "kWh",
    "kilowatt-hours": "kWh", "kilowatt hours": "kWh", "mwh": "MWh", "megawatt-hours": "MWh", "gwh": "GWh",
    "gigawatt-hours": "GWh", "twh": "TWh", "terawatt-hours": "TWh", "mw": "MW", "megawatts": "MW",
    "gw": "GW", "gigawatts": "GW", "horsepower": "horsepower", "hp": "horsepower", "bhp": "horsepower",
    "barrels per day": "barrel per day", "barrels a day": "barrel per day", "bpd": "barrel per day",
    "b/d": "barrel per day", "barrels": "barrel", "barrel": "barrel",
    "ppm": "ppm", "parts per million": "ppm", "ppb": "ppb", "parts per billion": "ppb",
    "basis points": "basis point", "basis point": "basis point", "bps": "basis point", "bp": "basis point",
    "milligram": "mg", "milligrams": "mg", "kilowatt-hour": "kWh", "megawatt-hour": "MWh",
    "kilowatthours": "kWh", "kilowatthour": "kWh", "megawatthours": "MWh", "gigawatthours": "GWh",
    "terawatthours": "TWh", "kilowatt": "kW", "megawatt": "MW", "gigawatt": "GW",
    "year-old": "year", "years-old": "year", "month-old": "month", "week-old": "week", "day-old": "day",
    "nm": "nm", "nanometres": "nm", "nanometers": "nm", "nanometre": "nm", "nanometer": "nm",
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
    # dates: March 3, 2024; 3rd of March 2024; March 2024 (one pattern, one scan)
    ("", re.compile(rf"\b{_EN_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
                    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH}(?:,?\s+\d{{4}})?"
                    rf"|\b{_EN_MONTH}\s+\d{{4}}\b", re.I)),
    ("-/", re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")),
    (":mM", re.compile(r"\b\d{1,2}(?::\d{2}){1,2}(?:\s?[ap]\.?m\.?)?|\b\d{1,2}\s?[ap]\.?m\.?(?!\w)", re.I)),
    ("", re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.I)),
    (".)", re.compile(r"(?m)^\s*\d{1,2}[.)](?=\s)")),
    ("(", re.compile(r"\(\d{1,2}\)")),
    (".", re.compile(r"\b\d+(?:\.\d+){2,}\b")),
    ("zZ", re.compile(r"net[- ]zero\b|zero-(?=[a-z])", re.I)),
]
# Not quantities, looked at around each number found (an anchored match there costs far less
# than a pattern searched over every paragraph): roads (the 405 Freeway), tickers and codes (2330-TW, 5G), fiscal years
# (2009/10, 2023-24), decades (1990s), eras (A.D. 1000, 300 BC), scores and records (118-112, won 3-1,
# 15-2), basketball's three-pointers, the 10-year Treasury, the number 10 shirt.
_EN_NOT_AFTER = re.compile(
    r"-[A-Z]{2}\b|G\b|s\b|(?<=(?:19|20)\d\d)[/-]\d\d\b(?![/-]\d)|(?<=(?:19|20)\d\d/\d\d)\b| ?(?:A\.D\.|AD|B\.C\.|BCE?|CE)(?!\w)"
    r"|-year (?=Treasury|note|bond|yield|gilt|Bund)|-point(?:ers?)?\b| (?:Freeway|Highway|Motorway|Expressway|Turnpike|Parkway)\b"
    r"|(?<=[a-z]th|ird|ond)\s+(?:straight|consecutive|successive|time|place|quarter|round|term)\b"
    r"|[-–]\d{1,3}(?![\d%]|\.\d|\s?(?:%|per|percent|years?|months?|weeks?|days?|hours?|minutes?|m\b|bn\b|million|billion|km|miles?|kg|points?|people|degrees?)\b)"
)
_EN_NOT_BEFORE_LAST = frozenset(" -–/DCE.")
_EN_NOT_BEFORE = re.compile(r"(?:\b(?:A\.D\.|AD|B\.C\.|BCE?|CE) ?|\b(?:number|No\.) |(?<![\d.,$£€¥])\d{1,3}[-–]|\b(?:19|20)\d\d[/-])$", re.I)


def _en_not_quantity(text: str, start: int, end: int) -> bool:
    if _EN_NOT_AFTER.match(text, end):
        after = text[end : end + 1]
        # s: only decades (1990s, 80s); -point: only two- and three-pointers
        if after == "s" and not text[end - 1 : end] == "0" or after == "-" and text.startswith("-point", end) and text[start:end].lower() not in ("2", "3", "two", "three"):
            return False
        return True
    before = text[max(0, start - 8) : start]
    if not before or before[-1] not in _EN_NOT_BEFORE_LAST:
        return False  # the regex only where its last character is there (most numbers follow a letter's space)
    if before[-1] == " " and not before.rstrip().endswith(("A.D.", "AD", "B.C.", "BC", "BCE", "CE", "number", "No.")):
        return False
    return bool(_EN_NOT_BEFORE.search(before))


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
    rf"(?:\s?(?:hundred|thousand|million|billion|trillion|lakh|crore)s?\b|(?:bn|mn|mln|tn|trn|k|m|b)\b)?)"
    rf"|(?P<words>\b(?:(?:{_NUMWORD})|an?(?=\s+(?:hundred|thousand|million|billion|trillion)\b))"
    rf"(?:(?:\s+and\s+|[\s-]+)(?:{_NUMWORD})\b)*(?:\s+point(?:\s+(?:{_NUMWORD}))+)?\b)",
    re.I,
)
_EN_AND_FRACTION = re.compile(rf"\s+and\s+(?:a|one)[\s-]+({_DENOM})\b", re.I)
_EN_RANGE_LINK = re.compile(r"\s*(?:-|–|—|to|and)\s*", re.I)
_EN_PER = re.compile(
    rf"\s*(?:(?:per|a|an|each)\b|/)\s*(?P<pn>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{_NUMWORD}|million|billion|thousand|mn|m|k)?\s*"
    r"(?P<noun>(?:[a-z]+\s+){0,2}[a-z]+)\b",
    re.I,
)
_EN_TIME_PER = {"year", "month", "week", "day", "hour", "minute", "second", "annum"}


def _singular(word: str) -> str:
    w = word.lower()
    if w in EN_UNITS:
        return EN_UNITS[w]
    return en_plural_noun(w) or w


_EN_NOT_NOUNS = set(
    "is are was were has have had will would can could may might should and or of in on at to for"
    " from by with as than that this these those it its the a an per each which who were be been"
    " also only just more less over under about".split()
)


def _en_value(m: re.Match) -> tuple[float | None, str]:
    if m.group("vague"):
        words = _EN_WORD.findall(m.group("vague").lower())
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
        parts = _EN_FRACTION_PARTS.split(f)
        if parts[-1] == "half" and len(parts) <= 2:
            return 0.5, "exact"
        den = EN_FRACTION_DENOMINATORS.get(parts[-1]) or EN_FRACTION_DENOMINATORS.get(parts[-1][:-1])
        num = 1.0 if parts[0] in ("a", "an") else en_words_to_number(parts[:-1])
        return (num / den if num is not None and den else None), "exact"
    if m.group("digits"):
        d = m.group("digits")
        num = _EN_DIGITS.match(d).group().rstrip()
        scale_word = d[len(num) :].strip().lower()
        scale = EN_SCALES.get(scale_word) or EN_SCALES.get(scale_word[:-1], 1)  # 25 lakhs, 3 millions
        return float(_EN_DIGIT_GROUPING.sub("", num)) * scale, "exact"
    w = m.group("words").lower()
    whole, _, frac = w.partition(" point ")
    value = en_words_to_number([whole])
    if value is not None and frac:
        digits = [en_words_to_number([x]) for x in frac.split()]
        if any(d is None or d > 9 for d in digits):
            return None, "exact"
        value += float("0." + "".join(str(int(d)) for d in digits))
    return value, "exact"


def _en_unit_after(text: str, pos: int, singular: bool = False) -> tuple[str | None, int]:
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
        m = _EN_HYPHEN_UNIT.match(text, pos)
        if m and m.group(1).lower() in EN_UNITS:
            return EN_UNITS[m.group(1).lower()], m.end()  # a 131-kilowatt-hour battery, a 46-yard field goal
        m = _EN_HYPHEN_WORD.match(text, pos)
        if m and text.startswith(" ", m.end()) and en_singular_noun(m.group(1)):
            return m.group(1).lower(), m.end()  # a 21-point deficit
        if m and not text.startswith(" ", m.end()):
            return None, pos
    glued = _EN_GLUED.match(text, pos)
    if glued:
        return _EN_GLUED_UNITS[glued.group()], glued.end()
    if not sp:
        return None, pos
    # the head noun, past modifiers: 517 rushing yards, eight more picks (kb.extract.units)
    return en_counted_noun(text, pos, singular=singular, table=EN_UNITS)


# Compiled once: the extractor runs on every paragraph of every article.
_EN_WORD = re.compile(r"[a-z]+")
_EN_FRACTION_PARTS = re.compile(r"[\s-]+")
_EN_DIGITS = re.compile(r"[-+]?[\d, \u202f]*(?:\.\d+)?(?:e[-+]?\d+)?", re.I)
_EN_DIGIT_GROUPING = re.compile(r"[, \u202f]")
_EN_HYPHEN_UNIT = re.compile(r"-([a-z]+(?:-[a-z]+)?)\b", re.I)
_EN_HYPHEN_WORD = re.compile(r"-([a-z]+)\b", re.I)
_EN_A_OR_HALF = re.compile(r"(?:an?\s|half)", re.I)
_EN_SCALE_LETTER = re.compile(r"(?<=\d)[kmb]$", re.I)
_EN_FAHRENHEIT = re.compile(r"fahrenheit|\d\s?°?F\b", re.I)
_EN_OF_A = re.compile(r"\s+of\s+an?\s+")
_EN_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")
_EN_SCALE_WORD = re.compile(r"(hundred|thousand|million|billion|trillion|bn|mn|tn)\b", re.I)
# Words right before a number are looked for in this many characters before it, not in the
# whole paragraph (a search anchored at the end of the text would scan all of it each time).
_BEFORE_WINDOW = 60
_EN_MINUS_BEFORE = re.compile(r"(?<!plus or )\b(?:minus|negative)\s+$", re.I)
_EN_BETWEEN_WORD_BEFORE = re.compile(r"\bbetween\s+\S*$", re.I)
_EN_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.I)

# Units written against the number: 135p (pence), 41.2C, 98F.
_EN_GLUED = re.compile(r"(?:p|C|F)\b")
_EN_GLUED_UNITS = {"p": "penny", "C": "°C", "F": "°F"}


def _en_quantity(text: str, m: re.Match, masks) -> _Cand | None:
    start, end = m.span()
    if _masked(masks, start, end) or m.group("digits") and m.group("digits").isdigit() and (
        _is_name_number(text, start, end) or _is_second_name_number(text, start, end)
    ):
        return None
    if _en_not_quantity(text, start, end):
        return None
    if m.group("words"):
        cut = _words_cut(m.group("words"))
        if cut < len(m.group("words")):
            # all five three-point attempts: adjacent number words are two numbers, not 5+3.
            m = _EN_CORE.match(text[: start + cut], start)
            end = m.end()
    value, qualifier = _en_value(m)
    if value is None:
        return None
    if m.group("frac") and _EN_A_OR_HALF.match(m.group("frac")) and (
        not _EN_FRACTION_AFTER.match(text, end) and not _en_unit_after(text, end)[0]
        or _EN_HALF_OF_GAME.search(text, max(0, start - 8), start)
    ):
        return None  # a sixth straight game, a seventh-rounder, the first half: ordinals, not fractions
    cand = _Cand(start, end, value, None, qualifier)
    whole = _EN_AND_FRACTION.match(text, end)
    if whole and (m.group("words") or m.group("digits")):
        cand.value += 1 / EN_FRACTION_DENOMINATORS[whole.group(1).lower()]
        cand.end = end = whole.end()
    key, iso = _longest_before(EN_CURRENCY_PREFIXES, text, start - (1 if text[start - 1 : start] == " " else 0), ignore_case=False)
    if key:
        cand.start = start - len(key) - (1 if text[start - 1 : start] == " " else 0)
        cand.unit = iso
    scale = _EN_SCALE_LETTER.search(m.group("digits") or "")
    if scale and cand.unit is None:
        # 5m is five metres; a currency (US$5m) or a counted noun (3m people) makes it five million.
        counted, _ = en_counted_noun(text, end, table=EN_UNITS)
        if not counted:
            cand.value /= EN_SCALES[scale.group().lower()]
            end = cand.end = scale.start() + start
            if scale.group() == "m":
                cand.unit = "m"  # the 1500m, a 5m wall
    word = (m.group("words") or "").lower()
    number_end = end
    if cand.unit is None:
        cand.unit, cand.end = _en_unit_after(text, end, singular=cand.value == 1 and not m.group("frac"))
        den = EN_FRACTION_DENOMINATORS.get(cand.unit or "")
        if den:
            cand.value, cand.unit = cand.value / den, None
        if cand.unit == "degree" and _EN_TEMPERATURE.search(text):
            cand.unit = "°F" if _EN_FAHRENHEIT.search(text) else "°C"
        if cand.unit is None and m.group("frac"):
            of_unit = _EN_OF_A.match(text, end)
            if of_unit:  # a quarter of a percentage point
                unit, unit_end = _en_unit_after(text, of_unit.end() - 1)
                if unit:
                    cand.unit, cand.end = unit, unit_end
        if cand.unit is None and value < 130 and (text[start - 2 : start] == ", " or "age" in text[max(0, start - 6) : start]) and _EN_AGE.search(text, max(0, start - 30), start) and _EN_AGE_AFTER.match(text, end):
            cand.unit = "year"  # LeBron James, 40, went...; people ages 5 to 19
        if cand.unit is None and text.startswith("ers", end):
            return None  # the 49ers, 76ers: a name glued to digits
        if cand.unit is None:
            of = _EN_OF.match(text, end)
            if of:  # nine of their last 10 home games, 16 of his 41 points, five of his three-point attempts
                cand.unit = en_counted_noun(text, of.end(), table=EN_UNITS)[0]
    else:
        key, _ = _longest(EN_CURRENCY_WORDS, text, end + 1, ignore_case=True)
        if key in ("dollars", "us dollars") and text[end : end + 1] == " ":
            cand.end = end + 1 + len(key)
    if cand.unit is None and word in ("one", "a", "an") or word == "one" and text[max(0, start - 3) : start].lower() == "at ":
        return None  # at one stage, at one point
    if m.group("digits") and qualifier == "exact" and _EN_YEAR.fullmatch(m.group("digits")):
        # a year: in 2025, above 2023 levels (not 2,000 people, nor $2000)
        if cand.unit is None or cand.unit in _EN_YEAR_NOUNS or text[end:].split(" ", 2)[1:2] in (["model"], ["season"], ["budget"]):
            return None
    sign = _EN_MINUS_BEFORE.search(text, max(0, cand.start - _BEFORE_WINDOW), cand.start)
    if sign:
        cand.value, cand.start = -cand.value, sign.start()
    _en_prefix(text, cand)
    words = changes.en_words_before(text, cand.start)
    cand.change = changes.en_change(text, cand.start, number_end if cand.unit is None or cand.end == number_end else _number_with_unit_end(text, number_end, cand), words)
    if not cand.change and not changes.en_from_change(text, cand.start, words):
        _en_range(text, cand, m, masks)  # rose by 250 to 237,500; rose from 12.1% to 12.3%: no range
    if cand.unit == "barrel per day":
        cand.unit, cand.per_value, cand.per_unit = "barrel", 1.0, "day"
    elif cand.unit is not None:
        _en_rate(text, cand)
    return cand


# A fraction in words is one when `of`, a unit, or the end of a phrase follows (a third of, half a second).
_EN_FRACTION_AFTER = re.compile(r"\s+(?:of|an?|more|less|as|percent|per ?cent|the)\b|\s*[-.,;:)]?\s*$|\s*[,.;:)]|\s+(?:point|percentage|mile|kilo|year|hour|minute|second|day|week|month)", re.I)
# nine of their last 10 home games; 14 of 25 shots (the count after `of` may stand without a determiner)
_EN_OF = re.compile(r"\s+of\s+(?:(?:their|his|her|its|the|our|your|my)\s+(?:(?:last|first|next|final|past|previous)\s+)?(?:\d+|[a-z]+)?|\d[\d,]*)(?= )", re.I)
_EN_HALF_OF_GAME = re.compile(r"\b(?:first|second|other|back|front)\s+$", re.I)
_EN_AGE = re.compile(r"(?:[A-Z][a-z]+,\s*|\bage[sd]?\s+|\baged\s+)$")
_EN_AGE_AFTER = re.compile(r",|\s+(?:to|and over|and older|and up|or older)\b|\s*$")
_EN_TEMPERATURE = re.compile(r"temperature|\bheat|\bwarm|\bcold|\bcool|\bhot\b|freez|celsius|fahrenheit", re.I)
# Nouns after a year that make it a date, not a count: above 2023 levels, 2024 sales.
_EN_YEAR_NOUNS = frozenset(
    "level price figure sale result number earning election estimate rate low high peak total budget season"
    " census forecast value survey report edition game olympic model version standard target plan term class"
    " draft award cohort data".split()
)


def _number_with_unit_end(text: str, number_end: int, cand: _Cand) -> int:
    """Where a change word may follow: after `%` or a symbol unit (0.2% lower), else after the number (598,000 fewer jobs)."""
    return cand.end if cand.unit in ("%", "percentage point", "basis point") or cand.end - number_end <= 2 else number_end


def _words_cut(words: str) -> int:
    """Length of the longest prefix of a run of number words that is one number.

    twenty five, two hundred and five, a million: one number each; five three,
    ten twenty: a unit or teen cannot precede another unit, teen or tens word.
    """
    low = words.lower()
    prev = None
    for m in re.finditer(r"[a-z]+", low):
        w = m.group()
        kind = "scale" if w in EN_SCALES else "tens" if w in _EN_TENS_WORDS else "and" if w == "and" else "point" if w == "point" else "unit"
        if prev in ("unit", "tens") and kind in ("unit", "tens") and not (prev == "tens" and kind == "unit" and w not in _EN_TEENS):
            return len(words[: m.start()].rstrip(" -"))
        if prev == "point":
            return len(words)
        prev = kind if kind != "and" else prev
    return len(words)


_EN_TENS_WORDS = frozenset("twenty thirty forty fifty sixty seventy eighty ninety".split())
_EN_TEENS = frozenset("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())


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
    if link.group().strip().lower() == "and" and not _EN_BETWEEN_WORD_BEFORE.search(text, max(0, first.start() - _BEFORE_WINDOW), first.start()):
        return
    at = link.end()
    key, iso = _longest(EN_CURRENCY_PREFIXES, text, at)
    if key and iso == cand.unit:
        at += len(key)  # between £3.1bn and £3.2bn
    m = _EN_CORE.match(text, at)
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
    scale_words = _EN_SCALE_WORD.findall(m.group())
    if scale_words and not _EN_SCALE_WORD.search(first.group()):
        low = low * EN_SCALES[scale_words[-1].lower()]
    cand.value, cand.high, cand.unit = low, high, cand.unit or unit2
    cand.end, cand.qualifier = max(end, m.end()), "range"
    prefix = _EN_BETWEEN_BEFORE.search(text, max(0, cand.start - _BEFORE_WINDOW), cand.start)
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
        per_value = float(pl.replace(",", "")) if pl[0].isdigit() else EN_SCALES.get(pl) or en_words_to_number([pl])
    noun_end = list(re.finditer(r"\S+", m.group("noun")))[len(noun_words) - 1].end() + m.start("noun")
    noun_words[-1] = _singular(noun_words[-1])
    cand.per_value, cand.per_unit, cand.end = per_value, " ".join(w.lower() for w in noun_words), noun_end


# ------------------------------------------------------------------ interface


# Units that are measures, not counted nouns: a bare number never borrows them from a neighbour.
_EN_MEASURES = frozenset(EN_UNITS.values()) | frozenset(EN_CURRENCY_PREFIXES.values()) | frozenset(
    EN_CURRENCY_WORDS.values()) | {"penny", "cent", "°C", "°F", "basis point", "percentage point"}


def find_quantities(text: str, lang: str, variant: str | None = None) -> list[Quantity]:
    """Quantities in text, sorted by start and non-overlapping. lang is "zh" or "en" (or a tag: zh-Hant).

    variant is the place the text is from, for the currency of 元: "cn", "tw" or
    "hk" (kb.extract.money.variant_of); None reads it from the text's script.
    """
    if lang.lower().startswith("zh"):
        if not _ZH_ANY_NUMBER.search(text):
            return []
        folded = fold_zh(text)
        cands = _scan(folded, _ZH_CORE, _ZH_MASKS, _zh_quantity)
        _zh_inherit_rates(folded, cands)
        if cands:
            ellipsis.share_list_units(folded, cands)
            ellipsis.zh_units_from_context(folded, cands)
            cands = ellipsis.merge_durations(folded, cands)
            _zh_visitors(folded, cands)
            money.resolve_yuan(folded, cands, variant, lambda: is_traditional(text))
            ellipsis.restore_source_nouns(text, folded, cands)
    elif lang.lower().startswith("en"):
        folded = fold(text)
        cands = ellipsis.merge_durations(folded, _scan(folded, _EN_CORE, _EN_MASKS, _en_quantity))
        if len(cands) > 1:
            ellipsis.en_units_from_context(folded, cands, _EN_MEASURES)
        for c in cands:
            if c.unit == "¥" or c.unit == "JPY" and folded[c.start : c.start + 1] in "¥￥" and _ZH_ANY_CJK.search(folded):
                c.unit = "CNY"
    else:
        raise ValueError(f"unsupported language: {lang!r}")
    changes.propagate(folded, cands)
    return _resolve(cands, text)


def _zh_visitors(text: str, cands: list[_Cand]) -> None:
    """旅客…人次 counts visitors (访港旅客460万人次); other 人次 stay 人次 (诊疗人次)."""
    for c in cands:
        if c.unit != "人次":
            continue
        sentence = max(0, c.start - 60, *(text.rfind(p, 0, c.start) + 1 for p in "；;。！？"))
        clause = max(sentence, *(text.rfind(p, 0, c.start) + 1 for p in "，,"))
        # 其中铁路1.71亿人次 are still the 旅客 the sentence began with; 公路人员流动量1.69亿人次 are not
        if _ZH_VISITORS.search(text, sentence, c.end) and not _ZH_OTHER_VISITS.search(text, clause, c.start):
            c.unit = "visitor"


_ZH_VISITORS = re.compile(r"旅客|游客|访客|旅游人次")
# 人次 of other things than travellers, in the figure's own clause (人员流动量, 就诊, 接种, 观众)
_ZH_OTHER_VISITS = re.compile(r"人员|流动|诊|接种|观众|观影|参观|参与|检测")
# Before any conversion: a paragraph with no digit or numeral character has no quantity.
_ZH_ANY_NUMBER = re.compile(r"[\d０-９零〇○一二三四五六七八九十百千万亿萬億兩两壹贰貳叁參肆伍陆陸柒捌玖拾佰仟廿卅兆]")
_ZH_ANY_CJK = re.compile(r"[\u4e00-\u9fff]")


def _bare_magnitude(q: Quantity) -> bool:
    """同样百万token的处理, 万亿投入: a magnitude word alone sets the scale, it states no figure."""
    numerals = re.sub(r"[^\d零〇一二两三四五六七八九十百千万亿]", "", q.text)
    return q.qualifier == "exact" and q.unit not in ("x", "%") and bool(numerals) and not numerals.strip("百千万亿")


_PERIODS = frozenset({"year", "month", "week", "day", "hour", "minute", "second"})


def main_quantity(quantities: list[Quantity]) -> Quantity | None:
    """The claim's focal figure: the first with a unit that is not a period, else the first with a unit,
    else the first; bare magnitudes last.

    A unit marks what the claim measures (money, share, count of things); a
    period (10个月累计销量180万辆, in the 12 months through March) most often says
    over what time the figure was reached, so the figure comes first; a claim
    whose only measure is a duration (八年内) keeps it. A bare number is more
    often incidental, and a bare magnitude (百万token as the base of a
    comparison) sets the scale only.
    """
    stated = [q for q in quantities if not _bare_magnitude(q)] or quantities
    with_unit = [q for q in stated if q.unit is not None]
    for q in with_unit:
        if q.unit not in _PERIODS:
            return q
    if with_unit:
        return with_unit[0]
    return stated[0] if stated else None


if not Span.has_extension("quantity"):
    Span.set_extension("quantity", default=None)


class QuantityRecognizer:
    """Writes each quantity of doc.text to doc.spans["quantities"], with the Quantity on span._.quantity."""

    def __init__(self, lang: str, spans_key: str = "quantities", variant: str | None = None):
        self.lang = lang
        self.spans_key = spans_key
        self.variant = variant

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for q in find_quantities(doc_text(doc), self.lang, self.variant):
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None:
                continue
            span._.quantity = q
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory("quantities", default_config={"lang": None, "spans_key": "quantities", "variant": None})
def make_quantities(
    nlp: Language, name: str, lang: str | None, spans_key: str, variant: str | None
) -> QuantityRecognizer:
    """variant: "cn", "tw" or "hk", the place 元 is counted in (None: from the text's script)."""
    return QuantityRecognizer(lang or nlp.lang, spans_key, variant)
