"""Units a number takes from elsewhere in its sentence, and amounts written in two parts.

Hand-written: these are patterns of news writing that no library covers.
- a list shares the noun written once (75宗、41宗及3宗塌树报告; 3、5奈米);
- a number whose noun was written before it (5G基站总数达到425.1万个, 床位1023.5万张,
  糖尿病患者超过1.4亿), or given with the same measure word earlier in the
  sentence (建成3200余座换电站，…超过1000座);
- an English bare count after a counted noun in the same sentence (12,645 votes to her
  12,639; 103 goals, and Drogba finished with 29; 66,100 mortgages, 4,000 fewer);
- a duration in two units is one quantity in the smaller (2小时45分钟 = 165 minutes,
  three minutes 29.38 seconds = 209.38 seconds).
Counted-noun units that are the source's own word are given back as the article
writes them (全壘打, not the Simplified form the rules read).
"""

from __future__ import annotations

import re
from kb.extract.money import BARE_YUAN
from kb.extract.units import ZH_COUNTED, ZH_MEASURE_WORDS, ZH_WEAK_MEASURES, _zh_tags, zh_counted_noun

_SECONDS = {"hour": 3600, "minute": 60, "second": 1}
_SIMPLE_FRACTION = re.compile(r"\d/\d\d?\b.*", re.S)
_LIST_LINK = re.compile(r"\s*(?:、|及|和|与|以及|或)\s*")
_SENTENCE_BREAK = re.compile(r"[。；;！？!?\n]")
# Between a noun and its number: 基站总数达到, 床位, 患者超过, 诊疗人次达
_ZH_BEFORE_FILLERS = re.compile(
    r"(?:出货量|销量|销售量|产量|出栏量?|存栏量?|保有量|交付量|装机量)?(?:总数|总量|数量|总计|合计|累计|规模|人数|总额|数)?(?:已|共|共有|总共|预计|将|有望|或将|可望|成交)*(?:达到|达|为|是|有|超过|突破|逾|近|约|增至|升至|降至)*\s*$"
)
_SCOPE = re.compile(r"^(?:全国|我国|全市|全省|全球|全港|全台|各地|国内|境内|本地)")
_ZH_NOUN_TAGS = ("n", "nr", "ns", "nt", "nz", "ng", "vn")
# Verbs that take the noun as their object rather than naming it (发生森林火灾128起 counts 森林火灾)
_ZH_LIGHT_VERBS = frozenset(
    "发生 出现 造成 导致 完成 实现 接获 录得 发现 拥有 获得 吸引 接待 发送 开行 建成 部署 新增 引发 收到 处理 销售 生产"
    " 传出 通报 出动 接报 开设 报告 储备 发放 停运 关闭 转移 取消 接诊 推出 疏散".split()
)
_ZH_NAME_TAGS = frozenset(("nr", "ns", "nt", "nz", "nrt", "nrfg"))
# Measure words that name what they count when nothing else does (逾9万张: board lots of shares).
_ZH_SELF_NAMING = frozenset("张支块条颗片粒间份枚剂案")


def merge_durations(text: str, cands: list) -> list:
    """2小时45分钟, three minutes 29.38 seconds: one duration, in the smaller unit."""
    merged: list = []
    for c in cands:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.unit in _SECONDS and c.unit in _SECONDS and _SECONDS[prev.unit] > _SECONDS[c.unit]
            and prev.change is None and prev.qualifier in ("exact", "approx") and prev.high is None
            and re.fullmatch(r"\s*(?:and\s+)?", text[prev.end : c.start])
        ):
            prev.value = prev.value * _SECONDS[prev.unit] / _SECONDS[c.unit] + c.value
            prev.unit, prev.end = c.unit, c.end
            continue
        if (
            prev is not None and prev.unit is None and prev.high is None and prev.value == int(prev.value)
            and 0 < c.value < 1 and text[prev.end : c.start] == " " and _SIMPLE_FRACTION.fullmatch(text, c.start, c.start + 4)
        ):
            prev.value, prev.unit, prev.end = prev.value + c.value, c.unit, c.end  # 2 1/2 games
            continue
        merged.append(c)
    return merged


