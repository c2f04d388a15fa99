"""What a number counts: the unit vocabulary shared by Chinese and English, and the counted noun.

The same thing gets the same unit in both languages (docs: /work/helpers/UNITS.md
as adopted in the README's Quantities section): 91枚奖牌 and 91 medals are both
`medal`, 180万辆 and 1.8 million vehicles both `vehicle`. A noun that the table
does not name keeps its own word (English singular; Chinese as written).

Libraries, measured before chosen (68 news nouns and modifiers, plural ->
singular or "not a plural noun"):
- lemminflect `getLemma(word, upos="NOUN")`: 63/68 right, 12 µs a word
  (wrong: people, series, species, and the verbs was/has, which the stop list
  takes first); `getAllLemmas` alone missed assists and counties. Chosen.
- inflect `singular_noun`: 64/68 right but 73 µs a word. Not chosen.
- jieba's part-of-speech dictionary (`jieba.posseg.dt.word_tag_tab`, the table
  its tagger uses) tells whether the word after a measure word is a noun by a
  dict lookup; `jieba.posseg.cut` on the same few characters took 38 µs a call.
Both are cached, as news repeats its nouns.
"""

from __future__ import annotations

import re
from functools import lru_cache

import lemminflect

# English singular (or the Chinese noun) -> the shared unit. Only the nouns
# whose unit is not simply their English singular, and the Chinese ones.
COUNTED = {
    "people": "person", "persons": "person", "person": "person", "individuals": "person",
    "vehicles": "vehicle", "cars": "car", "autos": "car", "medals": "medal",
    "gold medals": "gold medal", "silver medals": "silver medal", "bronze medals": "bronze medal",
    "golds": "gold medal", "silvers": "silver medal", "bronzes": "bronze medal",
    "firms": "company", "companies": "company", "businesses": "business", "jobs": "job",
    "homes": "home", "houses": "home", "households": "household", "cases": "case",
    "deaths": "death", "fatalities": "death", "games": "game", "matches": "match",
    # plurals written like their singular, which the lemmatizer's plural test misses
    "aircraft": "aircraft", "spacecraft": "spacecraft", "sheep": "sheep", "deer": "deer",
}
# Chinese counted nouns -> shared unit (English singular).
ZH_COUNTED = {
    "人": "person", "人口": "person", "民众": "person", "居民": "resident", "网民": "internet user",
    "运动员": "athlete", "选手": "athlete", "球员": "player", "学生": "student", "教师": "teacher",
    "员工": "employee", "职工": "employee", "雇员": "employee", "工人": "worker", "专家": "expert",
    "用户": "user", "游客": "tourist", "旅客": "passenger", "乘客": "passenger", "观众": "spectator",
    "患者": "patient", "病人": "patient", "病例": "case", "确诊病例": "case", "案件": "case",
    "死亡": "death", "死者": "death", "奖牌": "medal", "金牌": "gold medal", "银牌": "silver medal",
    "铜牌": "bronze medal", "县市": "county", "县": "county", "城市": "city", "国家": "country",
    "国家和地区": "country", "小项": "event", "项目": "project", "企业": "company", "公司": "company",
    "上市公司": "company", "门店": "store", "店": "store", "商店": "store", "家庭": "household",
    "住房": "home", "房屋": "home", "住宅": "home", "汽车": "car", "车": "vehicle", "车辆": "vehicle",
    "新能源汽车": "vehicle", "电动车": "vehicle", "飞机": "aircraft", "航班": "flight", "船": "ship",
    "船只": "ship", "股票": "stock", "股": "share", "选票": "vote", "票": "vote", "席位": "seat",
    "议席": "seat", "席": "seat", "岗位": "job", "气象站": "station", "换电站": "station",
    "车站": "station", "加油站": "station", "消费者": "consumer", "就业岗位": "job", "工作岗位": "job", "比赛": "game",
    "场比赛": "game", "学校": "school", "大学": "university", "医院": "hospital", "充电桩": "charger",
    "充电站": "station", "订单": "order", "下载": "download", "次下载": "download",
    "参数": "parameter", "参数量": "parameter", "模型": "model", "芯片": "chip", "显卡": "GPU",
    "token": "token", "tokens": "token", "gpu": "GPU", "gpus": "GPU", "人次": "人次",
    "套房": "home", "新房": "home", "二手房": "home", "新建商品住宅": "home", "男": "person", "女": "person", "个案": "case",
    "座位": "seat", "航线": "route", "职位": "job", "农户": "household", "住户": "household",
}
# Measure words and what they count when no noun follows them (180万辆 -> vehicle).
ZH_MEASURE_WORDS = {
    "个": None, "名": "person", "位": "person", "人次": "人次", "家": "company", "只": None,
    "款": "model", "张": None, "块": None, "台": "vehicle", "局": "局", "面": "medal", "项": None, "条": None, "篇": "article",
    "次": "time", "枚": None, "颗": None, "件": "item", "所": None, "座": None, "辆": "vehicle",
    "部": None, "本": "book", "支": None, "架": "aircraft", "艘": "ship", "例": "case", "户": "household",
    "套": "unit", "栋": "building", "幢": "building", "间": None, "票": "vote", "席": "seat",
    "场": "game", "起": "case", "宗": "case", "笔": "transaction", "单": "order", "份": None,
    "头": "head", "片": None, "粒": None, "种": "kind", "类": "kind", "届": None, "批": "batch",
    "架次": "sortie", "列": "train", "班": None, "趟": "trip", "股": "share",
    # trips counted by a measure word with 次 (4231.6万辆次 vehicle trips) keep their word, as 人次 does;
    # 伙 counts flats in Hong Kong property news (首批推出138伙).
    "辆次": "辆次", "艘次": "艘次", "车次": "车次", "班次": "班次", "伙": "flat",
    "处": None, "标箱": "标箱", "标准箱": "标准箱",  # 收容所135处 (the noun before names it); containers (TEU)
    "案": None,  # bills, cases (三十一案全数未通过): self-naming (kb.extract.ellipsis)
    "剂": None,  # doses: self-naming (kb.extract.ellipsis) when no noun says what
    # counted by a word of their own, kept as written: streaks (3连败), baseball's home runs and
    # steals (20轰20盗), cities in a market survey (50城), wind force and magnitudes (12级)
    "连胜": "连胜", "连败": "连败", "轰": "轰", "盗": "盗", "城": "城", "级": "级",
}
# Measure words whose implied unit is a guess (台 is most often a car, 头 a head of
# livestock, 例 a case, 宗 a case): a noun written before the number, or an earlier
# quantity with the same measure word in the sentence, says better what is counted
# (智能手机出货量4330万台, 生猪出栏7.02亿头, 死亡九十四例, 12宗成交，减少4宗, 用户达11.5亿户).
# Trips counted with 次 stay trips whatever noun follows (48艘次渡轮: 48 sailings, not 48 ferries).
ZH_TRIP_MEASURES = frozenset(("人次", "辆次", "艘次", "车次", "班次", "架次"))
# Measure words counted as themselves, whatever follows (20盗的球员, 50城卖地收入, 5.5级地震).
ZH_OWN_WORD_MEASURES = frozenset(("连胜", "连败", "轰", "盗", "城", "级"))
ZH_WEAK_MEASURES = frozenset("台头例宗起套件户家")  # 家: companies, but also 景区, 医院, 门店 named before
# Measure words that say what is counted whatever noun follows (约1.4万名运动员: 1.4万 person).
ZH_PERSON_MEASURES = ("名", "位")
# 40金、27银、24铜: a medal table written with one character each.
ZH_MEDALS = {"金": "gold medal", "银": "silver medal", "铜": "bronze medal"}

