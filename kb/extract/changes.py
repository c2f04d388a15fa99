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
          "增多", "增值", "升值", "上扬", "劲升", "跃升", "抬升", "增幅为", "涨幅为", "增速为")
_ZH_DOWN = ("下降", "减少", "下跌", "降低", "回落", "下滑", "收窄", "放缓", "偏低", "下调", "下修", "萎缩", "缩小",
            "下挫", "暴跌", "大跌", "重挫", "急跌", "跌", "降", "减", "少增", "蒸发", "缩水", "走低", "贬值",
            "下探", "衰退", "减产", "跌幅为", "降幅为")
_ZH_ADVERBS = re.compile(r"(?:了|约|近|逾|达|分别|略|仅|再|又|已|大幅|明显|小幅|均|也|各|共|将|或|超|超过|高达|约为|为)+$")
_ZH_VERB = re.compile(
    "(?:" + "|".join(sorted(_ZH_UP + _ZH_DOWN, key=len, reverse=True)) + ")$"
)
_ZH_DIRECTION = {w: "up" for w in _ZH_UP} | {w: "down" for w in _ZH_DOWN}

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
_EN_VERB = "|".join(sorted((re.escape(w) for w in _EN_DIRECTION), key=len, reverse=True))
# `rose 3%`, `was down 0.2%`, `revised down by 80,000`, `cut rates by 25 basis points`, `up a further 2%`
_EN_BEFORE = re.compile(
    rf"\b({_EN_VERB})(?:\s+(?:by|a further|another|an additional|some|just|only|nearly|almost|about|roughly|around|more than|over|less than))*\s*$"
    rf"|\b({_EN_VERB})\s+(?:[\w'-]+\s+){{1,4}}by\s*$",
    re.I,
)
# `0.2% lower`, `598,000 fewer jobs`, `a 5% rise`
_EN_AFTER = re.compile(r"\s*(?:[\w-]+\s+)?(higher|lower|fewer|more than|less than|up|down)\b|\s+(rise|increase|gain|jump|drop|fall|decline|decrease|cut)\b", re.I)
_EN_AFTER_DIRECTION = {"higher": "up", "lower": "down", "fewer": "down", "up": "up", "down": "down",
                       "rise": "up", "increase": "up", "gain": "up", "jump": "up",
                       "drop": "down", "fall": "down", "decline": "down", "decrease": "down", "cut": "down"}


def zh_change(text: str, start: int) -> str | None:
    """'up'/'down' if a verb of change governs the number starting at start (同比增长5.2%)."""
    before = text[max(0, start - 12) : start].rstrip()
    before = _ZH_ADVERBS.sub("", before)
    m = _ZH_VERB.search(before)
    if not m:
        return None
    word = m.group()
    # 增 / 涨 / 降 alone are verbs only as a word's end (年增, 同比降): not 倍增, 递增 as nouns of size.
    return _ZH_DIRECTION[word]


def en_change(text: str, start: int, end: int) -> str | None:
    """'up'/'down' if the number in text[start:end] is a change: `rose 3%`, `0.2% lower`."""
    m = _EN_BEFORE.search(text, max(0, start - 60), start)
    if m:
        return _EN_DIRECTION[(m.group(1) or m.group(2)).lower()]
    m = _EN_AFTER.match(text, end)
    if m:
        word = (m.group(1) or m.group(2)).lower()
        if word in ("more than", "less than"):
            return None
        if word in ("up", "down") and not m.group().strip().lower() in ("up", "down"):
            return None
        return _EN_AFTER_DIRECTION[word]
    return None


def propagate(text: str, cands: list) -> None:
    """分别增长4.8%、4.4%; rose 3% and 4%: a list after a verb of change shares its direction."""
    for prev, cand in zip(cands, cands[1:]):
        if prev.change and not cand.change and cand.unit == prev.unit and re.fullmatch(r"\s*(?:、|,|和|及|与|and)\s*", text[prev.end : cand.start]):
            cand.change = prev.change
