"""Score the quantity extractor: `python -m kb.evaluate [--peer-specs DIR]`.

Prints, per suite, the cases used and excluded (with the exclusion rule),
precision and recall. A predicted quantity matches a gold one when their
spans overlap and their values agree; the seed suite also requires the unit,
qualifier, range end and rate to agree. Peer suites name units in their own
vocabularies, so only currencies (by ISO code) are compared there.

The real-news development set (tests/gold/news/, one file per set of
sentences modeled on one outlet's article) is scored per set and per
language by value alone and by value+unit, with qualifier and change
accuracy on the value-matched pairs: see news_scores. The held-out test set
(tests/gold/news_heldout/, same format, other outlets) is scored the same way
and printed as its own section, so that a rule tuned to the development
sentences shows up as a gap between the two; while the folder is empty (one
version retired into the development set, the next not yet written) the
section says "no held-out sets".
"""

from __future__ import annotations

import argparse
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.extract.numerals import fold
from kb.extract.quantities import EN_UNITS, ZH_MEASURES, ZH_TIME_UNITS, Quantity, find_quantities

REPO = Path(__file__).resolve().parent.parent
SEED_GOLD = REPO / "tests" / "gold" / "seed_quantities.yml"
NEWS_GOLD = REPO / "tests" / "gold" / "news"
NEWS_HELDOUT = REPO / "tests" / "gold" / "news_heldout"
# The sections `make eval` prints: (title, folder). Held-out sentences are never
# used to develop the extractor; only their scores are looked at.
NEWS_SECTIONS = (("real news, development set", NEWS_GOLD), ("real news, held-out test set", NEWS_HELDOUT))


@dataclass
class Gold:
    start: int
    end: int
    value: float
    unit: str | None = None
    qualifier: str | None = None
    high: float | None = None
    per_value: float | None = None
    per_unit: str | None = None
    strict: bool = False


@dataclass
class Score:
    suite: str
    used: int = 0
    excluded: int = 0
    rule: str = ""
    matched_pred: int = 0
    pred: int = 0
    matched_gold: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_pred / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _matches(g: Gold, q: Quantity) -> bool:
    if not (q.start < g.end and g.start < q.end and _close(q.value, g.value)):
        return False
    if g.strict:
        return (
            q.unit == g.unit
            and q.qualifier == g.qualifier
            and _close(q.high, g.high)
            and _close(q.per_value, g.per_value)
            and q.per_unit == g.per_unit
        )
    return g.unit is None or q.unit == g.unit


def score_case(score: Score, text: str, lang: str, gold: list[Gold], counts=lambda q: True) -> None:
    """Add one case to score; greedy one-to-one matching in text order.

    counts says which predictions the suite annotates at all; others are ignored.
    """
    preds = [q for q in find_quantities(text, lang) if counts(q)]
    free = list(preds)
    for g in gold:
        hit = next((q for q in free if _matches(g, q)), None)
        if hit is not None:
            free.remove(hit)
            score.matched_gold += 1
        elif len(score.misses) < 200:
            score.misses.append(f"missed {text[g.start:g.end]!r}={g.value} {g.unit or ''} in {text[:80]!r}")
    score.matched_pred += len(preds) - len(free)
    score.pred += len(preds)
    score.gold += len(gold)
    score.used += 1
    for q in free:
        if len(score.misses) < 200:
            score.misses.append(f"spurious {q.text!r}={q.value} {q.unit or ''} in {text[:80]!r}")


def _num(v) -> float | None:
    # YAML 1.1 reads 1.0e6 (no exponent sign) as a string.
    return None if v is None else float(v)


