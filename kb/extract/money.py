"""Which currency 元 is: it names none, and means CNY, TWD or HKD by where the article is from.

Hand-written: no library resolves a currency from the writing's place. What wins,
strongest first:
1. a currency named at the amount (新台币3350亿元, 人民币100元, NT$, HK$): the
   extractor's prefixes and suffixes, before this module is asked;
2. a declaration in the text, `(新台币，下同)` / `(人民币，下同)`: from the amount it
   follows to the end of the text;
3. the article's place, `variant` "cn", "tw" or "hk" (from its site or language tag,
   see `variant_of`);
4. the text's own script: Traditional characters are Taiwan (TWD) unless the text
   names Hong Kong's currency (港元, 港币, HK$), Simplified ones the mainland (CNY).
"""

from __future__ import annotations

import re

BARE_YUAN = "元?"  # the unit of an amount in 元 until its place is known; never stored

PLACE_CURRENCY = {"cn": "CNY", "tw": "TWD", "hk": "HKD", "mo": "MOP"}
_DECLARED_CURRENCY = {
    "人民币": "CNY", "新台币": "TWD", "台币": "TWD", "港币": "HKD", "港元": "HKD", "澳门币": "MOP", "美元": "USD",
}
# The text here is already Simplified (kb.extract.numerals.to_simplified).
_DECLARATION = re.compile(r"[(（]\s*(?:单位\s*[:：]\s*)?(人民币|新台币|台币|港币|港元|澳门币|美元)\s*[,，.．、;；‧·・]?\s*下同\s*[)）]")
_HK_MONEY = re.compile(r"港元|港币|HK\$")
_SITE_PLACE = ((".tw", "tw"), (".hk", "hk"), (".mo", "mo"), (".cn", "cn"))


def variant_of(language: str | None, site: str | None = None) -> str | None:
    """The article's place for money: its site's country domain, else its language tag, else None.

    zh-Hant is Taiwan unless the site says Hong Kong or Macau; zh-Hans, zh-CN and
    zh-SG the mainland's CNY; zh-TW, zh-HK, zh-MO their own places.
    """
    host = (site or "").lower().rstrip("/").split("/")[0]
    for suffix, place in _SITE_PLACE:
        if host.endswith(suffix):
            return place
    tag = (language or "").lower()
    for marker, place in (("-tw", "tw"), ("-hk", "hk"), ("-mo", "mo"), ("-hant", "tw"), ("-hans", "cn"), ("-cn", "cn")):
        if marker in tag:
            return place
    return None


def resolve_yuan(text: str, cands: list, variant: str | None, traditional) -> None:
    """Give every amount still in bare 元 its currency, by the order of precedence above.

    traditional: a callable saying whether the text is in Traditional characters,
    called only when the place is not otherwise known.
    """
    if not any(c.unit == BARE_YUAN for c in cands):
        return
    declarations = [(m.start(), _DECLARED_CURRENCY[m.group(1)]) for m in _DECLARATION.finditer(text)]
    if variant in PLACE_CURRENCY:
        default = PLACE_CURRENCY[variant]
    elif traditional():
        default = "HKD" if _HK_MONEY.search(text) else "TWD"
    else:
        default = "CNY"
    for c in cands:
        if c.unit != BARE_YUAN:
            continue
        c.unit = default
        for at, iso in declarations:
            # the declaration follows the amount it first annotates: 1401879亿元(人民币，下同)
            if at >= c.end and text[c.end : at].strip():
                break
            c.unit = iso