def share_list_units(text: str, cands: list) -> None:
    """75宗、41宗及3宗塌树报告; 3、5奈米: items of a list take the unit the last one names."""
    for i in range(len(cands) - 2, -1, -1):
        a, b = cands[i], cands[i + 1]
        if not _LIST_LINK.fullmatch(text[a.end : b.start]) or b.unit is None:
            continue
        measure_a = _measure_at(text, a)
        if a.unit is None or measure_a and _measure_at(text, b) == measure_a and a.unit == ZH_MEASURE_WORDS.get(measure_a):
            a.unit = b.unit


def _measure_at(text: str, cand) -> str | None:
    """The measure word right after a Chinese quantity's number (75宗 -> 宗, 3200余座换电站 -> 座)."""
    m = _AFTER_NUMBER.search(text, cand.start, cand.end)
    if not m:
        return None
    return m.group(1) if m.group(1) in ZH_MEASURE_WORDS else m.group(1)[0] if m.group(1)[0] in ZH_MEASURE_WORDS else None


# The measure word starts at the first character that is not a numeral (约十六万三千张 -> 张).
_AFTER_NUMBER = re.compile(r"[\d〇零一二三四五六七八九十百千万亿两][余多]?\s?([^\d〇零一二三四五六七八九十百千万亿两余多\s\W][\u4e00-\u9fff]?)")


def zh_units_from_context(text: str, cands: list) -> None:
    """A bare count (425.1万个, 超过1.4亿) takes its noun from before it, or from an earlier
    quantity with the same measure word in the sentence; a self-naming measure word names itself."""
    for i, c in enumerate(cands):
        guess = None
        if c.unit is not None:
            if c.unit not in _WEAK_GUESSES:
                continue
            measure = _measure_at(text, c)
            if measure not in ZH_WEAK_MEASURES or c.unit != ZH_MEASURE_WORDS[measure] or _noun_follows(text, c, measure):
                continue
            guess, c.unit = c.unit, None  # 4330万台: the measure word's guess stands if nothing says better
        else:
            measure = _measure_at(text, c)
        if not measure and not re.search(r"\d\s?[万亿]", text[c.start : c.end]):
            continue  # 425.1万个, 超过1.4亿; not a bare magnitude (万亿投入)
        sentence_start = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, c.start)), default=0)
        for prev in reversed(cands[:i]):
            if prev.start < sentence_start:
                break
            if measure and prev.unit and _measure_at(text, prev) == measure:
                c.unit = prev.unit
                break
        if c.unit is None and not measure and _ZH_MONEY_BEFORE.search(text, max(sentence_start, c.start - 12), c.start):
            # 开支5598亿元，收入4940亿元，赤字659亿: an amount of money written without 元
            c.unit = next((p.unit for p in reversed(cands[:i]) if p.start >= sentence_start and p.unit in _CURRENCIES), BARE_YUAN)
        if c.unit is None and measure == "宗":
            # 一手成交约1.8万宗, 住宅买卖登记共5127宗: 宗 counts the deals or registrations named before it
            deal = _ZH_DEALS_BEFORE.search(text, max(sentence_start, c.start - 8), c.start)
            c.unit = deal.group(1) if deal else None
        if c.unit is None:
            cut = c.start - len(_ZH_BEFORE_FILLERS.search(text, max(0, c.start - 8), c.start).group())
            # 激活参数370亿: what looked like a filler (数) may end the noun
            c.unit = _noun_before(text, cut) or (_noun_before(text, c.start) if cut < c.start else None)
        if c.unit is None and measure in _ZH_SELF_NAMING:
            c.unit = measure
        c.unit = c.unit or guess


# Nouns of money before an amount (开支, 赤字, 成交额, 市值): the amount is money even without 元.
_ZH_MONEY_BEFORE = re.compile(
    r"(?:金额|总额|余额|收入|开支|支出|赤字|盈余|利润|营收|成本|投资|资金|预算|储备|债务|税收|收益|市值|估值|融资|成交额|销售额|营业额)"
    r"(?:已|共|总计|合计|累计)?(?:达到|达|为|是|约|近|逾|超过|突破|增至|降至|升至)*\s*$"
)
_ZH_DEALS_BEFORE = re.compile(r"(成交|登记|买卖|交易)(?:共|合共|共录得|录得|约|近|逾|达)*\s*$")
_CURRENCIES = frozenset(("CNY", "TWD", "HKD", "USD", "EUR", "JPY", "GBP", "MOP", BARE_YUAN))
_WEAK_GUESSES = frozenset(ZH_MEASURE_WORDS[m] for m in ZH_WEAK_MEASURES)