# Words that end an English noun phrase: a number's noun is before them.
EN_STOP = frozenset(
    "is are was were be been being has have had will would can could may might must should shall do does did"
    " and or but nor of in on at to for from by with as than that this these those it its their his her our"
    " your my the a an per each which who whom whose what when where while if so also only just over under"
    " about into onto out up down off after before since until during through between among against"
    " more less most least than then there here not no yes all any both either neither every".split()
)
# Function words that may sit between a number and its noun (eight more picks, five straight games).
_EN_SKIPPABLE = frozenset("more additional new other extra straight consecutive".split())


@lru_cache(maxsize=8192)
def en_plural_noun(word: str) -> str | None:
    """The singular of a plural English noun (yards -> yard, people -> person), else None."""
    w = word.lower()
    if w in COUNTED:
        return COUNTED[w]
    if w in EN_STOP or len(w) < 3 or not w.endswith(("s", "i", "a", "n", "e")):
        return None
    lemmas = lemminflect.getAllLemmas(w)
    if "NOUN" not in lemmas and "VERB" in lemmas and w.endswith("s"):
        # carries, rushes: a play named by its verb; lemminflect's guess for an unknown noun (carrie) is wrong
        return lemmas["VERB"][0]
    lemma = lemminflect.getLemma(w, upos="NOUN")
    lemma = lemma[0] if lemma else w
    if lemma == w or "NOUN" not in lemminflect.getAllLemmas(w) and not w.endswith("s"):
        return None
    return lemma


@lru_cache(maxsize=8192)
def en_singular_noun(word: str) -> bool:
    """A singular common noun (1 touchdown, one goal)."""
    w = word.lower()
    lemmas = lemminflect.getAllLemmas(w)
    return w not in EN_STOP and lemmas.get("NOUN", ("",))[0] == w and "ADJ" not in lemmas and "ADV" not in lemmas


