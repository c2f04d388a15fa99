"""Bylines as news text carries them: the date, author, site and origin lines around a story.

A line is a byline when, once its dates, labels, reporter credits, agencies and
domains are taken out, nothing but separators is left; a leading dateline or
reporter bracket (`〔記者王小明／台北報導〕`, `（中央社記者王小明台北12日電）`,
`新华社北京8月12日电（记者 张三）`, `WASHINGTON (Reuters) -`) is cut off the
first paragraph. What it names goes to the article's columns, never to a claim.

Written by hand: dateparser and htmldate read a date out of a string but cannot
say that a line is *only* a byline (that is what keeps a body sentence with a
date in it a claim), nor read reporters, agencies or datelines; the handful of
date shapes news pages print are read here, with `zoneinfo` for the US and
UK zone abbreviations.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

MONTHS = {m: n for n, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
# Zone abbreviations news sites print after a time; the named zones follow daylight saving.
ZONES = {"ET": "America/New_York", "EST": "America/New_York", "EDT": "America/New_York", "PT": "America/Los_Angeles",
         "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles", "CT": "America/Chicago", "GMT": "UTC",
         "UTC": "UTC", "BST": "Europe/London", "HKT": "Asia/Hong_Kong", "SGT": "Asia/Singapore",
         "北京时间": "Asia/Shanghai", "北京時間": "Asia/Shanghai", "台北時間": "Asia/Taipei", "臺北時間": "Asia/Taipei"}
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_SENTENCE_END = tuple("。！？!?；;，,”」』")
_HAN = re.compile(r"[\u4e00-\u9fff]")
MAX_BYLINE_CHARS = 160
MAX_BYLINE_HAN = 40
MAX_BYLINE_SPACES = 24
_WEEKDAY = r"(?:\s*(?:星期[一二三四五六日天]|週[一二三四五六日]|周[一二三四五六日]|\(?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?\)?,?))?"
_TIME = _WEEKDAY + r"(?:[ T,]*(?:at\s+)?(?P<hour>\d{1,2})[:：](?P<minute>\d{2})(?:[:：](?P<second>\d{2})(?:\.\d{1,6})?)?(?:\s*(?P<ampm>[ap]\.?m\.?))?)?"
_ZONE = r"(?:\s*(?P<offset>[+-]\d{2}:?\d{2}|Z)|\s*\(?(?P<zone>" + "|".join(ZONES) + r")(?![A-Za-z])\)?)?"
DATE_PATTERNS = [
    re.compile(r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?" + _TIME + _ZONE, re.I),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})" + _TIME + _ZONE, re.I),
    re.compile(r"(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME + _ZONE, re.I),
]
# `(?<![\w.])`: a date label, not the end of a word.
_LABEL = re.compile(
    r"(?:發布時間|发布时间|發佈時間|發稿時間|发稿时间|更新時間|更新时间|出版時間|时间|時間|日期|發布|发布|發佈|發表|发表|更新|"
    r"published|updated|posted|last updated|first published|publication date)\s*(?:on|at)?\s*[:：/／]?",
    re.I,
)
_UPDATED = re.compile(r"(?:更新|updated|last updated)", re.I)
# 记者 张三 / 北京报道 · 〔記者王小明／台北報導〕 · 特派記者賴錦宏/北京報導 · 文／記者林小美
_REPORTER = re.compile(
    r"(?:[文圖图]\s*[／/]\s*)?(?:[\u4e00-\u9fff]{2,6}?(?=特派|特约|特約|记者|記者))?(?:特派|特约|特約|實習|实习|本報|本报|駐\S{1,3})?(?:记者|記者|撰稿|作者|撰文)\s*[:：]?\s*"
    r"(?P<name>[\u4e00-\u9fff·]{2,4}(?:[、, ，][\u4e00-\u9fff·]{2,4})*)"
    r"(?:\s*[／/|｜]?\s*(?P<place>[\u4e00-\u9fff]{2,4})?(?:报道|報導|報道|电|電))?"
)
# By Jane Doe · By JANE DOE and MARK LEE, Associated Press · By Ken Sato, Lisa Brown | Reuters
_BY = re.compile(r"^by\s+(?P<names>[^|·•｜]+)", re.I)
_PERSON = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|van|de|von|der|bin|da)){0,4}")
_NAME_SEPARATOR = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")
_ORIGIN = re.compile(r"(?:来源|來源|稿源|出處|出处|source|via)\s*[:：]\s*(?P<origin>[^\s·|｜]+(?:\s+[A-Z][\w.]*)*)", re.I)
_DOMAIN = re.compile(r"(?:https?://)?(?P<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})/?", re.I)
_AGENCIES = {
    "reuters": "Reuters", "ap": "AP", "associated press": "AP", "afp": "AFP", "bloomberg": "Bloomberg", "xinhua": "Xinhua",
    "新华社": "新华社", "新華社": "新華社", "中央社": "中央社", "中新社": "中新社", "中新网": "中新网", "路透": "路透",
    "法新社": "法新社", "美联社": "美联社", "美聯社": "美聯社", "彭博": "彭博", "聯合報": "聯合報", "联合报": "联合报",
    "人民日报": "人民日报", "人民日報": "人民日報", "自由時報": "自由時報", "中國時報": "中國時報", "明報": "明報",
}
_AGENCY_AT_END = re.compile(r"[,\s]+(?P<agency>" + "|".join(sorted(map(re.escape, _AGENCIES), key=len, reverse=True)) + r")\s*$", re.I)
_AGENCY = re.compile(r"(?<![A-Za-z])(?:" + "|".join(sorted(map(re.escape, _AGENCIES), key=len, reverse=True)) + r")(?![A-Za-z])", re.I)
# A site or paper by its name's ending (新浪财经, 中時新聞網, 澎湃新闻), and a reporter's bare name.
_OUTLET_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,8}(?:网|網|报|報|新闻|新聞|财经|財經|时报|時報|日报|日報|电视台|電視台|频道|頻道|早报|早報|晚报|晚報)")
_BARE_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}|[A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][a-z'-]+){1,2}")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}")
# A label with nothing after it (作者: on a page that names no author)
_EMPTY_LABEL = re.compile(r"(?:^|\s)(?:作者|记者|記者|编辑|編輯|author|by)(?=\s|$)", re.I)
_SEPARATORS_RUN = re.compile(r"[\s·•|｜/／,，:：\-–—()（）〔〕【】\[\]]+")
_SEPARATORS = re.compile(r"^[\s·•|｜/／,，:：\-–—()（）〔〕【】\[\]]*$")
# Datelines before the first sentence of a story.
_CNA_REPORTER = re.compile(r"記者\s*(?P<name>[\u4e00-\u9fff]{2,3})\s*(?P<place>[\u4e00-\u9fff]{2,3})\s*\d{1,2}日[電电]")
_LEAD_BRACKET = re.compile(r"^\s*[〔【\[（(](?P<inner>[^〔〕【】\[\]（）()]{2,40}?(?:報導|报道|報道|電|电|综合报道|綜合報導))[〕】\]）)]\s*")
_LEAD_XINHUA = re.compile(
    r"^\s*(?P<agency>新华社|新華社|中新社|中新网|中新網|人民网|人民網|央视网|央視網|本报|本報)(?P<place>[\u4e00-\u9fff]{0,6}?)"
    r"(?:\d{1,2}月)?\d{1,2}日[电電](?:讯|訊)?\s*(?:[（(](?P<credit>[^()（）]{1,40})[）)])?\s*"
)
_LEAD_WIRE = re.compile(
    r"^\s*(?:[A-Z][A-Z .'/-]{1,30}|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\((?P<agency>Reuters|AP|AFP|Bloomberg|Xinhua|CNN)\)|(?P<bare>CNN|Reuters))\s*[-–—]+\s*")
_TRAILING_ORIGIN = re.compile(r"[（(](?P<agency>中央社|新華社|新华社|中新社|路透|法新社|美聯社|美联社|Reuters|AP|AFP)[）)]\s*$")


@dataclass
class Byline:
    published_at: str | None = None
    updated_at: str | None = None
    author: str | None = None
    site: str | None = None
    origin: str | None = None

    def merge_into(self, article) -> None:
        """Fill what the article does not have yet (the first byline wins)."""
        date = self.published_at or self.updated_at
        for key, value in (("published_at", date), ("author", self.author), ("site", self.site), ("origin", self.origin)):
            if value and not getattr(article, key):
                setattr(article, key, value)


def parse_date(text: str) -> tuple[str, re.Match] | None:
    """The first date in `text` as ISO 8601 (with its UTC offset when the text gives a zone), and its match."""
    for pattern in DATE_PATTERNS:
        if match := pattern.search(text):
            iso = _iso(match)
            if iso:
                return iso, match
    return None


def _iso(match: re.Match) -> str | None:
    g = match.groupdict()
    month = int(g["month"]) if g.get("month") else MONTHS[g["mon"].lower()]
    hour, minute, second = int(g["hour"] or 0), int(g["minute"] or 0), int(g["second"] or 0)
    if g.get("ampm"):
        hour = hour % 12 + (12 if g["ampm"].lower().startswith("p") else 0)
    try:
        value = datetime(int(g["year"]), month, int(g["day"]), hour, minute, second)
    except ValueError:
        return None
    if g.get("offset"):
        offset = "+00:00" if g["offset"] == "Z" else g["offset"][:3] + ":" + g["offset"][-2:]
        return value.isoformat() + offset
    if g.get("zone"):
        value = value.replace(tzinfo=ZoneInfo(ZONES[g["zone"].upper() if g["zone"].isascii() else g["zone"]]))
        return value.isoformat()
    return value.isoformat() if g["hour"] else value.date().isoformat()


def read_byline(line: str) -> Byline | None:
    """The byline a whole line is, or None when anything but byline parts is left in it."""
    rest, found = line.strip(), Byline()
    if not rest or len(rest) > MAX_BYLINE_CHARS or "。" in rest or rest.endswith(_SENTENCE_END):
        return None  # a sentence (and most lines of a story are): no byline ends like one
    if len(_HAN.findall(rest)) > MAX_BYLINE_HAN or rest.count(" ") > MAX_BYLINE_SPACES:
        return None  # too many words for dates, labels and a few names
    if origin := _ORIGIN.search(rest):
        found.origin = _agency_name(origin.group("origin"))
        rest = rest[: origin.start()] + " " + rest[origin.end() :]
    if by := _BY.search(rest):
        names = by.group("names").strip()
        agency = _AGENCY_AT_END.search(names)
        if agency:
            found.origin = found.origin or _agency_name(agency.group("agency"))
            names = names[: agency.start()]
        people = [p for p in _NAME_SEPARATOR.split(names.strip()) if p]
        if not people or not all(_PERSON.fullmatch(p) for p in people):
            return None
        found.author = ", ".join(people)
        rest = rest[by.end() :]
    elif reporter := _REPORTER.search(rest):
        found.author = reporter.group("name")
        rest = rest[: reporter.start()] + " " + rest[reporter.end() :]
    updated = False
    while date := parse_date(rest):
        iso, match = date
        label = _LABEL.search(rest[: match.start()])
        updated = bool(label and _UPDATED.search(label.group()))
        if updated:
            found.updated_at = found.updated_at or iso
        else:
            found.published_at = found.published_at or iso
        rest = rest[: match.start()] + " " + rest[match.end() :]
    rest = _LABEL.sub(" ", rest)
    for agency in list(_AGENCY.finditer(rest))[::-1]:
        found.origin = found.origin or _agency_name(agency.group())
        rest = rest[: agency.start()] + " " + rest[agency.end() :]
    for domain in list(_DOMAIN.finditer(rest))[::-1]:
        found.site = found.site or domain.group("domain").lower()
        rest = rest[: domain.start()] + " " + rest[domain.end() :]
    if not _SEPARATORS.match(rest) and (found.published_at or found.updated_at or found.origin):
        # what is left beside a date or an agency: a bare reporter's name, or the site's own name
        left = _EMPTY_LABEL.sub(" ", _SEPARATORS_RUN.sub(" ", rest)).strip()
        if not left:
            pass
        elif _OUTLET_NAME.fullmatch(left):
            found.site = found.site or left
        elif not found.author and _BARE_NAME.fullmatch(left):
            found.author = left
        elif found.author and _PLACE.fullmatch(left):
            pass  # 記者甲、乙/台北聯合報: where the reporters filed from
        else:
            return None
    elif not _SEPARATORS.match(rest):
        return None
    if not (found.published_at or found.updated_at or found.author or found.origin or found.site):
        return None
    return found


# A local paper's dateline: CAPE CANAVERAL, Fla. — (a dash, not a hyphen, after a place in capitals)
_LEAD_PLACE = re.compile(r"^\s*[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?\s+[—–]\s+(?=[A-Z])")


def cut_dateline(text: str) -> tuple[Byline | None, int]:
    """A dateline or reporter bracket opening a paragraph: what it says, and how many characters it takes."""
    if match := _LEAD_BRACKET.match(text):
        inner = match.group("inner")
        found = Byline()
        if agency := _AGENCY.search(inner):
            found.origin = _agency_name(agency.group())
        if reporter := _CNA_REPORTER.search(inner) or _REPORTER.search(inner):
            found.author = reporter.group("name")
        if found.origin or found.author:
            return found, match.end()
    if match := _LEAD_XINHUA.match(text):
        reporter = _REPORTER.search(match.group("credit") or "")
        return Byline(origin=_agency_name(match.group("agency")), author=reporter.group("name") if reporter else None), match.end()
    if match := _LEAD_WIRE.match(text):
        return Byline(origin=_agency_name(match.group("agency") or match.group("bare"))), match.end()
    if match := _LEAD_PLACE.match(text):
        return Byline(), match.end()
    return None, 0


def cut_trailing_origin(text: str) -> tuple[str | None, int]:
    """`…表示。（中央社）`: the agency credited at the end of a paragraph, and where the credit starts."""
    if match := _TRAILING_ORIGIN.search(text):
        if match.start() and text[: match.start()].rstrip()[-1:] in "。！？.!?」”\"":
            return _agency_name(match.group("agency")), match.start()
    return None, len(text)


def _agency_name(name: str) -> str | None:
    if name.strip() in ("本报", "本報"):
        return None  # "this paper": the site itself, not another outlet
    return _AGENCIES.get(name.strip().lower(), name.strip())