def load_seed_gold(path: Path = SEED_GOLD) -> tuple[str, list[Gold]]:
    """The seed body and its gold quantities, located in the body in order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    body = data["body"]
    gold, pos = [], 0
    for item in data["quantities"]:
        start = body.index(item["text"], pos)
        end = start + len(item["text"])
        pos = end
        gold.append(
            Gold(start, end, _num(item["value"]), item.get("unit"), item["qualifier"],
                 _num(item.get("high")), _num(item.get("per_value")), item.get("per_unit"), strict=True)
        )
    return body, gold


def seed_suite() -> Score:
    body, gold = load_seed_gold()
    score = Score("seed article (zh, hand gold)", rule="none")
    score_case(score, body, "zh", gold)
    return score


# ------------------------------------------------------------- recognizers

_RT_TYPES = {"number", "percentage", "currency", "dimension"}
# Stated exclusion rules for Recognizers-Text cases:
#  R1 a result that is not a quantity of these four types (ordinals, number ranges
#     in interval notation) is out of scope: its case is excluded;
#  R2 a result with no numeric value (IgnoreResolution, or a value that is not a
#     plain number, e.g. "end-1") is excluded with its case;
#  R3 Chinese numerals written with spaces between their characters (六 点 五 成)
#     are out of scope: text typed that way does not occur in news claims;
#  R4 a number that is part of a calendar date (1991年1月16日, 5/17/2018) is
#     never a quantity here (the brief rules dates out), so such cases are excluded.
_ZH_SPACED = re.compile(r"[零〇一二三四五六七八九十百千万亿萬億两点余\d]\s+[零〇一二三四五六七八九十百千万亿萬億两点成分余\d]")
_DATE_AFTER = re.compile(r"\s*[年月日号]|/\d")
RT_RULE = "R1 non-quantity types; R2 no value; R3 zh numerals with spaces; R4 dates"
_CURRENCY_CODES = {"USD", "CNY", "EUR", "JPY", "HKD", "GBP", "KRW", "AUD", "CAD", "RUB", "CHF", "TWD", "INR"}
# Dimension specs annotate measures; a counted noun found as the head noun after a
# number (`four empty houses` -> home, issue 12) is not one, so only units of the
# extractor's unit tables count as Dimension predictions.
_TABLE_UNITS = set(EN_UNITS.values()) | set(ZH_MEASURES.values()) | set(ZH_TIME_UNITS.values())
# A typed model annotates only its own type, so only predictions of that type
# are counted against it (a Currency spec does not mark "27 %").
_RT_COUNTS = {
    "Number": lambda q: True,
    "Percent": lambda q: q.unit in ("%", "percentage point"),
    "Currency": lambda q: q.unit in _CURRENCY_CODES,
    "Dimension": lambda q: q.unit in _TABLE_UNITS and q.unit not in _CURRENCY_CODES | {"%", "x", "percentage point"},
}


def _rt_value(res: dict) -> float | None:
    raw = str(res.get("Resolution", {}).get("value", "")).rstrip("%").replace(",", "")
    try:
        return float(raw)
    except ValueError:
        return None


def recognizers_suite(path: Path, lang: str, name: str) -> Score:
    cases = json.loads(path.read_text(encoding="utf-8-sig"))
    score = Score(name, rule=RT_RULE)
    for case in cases:
        text, results = case["Input"], case.get("Results", [])
        if (
            case.get("IgnoreResolution")
            or any(r.get("TypeName") not in _RT_TYPES for r in results)
            or any(_rt_value(r) is None for r in results)
            or (lang == "zh" and _ZH_SPACED.search(fold(text)))
            or any(_DATE_AFTER.match(fold(text), r["End"] + 1) for r in results)
        ):
            score.excluded += 1
            continue
        gold = []
        for r in results:
            unit = r.get("Resolution", {}).get("isoCurrency") if r["TypeName"] == "currency" else None
            gold.append(Gold(r["Start"], r["End"] + 1, _rt_value(r), unit))
        score_case(score, text, lang, gold, _RT_COUNTS[name.split()[-1]])
    return score


# ---------------------------------------------------------------- quantulum3

# Q1 quantities.ambiguity.json is excluded whole: it tests choosing between
#    units of one surface (pound-mass vs sterling), not finding quantities;
# Q2 a case whose expected value is not a finite number is excluded.
Q_RULE = "Q1 ambiguity file (unit choice); Q2 non-numeric value"


def quantulum_suite(folder: Path) -> Score:
    score = Score("quantulum3 en quantities", rule=Q_RULE)
    score.excluded += len(json.loads((folder / "quantities.ambiguity.json").read_text(encoding="utf-8")))
    for case in json.loads((folder / "quantities.json").read_text(encoding="utf-8")):
        text, gold, ok = case["req"], [], True
        pos = 0
        for r in case["res"]:
            start = text.find(r["surface"], pos)
            if start < 0 or not isinstance(r["value"], (int, float)):
                ok = False
                break
            pos = start + len(r["surface"])
            gold.append(Gold(start, pos, float(r["value"])))
        if ok:
            score_case(score, text, "en", gold)
        else:
            score.excluded += 1
    return score


def quantulum_errors(folder: Path) -> Score:
    """errors.json: strings that must not raise; precision/recall are both 'no exception' rates."""
    cases = json.loads((folder / "errors.json").read_text(encoding="utf-8"))
    score = Score("quantulum3 errors (no raise)", rule="none")
    for text in cases:
        score.used += 1
        score.pred += 1
        score.gold += 1
        try:
            find_quantities(text, "en")
        except Exception as exc:  # noqa: BLE001 - any exception is the failure measured here
            score.misses.append(f"raised {type(exc).__name__} on {text!r}")
            continue
        score.matched_pred += 1
        score.matched_gold += 1
    return score


# ---------------------------------------------------------- cn2an, chinese2digits

# C1 the *_errors lists are excluded: they test cn2an's rejection of malformed
#    numerals in its strict mode, which an extractor of running text need not copy;
# C2 transform_test.json is excluded: it tests sentence rewriting, including
#    digit-by-digit readings (二〇〇二 -> 2002) that are not magnitudes.
C_RULE = "C1 *_errors lists; C2 transform_test (rewriting, digit-by-digit)"


def cn2an_suite(folder: Path) -> Score:
    data = json.loads((folder / "cn2an_test.json").read_text(encoding="utf-8"))
    score = Score("cn2an numerals (smart ⊇ normal ⊇ strict)", rule=C_RULE)
    score.excluded = sum(len(v) for k, v in data.items() if k.endswith("_errors"))
    score.excluded += len(json.loads((folder / "transform_test.json").read_text(encoding="utf-8")))
    for text, value in data["smart"].items():
        score_case(score, text, "zh", [Gold(0, len(text), float(value))])
    return score


# "a/b" fraction strings (percentConvert=false) are scored on their value.
# D2 spans that are digit-by-digit readings (三零万, 二零二三) are excluded with
#    their case: they are codes or typos, not magnitudes in news text.
D_RULE = "D2 digit-by-digit numerals (三零万, 二〇二三)"
_DIGIT_BY_DIGIT = re.compile(r"[一二三四五六七八九〇零][〇零一二三四五六七八九]")


def chinese2digits_suite(path: Path) -> Score:
    data = json.loads(path.read_text(encoding="utf-8"))
    score = Score("chinese2digits cases", rule=D_RULE)
    for case in data["cases"]:
        text = case["input"]
        spans, values = case["CHNumberStringList"], case["digitsStringList"]
        if any(_DIGIT_BY_DIGIT.search(s) and not re.search(r"[十百千万亿]", s) for s in spans) or any(
            re.search(r"[零〇][十百千万亿]|[一二三四五六七八九]零[一二三四五六七八九]", s) for s in spans
        ):
            score.excluded += 1
            continue
        percent = case.get("kwargs", {}).get("percentConvert", True)
        gold, pos, ok = [], 0, True
        folded_text = text.replace("點", "点").replace("萬", "万").replace("億", "亿")
        for s, v in zip(spans, values):
            start = folded_text.find(s, pos)
            if start < 0:
                ok = False
                break
            pos = start + len(s)
            if "/" in v:
                a, b = v.split("/")
                value = float(a) / float(b)
            else:
                value = float(v.rstrip("%"))
                if percent and ("百分之" in s or "千分之" in s or "%" in s or "万分之" in s):
                    value *= 100
            gold.append(Gold(start, pos, value))
        if ok:
            score_case(score, text, "zh", gold)
        else:
            score.excluded += 1
    return score


def peer_suites(root: Path) -> tuple[list[Score], list[str]]:
    scores, skipped = [], []
    rt = root / "recognizers-text" / "Specs"
    rt_files = [
        ("zh", rt / "Number/Chinese/NumberModel.json", "RT zh Number"),
        ("zh", rt / "Number/Chinese/PercentModel.json", "RT zh Percent"),
        ("zh", rt / "NumberWithUnit/Chinese/CurrencyModel.json", "RT zh Currency"),
        ("zh", rt / "NumberWithUnit/Chinese/DimensionModel.json", "RT zh Dimension"),
        ("en", rt / "Number/English/NumberModel.json", "RT en Number"),
        ("en", rt / "Number/English/PercentModel.json", "RT en Percent"),
        ("en", rt / "NumberWithUnit/English/CurrencyModel.json", "RT en Currency"),
        ("en", rt / "NumberWithUnit/English/DimensionModel.json", "RT en Dimension"),
    ]
    for lang, path, name in rt_files:
        if path.exists():
            scores.append(recognizers_suite(path, lang, name))
        else:
            skipped.append(f"{name}: {path} missing")
    q = root / "quantulum3" / "quantulum3" / "_lang" / "en_US" / "tests"
    if q.exists():
        scores += [quantulum_suite(q), quantulum_errors(q)]
    else:
        skipped.append(f"quantulum3: {q} missing")
    c = root / "cn2an" / "cn2an"
    if c.exists():
        scores.append(cn2an_suite(c))
    else:
        skipped.append(f"cn2an: {c} missing")
    d = root / "chinese2digits" / "Python" / "chinese2digits" / "test.json"
    if d.exists():
        scores.append(chinese2digits_suite(d))
    else:
        skipped.append(f"chinese2digits: {d} missing")
    return scores, skipped


# ------------------------------------------------------------- real news

# Gold of the news set is per sentence, not per span: a sentence's gold
# quantities and the extractor's predictions are paired greedily one to one,
# gold in order, each taking the first free prediction that agrees. Spans are
# not compared: an extractor that reads "约560万美元" or "560万美元" states the
# same figure, and a fact-checker compares figures.
NEWS_REL_TOL = 0.005
NEWS_LANGUAGES = ("zh-Hans", "zh-Hant", "en")


@dataclass(frozen=True)
class NewsGold:
    text: str
    value: float
    unit: str | None = None
    qualifier: str = "exact"
    high: float | None = None
    change: str | None = None
    per_value: float | None = None
    per_unit: str | None = None


@dataclass
class NewsSentence:
    text: str
    gold: list[NewsGold]


@dataclass
class NewsSet:
    name: str
    outlet: str
    topic: str
    language: str
    sentences: list[NewsSentence]
    region: str = ""  # mainland, Taiwan, Hong Kong, US, UK: where 元 or $ is read

    @property
    def lang(self) -> str:
        """The language find_quantities takes: zh for both scripts."""
        return "zh" if self.language.startswith("zh") else "en"


@dataclass
class NewsScore:
    """Counts of one set or one language; precision/recall for value and value+unit."""

    name: str
    sets: int = 0
    sentences: int = 0
    gold: int = 0
    pred: int = 0
    value_hits: int = 0
    unit_hits: int = 0
    qualifier_ok: int = 0
    change_ok: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: "NewsScore") -> None:
        for name in ("sets", "sentences", "gold", "pred", "value_hits", "unit_hits", "qualifier_ok", "change_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def value_precision(self) -> float:
        return self._ratio(self.value_hits, self.pred)

    @property
    def value_recall(self) -> float:
        return self._ratio(self.value_hits, self.gold)

    @property
    def unit_precision(self) -> float:
        return self._ratio(self.unit_hits, self.pred)

    @property
    def unit_recall(self) -> float:
        return self._ratio(self.unit_hits, self.gold)

    @property
    def qualifier_accuracy(self) -> float:
        return self._ratio(self.qualifier_ok, self.value_hits)

    @property
    def change_accuracy(self) -> float:
        return self._ratio(self.change_ok, self.value_hits)


def _news_close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=NEWS_REL_TOL, abs_tol=1e-9)


def news_value_match(g: NewsGold, q) -> bool:
    """Same value within 0.5 % relative, and the same range end (both absent, or close)."""
    return q.value is not None and _news_close(q.value, g.value) and _news_close(q.high, g.high)


def news_unit_match(g: NewsGold, q) -> bool:
    return news_value_match(g, q) and q.unit == g.unit


def _pair(gold: list[NewsGold], preds: list, agree) -> list[tuple[NewsGold, object]]:
    """Greedy one-to-one pairing: each gold, in order, takes the first free prediction that agrees.

    For value pairing, a prediction that also has the gold's unit is taken
    before one that does not, so that two figures of equal value in one
    sentence (5 % and 5 points) pair with their own kinds.
    """
    free, pairs = list(preds), []
    for g in gold:
        hits = [q for q in free if agree(g, q)]
        if not hits:
            continue
        hit = next((q for q in hits if q.unit == g.unit), hits[0])
        free.remove(hit)
        pairs.append((g, hit))
    return pairs


def score_news_sentence(score: NewsScore, sentence: NewsSentence, preds: list) -> None:
    """Add one sentence's predictions to score (preds: objects with value, high, unit, qualifier[, change])."""
    by_value = _pair(sentence.gold, preds, news_value_match)
    by_unit = _pair(sentence.gold, preds, news_unit_match)
    score.sentences += 1
    score.gold += len(sentence.gold)
    score.pred += len(preds)
    score.value_hits += len(by_value)
    score.unit_hits += len(by_unit)
    for g, q in by_value:
        score.qualifier_ok += q.qualifier == g.qualifier
        score.change_ok += getattr(q, "change", None) == g.change
    found = {id(g) for g, _ in by_unit}
    used = {id(q) for _, q in by_unit}
    for g in sentence.gold:
        if id(g) not in found:
            score.misses.append(f"missed {g.text!r}={g.value:g} {g.unit} in {sentence.text[:70]!r}")
    for q in preds:
        if id(q) not in used:
            score.misses.append(f"spurious {q.text!r}={q.value} {q.unit} in {sentence.text[:70]!r}")