_EN_WORD = re.compile(r" ((?:[A-Za-z](?:[A-Za-z']|\.(?=[A-Za-z]))*|\d+(?:\.\d+)?)(?:-[A-Za-z0-9]+)*)")


def en_counted_noun(
    text: str, pos: int, singular: bool = False, table: dict[str, str] | None = None, max_modifiers: int = 3
) -> tuple[str | None, int]:
    """(unit, end) of the noun counted by the number ending at pos: the head noun after it, singular.

    517 rushing yards -> yard; eight more picks -> pick; five three-point attempts
    -> attempt; 850,000 cars abroad -> car. Modifiers (adjectives, participles,
    hyphenated compounds, capitalised names) are skipped, at most max_modifiers;
    a function word or punctuation ends the search. singular: the number is one,
    so a singular noun counts (one touchdown). table: unit words that count as
    they are (517 rushing yards: yards -> yard from the unit table).
    """
    p = pos
    for i in range(max_modifiers + 1):
        m = _EN_WORD.match(text, p)
        if not m:
            return None, pos
        word = m.group(1)
        lower = word.lower()
        if lower in EN_STOP and lower not in _EN_SKIPPABLE:
            return None, pos
        if table and lower in table and i:
            return table[lower], m.end()
        if word[0].isdigit() and "-" not in word:
            return None, pos  # 50 50 dollar bills: a second number is not a modifier
        noun = en_plural_noun(word) if not word[0].isdigit() else None
        if noun and len(word) > 2 and word[:-1].isupper() and word[-1] == "s":
            noun = word[:-1]  # MPs, SUVs, CEOs: an acronym keeps its capitals
        if noun:
            prev = text[pos:m.start(1)].split()
            if noun == "medal" and prev and prev[-1].lower() in ("gold", "silver", "bronze"):
                noun = prev[-1].lower() + " medal"
            return noun, m.end()
        if singular and i == 0 and "-" not in word and en_singular_noun(word):
            return lower, m.end()
        p = m.end()
    return None, pos


@lru_cache(maxsize=1)
def _zh_tags() -> dict[str, str]:
    """jieba's word -> part-of-speech table (loaded once, ~0.5 s; the spaCy zh pipeline loads jieba anyway)."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


_ZH_NOUN_TAGS = ("n", "nr", "ns", "nt", "nz", "ng", "vn")
# Words jieba tags as nouns that say how many, not what (三十一案全数未通过, 3家合计)
_ZH_NOT_COUNTED = frozenset(("的", "中", "其中", "全数", "全部", "合计", "共计", "累计", "总计", "分别"))
_ZH_BOUNDARY = frozenset("、，,。；;：:！？!?）)和及与 ") | {""}


@lru_cache(maxsize=8192)
def zh_counted_noun(segment: str) -> tuple[str | None, int]:
    """(unit, length) of the noun phrase at the start of segment, which follows a measure word.

    Forward longest match against jieba's dictionary; the phrase is a run of nouns
    (新能源汽车, 上市公司) and its head is the last one. The unit is the shared
    one from ZH_COUNTED, else the noun as written. (None, 0) if no noun starts there.
    """
    tags = _zh_tags()
    head, end, i = None, 0, 0
    while i < len(segment):
        for n in range(min(5, len(segment) - i), 0, -1):
            word = segment[i : i + n]
            tag = tags.get(word)
            if tag is not None:
                break
        else:
            break
        if word in ZH_COUNTED and n > 1 or tag.startswith(_ZH_NOUN_TAGS) and word not in _ZH_NOT_COUNTED:
            if zh_table_unit(head) and not zh_table_unit(word):
                break  # 20个模型花费, 31个大城市城镇调查: a known noun ends the phrase unless another follows (国家气象站)
            head, end, i = word, i + n, i + n
            continue
        if head is None and n == 2 and tag in ("m", "v") and segment[i + n : i + n + 1] in _ZH_BOUNDARY:
            # 30个大项、42个分项, 11支安打: jieba tags these m or v, but before a pause they are the noun counted
            head, end = word, i + n
        break
    if head is None:
        return None, 0
    phrase = segment[:end]
    unit = ZH_COUNTED.get(phrase) or zh_table_unit(head) or head
    return unit, end


@lru_cache(maxsize=8192)
def zh_table_unit(word: str | None) -> str | None:
    """The shared unit of a Chinese noun, from the table by the noun or its head at the end (大城市 -> city)."""
    if not word:
        return None
    for k in range(len(word) - 1):
        if word[k:] in ZH_COUNTED and ZH_COUNTED[word[k:]]:
            return ZH_COUNTED[word[k:]]
    return ZH_COUNTED.get(word) or None
