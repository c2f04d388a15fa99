"""Whether a quantity is a change (rose by 250, 增长5.2%) and its direction, or a level.

Hand-written: no library marks changes in news figures. A change is a number
that a verb or phrase of rising or falling governs directly (rose 3%, 下降3个百分点,
较常年偏高1.01℃, 0.2% lower, 598,000 fewer jobs); a number after `to`/`至`/`到` or
`from`/`从`/`由` is a level (fell to 4.0% from 4.1%, 增长至).
"""

from __future__ import annotations

import re

# Chinese verbs of change, at the end of the text before the number (the text is Simplified).
_ZH_UP = ("增长", "增加", "上升", "上涨", "提高", "提升", "回升", "反弹", "扩大", "加快", "偏高", "高出", "上调",
          "上修", "成长", "增", "涨", "升", "多增", "多出", "攀升", "飙升", "大涨", "猛增", "激增", "暴增", "走高",
          "增多", "增值", "升值", "上扬", "劲升", "跃升", "抬升", "增幅为", "涨幅为", "增速为",
          "上行", "延长", "加价", "提价", "涨价", "加息", "升息")
_ZH_DOWN = ("下降", "减少", "下跌", "降低", "回落", "下滑", "收窄", "放缓", "偏低", "下调", "下修", "萎缩", "缩小",
            "下挫", "暴跌", "大跌", "重挫", "急跌", "跌", "降", "减", "少增", "蒸发", "缩水", "走低", "贬值",
            "下探", "衰退", "减产", "跌幅为", "降幅为",
            "下行", "缩短", "减价", "降价", "减息", "降息", "跌幅", "降幅")
# Adverbs and bounds between the verb and the number: 增长了5%, 下降约3%, 分别增长4.8%.
_ZH_FILLERS = frozenset(("了", "约", "近", "逾", "达", "分别", "略", "仅", "再", "又", "已", "大幅", "明显", "小幅", "均",
                         "也", "各", "共", "将", "或", "超", "超过", "高达", "约为", "为"))
_ZH_NEW_COUNT = ("新增",)
_ZH_DIRECTION = {w: "up" for w in _ZH_UP} | {w: "down" for w in _ZH_DOWN}
_ZH_LONGEST = max(map(len, _ZH_DIRECTION))

_EN_UP = ("rose", "risen", "rises", "rise", "rising", "climbed", "climbs", "climb", "climbing", "gained", "gains",
          "gain", "gaining", "increased", "increases", "increase", "jumped", "jumps", "jump", "surged", "surges",
          "soared", "soars", "grew", "grows", "grown", "grow", "growing", "advanced", "advances", "rallied", "up",
          "higher", "raised", "raises", "raise", "lifted", "boosted", "expanded", "widened", "accelerated",
          "picked up", "edged up", "ticked up", "revised up", "revised upward", "spiked", "rebounded", "added")
_EN_DOWN = ("fell", "fallen", "falls", "fall", "falling", "dropped", "drops", "drop", "dropping", "declined",
            "declines", "decline", "declining", "decreased", "decreases", "decrease", "slipped", "slips", "slid",
            "slides", "tumbled", "tumbles", "plunged", "plunges", "sank", "sinks", "shed", "sheds", "lost", "loses",
            "lose", "cut", "cuts", "lowered", "lowers", "reduced", "reduces", "down", "shrank", "shrunk", "shrinks",
            "contracted", "contracts", "eased", "eases", "dipped", "dips", "slumped", "slumps", "plummeted",
            "retreated", "narrowed", "edged down", "ticked down", "revised down", "revised downward", "trimmed",
            "slowed", "lower")