def load_news_set(path: Path) -> NewsSet:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sentences = []
    for item in data["sentences"]:
        gold = [
            NewsGold(
                str(g["text"]), _num(g["value"]), g.get("unit"), g.get("qualifier", "exact"),
                _num(g.get("high")), g.get("change"), _num(g.get("per_value")), g.get("per_unit"),
            )
            for g in item.get("quantities") or []
        ]
        sentences.append(NewsSentence(item["text"], gold))
    return NewsSet(path.stem, data["outlet"], data["topic"], data["language"], sentences, data.get("region", ""))


def load_news_sets(folder: Path = NEWS_GOLD) -> list[NewsSet]:
    return [load_news_set(p) for p in sorted(folder.glob("*.yml"))]


# The set's region is the article's place, as kb.extract.money.variant_of reads it from a site.
_REGION_VARIANT = {"mainland": "cn", "Taiwan": "tw", "Hong Kong": "hk"}


def score_news_set(news_set: NewsSet, extract=None) -> NewsScore:
    """Score one set; extract(text, lang) defaults to find_quantities with the set's region as variant."""
    variant = _REGION_VARIANT.get(news_set.region)
    extract = extract or (lambda text, lang: find_quantities(text, lang, variant))
    score = NewsScore(news_set.name, sets=1)
    for sentence in news_set.sentences:
        score_news_sentence(score, sentence, extract(sentence.text, news_set.lang))
    return score