def _noun_follows(text: str, cand, measure: str) -> bool:
    """5家公司: the noun after the measure word named the unit (not a guess)."""
    at = text.find(measure, cand.start, cand.end)
    return at >= 0 and zh_counted_noun(text[at + len(measure) : at + len(measure) + 8])[0] is not None


def _noun_before(text: str, end: int) -> str | None:
    """The noun phrase ending at end (医疗卫生机构, 糖尿病患者 -> patient), by jieba's dictionary, backwards."""
    tags = _zh_tags()
    start, i = end, end
    head = None
    while i > 0 and end - start < 8:
        for n in range(min(5, i), 0, -1):  # the longest dictionary word ending at i
            word = text[i - n : i]
            tag = tags.get(word)
            if tag is not None:
                break
        else:
            break
        # 佛山报告1212例, 储备驱蚊用品: a verb taking the noun as object ends it, even one jieba tags n or vn
        noun = (tag.startswith(_ZH_NOUN_TAGS) or word in ZH_COUNTED and n > 1) and word not in _ZH_LIGHT_VERBS
        # 充电基础设施, 诊疗人次: a two-character verb before a noun is part of the name
        if not noun and not (start < end and n == 2 and tag.startswith("v") and word not in _ZH_LIGHT_VERBS):
            break
        if head is None:
            head = (word, tag)
        start, i = i - n, i - n
    if start == end:
        return None
    word, tag = head
    if word not in ZH_COUNTED and (len(word) == 1 or tag in _ZH_NAME_TAGS):
        return None  # 长荣航3万1205张, 友达2万8466张: a name or a fragment of one owns the lots, it is not what is counted
    phrase = _SCOPE.sub("", text[start:end])
    if not phrase or phrase[-1] in "量额值率":
        return None  # 成交量, 销售额: an amount, not what is counted
    for k in range(len(phrase)):  # the head is at the end: 糖尿病患者 -> 患者
        if phrase[k:] in ZH_COUNTED and ZH_COUNTED[phrase[k:]]:
            return ZH_COUNTED[phrase[k:]]
    return phrase


def restore_source_nouns(original: str, folded: str, cands: list) -> None:
    """Units that are the source's own noun, as the article writes them (全壘打 stays Traditional)."""
    if original == folded:
        return
    for c in cands:
        u = c.unit
        if not u or not _CJK.search(u):
            continue
        at = folded.find(u, c.start, c.end + 14)
        if at < 0:
            at = folded.rfind(u, max(0, c.start - 24), c.start)
        if at >= 0:
            c.unit = original[at : at + len(u)]


_CJK = re.compile(r"[\u4e00-\u9fff]")


# A bare English count takes the noun of the nearest earlier count in its sentence when the
# two are within a factor of 20 (677 councillors and 10 councils … lost 674): counts compared side by side.
_EN_SENTENCE_BREAK = re.compile(r"[.!?;](?:\s|$)")
_EN_COUNT_RATIO = 20
_EN_LEVEL_OF = re.compile(r"([A-Za-z]+)\s+(?:to|from)\s")
_EN_LINK_WORDS = frozenset("up down rose fell increased decreased dropped climbed reduced cut grew jumped it them".split())


def en_units_from_context(text: str, cands: list, measures: frozenset[str]) -> None:
    """Bare whole numbers take the counted noun of an earlier count in the sentence; measures
    (currencies, %, physical and time units, given in `measures`) are never lent."""
    for i, c in enumerate(cands):
        if c.unit is not None or c.high is not None or c.value is None or c.value < 2 or c.value != int(c.value):
            continue
        for prev in reversed(cands[:i]):
            if _EN_SENTENCE_BREAK.search(text, prev.end, c.start):
                break
            if prev.unit is None or prev.unit in measures or not prev.value:
                continue
            if max(prev.value, c.value) <= _EN_COUNT_RATIO * min(prev.value, c.value):
                # cut 10,000 jobs, reducing the work force to 62,000: another noun's level, not jobs
                if not any(m.group(1).lower() not in _EN_LINK_WORDS and not m.group(1).lower().startswith(prev.unit.lower())
                           for m in _EN_LEVEL_OF.finditer(text, prev.end, c.start)):
                    c.unit = prev.unit
                break