_EN_DIRECTION = {w: "up" for w in _EN_UP} | {w: "down" for w in _EN_DOWN}
# Words between the verb and the number: `rose by 3%`, `up a further 2%`, `fell by nearly 10%`.
_EN_FILLERS = frozenset("by a further another an additional some just only nearly almost about roughly around".split())
# `0.2% lower`, `598,000 fewer jobs`, `a 5% rise`
_EN_AFTER = re.compile(r"\s*(?:[\w-]+\s+)?(higher|lower|fewer|more than|less than|up|down)\b|\s+(rise|increase|gain|jump|drop|fall|decline|decrease|cut)\b", re.I)
_EN_AFTER_DIRECTION = {"higher": "up", "lower": "down", "fewer": "down", "up": "up", "down": "down",
                       "rise": "up", "increase": "up", "gain": "up", "jump": "up",
                       "drop": "down", "fall": "down", "decline": "down", "decrease": "down", "cut": "down"}


def zh_change(text: str, start: int) -> str | None:
    """'up'/'down' if a verb of change governs the number starting at start (同比增长5.2%, 年减2.5%).

    Suffix lookups in a dict: a regex search over the verbs at each position cost
    a tenth of the whole extraction.
    """
    before = text[max(0, start - 12) : start].rstrip()
    while len(before) > 2:
        if before[-2:] in _ZH_FILLERS:
            before = before[:-2]
        elif before[-1] in _ZH_FILLERS:
            before = before[:-1]
        else:
            break
    if before.endswith(_ZH_NEW_COUNT):
        return None  # 新增病例2892例, 新增十九例: the count of new ones is a level
    for n in range(_ZH_LONGEST, 0, -1):
        direction = _ZH_DIRECTION.get(before[-n:])
        if direction:
            return direction
    return None


def en_change(text: str, start: int, end: int, words: list[str] | None = None) -> str | None:
    """'up'/'down' if the number in text[start:end] is a change: `rose 3%`, `cut rates by 25bp`, `0.2% lower`.

    The words before the number are looked up, not matched by a pattern: a
    search over ~150 verbs at every position cost more than the whole extraction.
    """
    words = list(words if words is not None else en_words_before(text, start))
    by = False
    while words and words[-1] in _EN_FILLERS:
        by = by or words[-1] == "by"
        words.pop()
    if words:
        for n in (2, 1):
            direction = _EN_DIRECTION.get(" ".join(words[-n:]))
            if direction:
                return direction
        if by:  # cut rates by 25 basis points, increased its stake by 5%
            for word in reversed(words[-5:-1]):
                if word in _EN_DIRECTION:
                    return _EN_DIRECTION[word]
    m = _EN_AFTER.match(text, end)
    if m:
        word = (m.group(1) or m.group(2)).lower()
        if word in ("more than", "less than"):
            return None
        if word in ("up", "down") and m.group().strip().lower() not in ("up", "down"):
            return None
        return _EN_AFTER_DIRECTION[word]
    return None


_EN_MOVES = frozenset("changed moved went shifted swung revised adjusted".split())


def en_words_before(text: str, start: int) -> list[str]:
    """The words before a number, lower-cased: what en_change and en_from_change read."""
    return text[max(0, start - 50) : start].lower().split()


def en_from_change(text: str, start: int, words: list[str] | None = None) -> bool:
    """`rose from 12.1% to 12.3%`: two levels, not a range (`ranged from 7 to 10` stays a range).

    True when the number follows `from` and a verb of change or movement comes
    at most three words before it.
    """
    words = words if words is not None else en_words_before(text, start)
    if not words or words[-1] != "from":
        return False
    return any(w in _EN_DIRECTION or w in _EN_MOVES for w in words[-4:-1])


def propagate(text: str, cands: list) -> None:
    """分别增长4.8%、4.4%; rose 3% and 4%: a list after a verb of change shares its direction."""
    for prev, cand in zip(cands, cands[1:]):
        if prev.change and not cand.change and cand.unit == prev.unit and re.fullmatch(r"\s*(?:、|,|和|及|与|and)\s*", text[prev.end : cand.start]):
            cand.change = prev.change