def news_scores(sets: list[NewsSet], extract=None) -> tuple[list[NewsScore], list[NewsScore]]:
    """Per-set scores, and per-language totals (zh-Hans, zh-Hant, en, zh = both scripts, all)."""
    per_set = [score_news_set(s, extract) for s in sets]
    totals = {name: NewsScore(name) for name in (*NEWS_LANGUAGES, "zh", "all")}
    for news_set, score in zip(sets, per_set):
        totals[news_set.language].add(score)
        if news_set.language.startswith("zh"):
            totals["zh"].add(score)
        totals["all"].add(score)
    return per_set, [t for t in totals.values() if t.sets]


def format_news(per_set: list[NewsScore], per_language: list[NewsScore], title: str = "real news",
                folder: Path = NEWS_GOLD) -> str:
    head = (f"{'news set':34} {'sent':>4} {'gold':>4} {'pred':>4}  {'val P':>5} {'val R':>5}"
            f"  {'v+u P':>5} {'v+u R':>5}  {'qual':>5} {'chg':>5}")
    where = folder.relative_to(REPO) if folder.is_relative_to(REPO) else folder
    lines = ["", f"{title} ({where}, value within {NEWS_REL_TOL:.1%}; qual/chg: accuracy on value matches)", head]

    def row(s: NewsScore) -> str:
        return (f"{s.name:34} {s.sentences:4d} {s.gold:4d} {s.pred:4d}  {s.value_precision:5.3f} {s.value_recall:5.3f}"
                f"  {s.unit_precision:5.3f} {s.unit_recall:5.3f}  {s.qualifier_accuracy:5.3f} {s.change_accuracy:5.3f}")

    lines += [row(s) for s in per_set]
    lines += ["", head.replace("news set", "news language (sets)", 1)]
    lines += [row(NewsScore(f"{s.name} ({s.sets})", **{k: v for k, v in vars(s).items() if k != "name"}))
              for s in per_language]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer-specs", type=Path, default=REPO.parent / "shared" / "peer-specs")
    parser.add_argument("--show-misses", metavar="SUITE",
                        help="print misses of suites whose name contains SUITE ('news': development sets; "
                             "'news_heldout': held-out sets)")
    args = parser.parse_args(argv)
    scores = [seed_suite()]
    if args.peer_specs.is_dir():
        peer, skipped = peer_suites(args.peer_specs)
        scores += peer
    else:
        skipped = [f"peer specs: {args.peer_specs} not found, peer suites skipped"]
    for msg in skipped:
        print(f"skipped {msg}")
    print(f"{'suite':44} {'used':>5} {'excl':>5} {'prec':>6} {'recall':>6}  exclusion rule")
    for s in scores:
        print(f"{s.suite:44} {s.used:5d} {s.excluded:5d} {s.precision:6.3f} {s.recall:6.3f}  {s.rule}")
    news_sets = []  # (folder name, score of one set)
    for title, folder in NEWS_SECTIONS:
        sets = load_news_sets(folder)
        if not sets:
            # The held-out folder is empty between one retired version and the next.
            kind = "held-out sets" if folder == NEWS_HELDOUT else "sets"
            print(f"\n{title}: no {kind} in {folder.relative_to(REPO)}")
            continue
        per_set, per_language = news_scores(sets)
        print(format_news(per_set, per_language, title, folder))
        news_sets += [(folder.name, s) for s in per_set]
    if args.show_misses:
        wanted = args.show_misses.lower()
        for s in scores:
            if wanted in s.suite.lower():
                print(f"\n## {s.suite}")
                print("\n".join(s.misses))
        # "news" lists the development set only: held-out misses are printed when
        # asked for by folder name or set name, so that nobody tunes to them by accident.
        for folder_name, s in news_sets:
            if wanted == "news":
                chosen = folder_name == NEWS_GOLD.name
            else:
                chosen = wanted == folder_name or wanted in s.name.lower()
            if chosen:
                print(f"\n## {folder_name} {s.name}")
                print("\n".join(s.misses))
    from kb.factcheck import matching_eval

    matching_eval.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
