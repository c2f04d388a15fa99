"""The real-news sets (development: tests/gold/news; held-out test: tests/gold/news_heldout)
are well formed, and their scorer counts right.

The gold is checked against the rules of /work/helpers/UNITS.md as written into
this repository: each quantity's text occurs in its sentence, units come from
the shared vocabulary or are the counted noun as written, qualifiers and changes
take their documented values. Extractor scores are not asserted here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from kb.evaluate import main as evaluate_main
from kb.evaluate import (
    NEWS_GOLD,
    NEWS_SECTIONS,
    NEWS_HELDOUT,
    NewsGold,
    NewsSentence,
    NewsSet,
    format_news,
    load_news_set,
    load_news_sets,
    news_scores,
)
from kb.extract.quantities import QUALIFIERS, Quantity

# The unit vocabulary: physical, financial and time units, and the shared table
# of counted nouns (English singular). Any other unit must be a noun written in
# its sentence (English: the singular of a word there; Chinese: the noun itself).
CURRENCIES = {"USD", "CNY", "TWD", "HKD", "GBP", "EUR", "JPY", "AUD", "CAD", "SGD", "BRL", "INR", "KRW", "CHF"}
UNITS = CURRENCIES | {
    "penny", "cent", "%", "percentage point", "basis point", "x", "°C", "°F", "ppm", "ppb",
    "km", "m", "cm", "mm", "nm", "mg", "mile", "km/h", "mph", "tonne", "kg", "g", "pound",
    "hectare", "mu", "m²", "km²", "acre", "kWh", "MWh", "GWh", "TWh", "kW", "MW", "GW",
    "horsepower", "barrel", "litre", "year", "month", "week", "day", "hour", "minute", "second",
    "ft²",  # square feet (sq ft, 平方呎), Hong Kong property
}
COUNTED = {
    "yard", "station", "pick", "point", "assist", "rebound", "goal", "headset", "car", "vehicle",
    "person", "medal", "gold medal", "silver medal", "bronze medal", "county", "event", "job",
    "home", "student", "case", "death", "company", "store", "unit", "share", "vote", "seat",
    "game", "match", "visitor", "tourist", "passenger", "flight", "patient",
    # the same things counted in both languages (户/households, 列/trains, 伙/flats)
    "household", "train", "flat", "hospital", "model", "parameter", "user", "ship",
}
LANGUAGES = {"zh-Hans", "zh-Hant", "en"}
# Regions every folder must cover, and the others a set may be from (English news from Hong Kong and Australia).
REGIONS = {"zh-Hans": {"mainland"}, "zh-Hant": {"Taiwan", "Hong Kong"}, "en": {"US", "UK"}}
OTHER_REGIONS = {"zh-Hans": set(), "zh-Hant": set(), "en": {"Hong Kong", "Australia"}}
TOPICS = {"economy", "business", "sport", "science", "health", "politics"}
GOLD_KEYS = {"text", "value", "unit", "qualifier", "high", "change", "per_value", "per_unit"}
# Both folders are checked by the same rules; a sentence may be in only one of them.
FOLDERS = (NEWS_GOLD, NEWS_HELDOUT)
FILES = [p for folder in FOLDERS for p in sorted(folder.glob("*.yml"))]


IRREGULAR_PLURALS = {"person": "people", "child": "children", "woman": "women", "man": "men"}


def _plurals(noun: str) -> set[str]:
    last = noun.split()[-1].lower()
    forms = {last, last + "s", last + "es", IRREGULAR_PLURALS.get(last, last)}
    if last.endswith("y"):
        forms.add(last[:-1] + "ies")
    return forms


def _unit_ok(unit: str | None, sentence: str, language: str) -> bool:
    if unit is None or unit in UNITS or unit in COUNTED:
        return True
    if language.startswith("zh"):
        return unit in sentence
    # English: singular, lower case unless an acronym (MP), written in the sentence.
    words = set(re.findall(r"[\w-]+", sentence.lower()))
    singular = not unit.endswith("s") or unit.endswith("ss")
    return singular and unit in (unit.lower(), unit.upper()) and bool(_plurals(unit) & words)


def test_unit_rule_accepts_vocabulary_and_written_nouns_only():
    assert _unit_ok("°C", "气温偏高1℃", "zh-Hans") and _unit_ok("km/h", "at 40 km/h", "en")
    assert _unit_ok("yard", "ran for 176 yards", "en") and _unit_ok("MP", "only five MPs", "en")
    assert _unit_ok("child", "two children", "en") and _unit_ok("基站", "5G基站425.1万个", "zh-Hans")
    assert not _unit_ok("yards", "ran for 176 yards", "en")  # plural
    assert not _unit_ok("Yard", "ran for 176 yards", "en")  # case
    assert not _unit_ok("wicket", "took 21 catches", "en")  # not written in the sentence
    assert not _unit_ok("工厂", "关闭2家工场", "zh-Hans")


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_gold_file_is_well_formed(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["language"] in LANGUAGES, path
    assert path.stem.startswith(data["language"] + "_"), f"{path.name}: name must start with its language"
    assert data["outlet"] and data["topic"] in TOPICS, path
    assert data["region"] in REGIONS[data["language"]] | OTHER_REGIONS[data["language"]], path
    assert data["modeled_on"] and all(u.startswith("http") for u in data["modeled_on"]), path
    assert 8 <= len(data["sentences"]) <= 15, f"{path.name}: {len(data['sentences'])} sentences"
    for item in data["sentences"]:
        text = item["text"]
        assert isinstance(item["quantities"], list), f"{path.name}: {text!r} needs quantities (may be [])"
        for g in item["quantities"]:
            where = f"{path.name}: {g.get('text')!r} in {text!r}"
            assert set(g) <= GOLD_KEYS and {"text", "value", "qualifier"} <= set(g), where
            assert str(g["text"]) in text, f"{where}: text not in sentence"
            float(g["value"])
            assert g["qualifier"] in QUALIFIERS, where
            assert g.get("change") in (None, "up", "down"), where
            assert ("high" in g) == (g["qualifier"] == "range"), f"{where}: a range has a high end, and only a range"
            assert _unit_ok(g.get("unit"), text, data["language"]), f"{where}: unit {g.get('unit')!r}"
            if "per_unit" in g:
                assert "per_value" in g, where


@dataclass(frozen=True)
class Coverage:
    """What a folder of sets must cover (issue 12 point 8; the held-out brief)."""

    folder: Path
    sets: int
    sentences: int
    outlets_per_language: int
    changes: int
    no_quantity: int
    unseen_outlets: bool = False  # no outlet of the development set


COVERAGE = [
    Coverage(NEWS_GOLD, sets=20, sentences=250, outlets_per_language=5, changes=50, no_quantity=10),
    Coverage(NEWS_HELDOUT, sets=12, sentences=120, outlets_per_language=5, changes=30, no_quantity=5,
             unseen_outlets=True),
]


@pytest.mark.parametrize("cov", COVERAGE, ids=[c.folder.name for c in COVERAGE])
def test_set_covers_outlets_languages_scripts_and_topics(cov: Coverage):
    """Half Chinese (both scripts, mainland, Taiwan and Hong Kong), half English (US and UK), many outlets."""
    sets = load_news_sets(cov.folder)
    if cov.folder == NEWS_HELDOUT and not sets:
        pytest.skip("no held-out sets: v1 was retired into the development set, v2 is not in this tree")
    assert len(sets) >= cov.sets
    by_lang = {lang: [s for s in sets if s.language == lang] for lang in LANGUAGES}
    zh = by_lang["zh-Hans"] + by_lang["zh-Hant"]
    en = by_lang["en"]
    assert by_lang["zh-Hans"] and by_lang["zh-Hant"] and en
    sentences = {name: sum(len(s.sentences) for s in group) for name, group in (("zh", zh), ("en", en))}
    assert sum(sentences.values()) >= cov.sentences
    assert 0.4 <= sentences["zh"] / sum(sentences.values()) <= 0.6, sentences
    for lang, regions in REGIONS.items():
        assert regions <= {s.region for s in by_lang[lang]} <= regions | OTHER_REGIONS[lang], lang
    for group in (zh, en):
        assert {s.topic for s in group} == TOPICS
        assert len({s.outlet for s in group}) >= cov.outlets_per_language
    golds = [g for s in sets for sentence in s.sentences for g in sentence.gold]
    assert sum(g.change is not None for g in golds) >= cov.changes  # changes and levels both annotated
    assert sum(not sentence.gold for s in sets for sentence in s.sentences) >= cov.no_quantity
    if cov.unseen_outlets:
        assert not {s.outlet for s in sets} & {s.outlet for s in load_news_sets(NEWS_GOLD)}


def test_sentences_are_not_repeated():
    seen: dict[str, str] = {}
    for path in FILES:
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["sentences"]:
            assert item["text"] not in seen, f"{item['text']!r} in {path.name} and {seen.get(item['text'])}"
            seen[item["text"]] = path.name


# ----------------------------------------------------------------- scorer


@dataclass(frozen=True)
class Pred:
    """A prediction as the extractor will give it once it records changes."""

    text: str
    value: float | None
    unit: str | None
    qualifier: str = "exact"
    high: float | None = None
    change: str | None = None


def _set(name: str, language: str, sentences: list[NewsSentence]) -> NewsSet:
    return NewsSet(name, "Outlet", "economy", language, sentences)


def test_scorer_counts_value_and_unit_matches():
    gold = [
        NewsGold("5%", 5, "%", change="up"),
        NewsGold("$10", 10, "USD"),
        NewsGold("3 yards", 3, "yard", "approx"),
    ]
    preds = {
        "s": [
            Pred("5.02%", 5.02, "%", change="up"),  # within 0.5 %: value and unit
            Pred("10", 10, "GBP"),  # value only
            Pred("7 yards", 7, "yard"),  # neither
            Pred("100", 100, None),  # spurious
        ]
    }
    per_set, per_language = news_scores([_set("a", "en", [NewsSentence("s", gold)])], lambda text, lang: preds[text])
    s = per_set[0]
    assert (s.gold, s.pred, s.value_hits, s.unit_hits) == (3, 4, 2, 1)
    assert s.value_precision == pytest.approx(0.5)
    assert s.value_recall == pytest.approx(2 / 3)
    assert s.unit_precision == pytest.approx(0.25)
    assert s.unit_recall == pytest.approx(1 / 3)
    assert s.qualifier_accuracy == 1.0 and s.change_accuracy == 1.0
    assert [t.name for t in per_language] == ["en", "all"]


def test_scorer_tolerance_ranges_and_one_to_one():
    gold = [
        NewsGold("1.0", 1.0, None),
        NewsGold("4.5%-4.75%", 4.5, "%", "range", high=4.75),
        NewsGold("7 cars", 7, "car"),
        NewsGold("7 cars", 7, "car"),
    ]
    preds = [
        Pred("1.006", 1.006, None),  # 0.6 % off: no match
        Pred("4.5%", 4.5, "%"),  # the range end is missing: no match
        Pred("7 cars", 7, "car", "approx", change="down"),  # one prediction matches one gold only
    ]
    per_set, _ = news_scores([_set("b", "en", [NewsSentence("s", gold)])], lambda text, lang: preds)
    s = per_set[0]
    assert (s.value_hits, s.unit_hits, s.gold, s.pred) == (1, 1, 4, 3)
    assert s.qualifier_accuracy == 0.0 and s.change_accuracy == 0.0
    assert len(s.misses) == 3 + 2


def test_scorer_reads_extractor_quantities_without_change():
    """Today's Quantity has no change field: it counts as a level."""
    q = Quantity("增长5.2%", 0, 6, 5.2, "%", "exact")
    gold = [NewsGold("增长5.2%", 5.2, "%", change="up"), NewsGold("100万辆", 1e6, "vehicle")]
    per_set, _ = news_scores([_set("c", "zh-Hans", [NewsSentence("t", gold)])], lambda text, lang: [q])
    assert per_set[0].change_accuracy == 0.0 and per_set[0].unit_hits == 1


def test_scores_aggregate_per_language_and_script():
    sets = [
        _set("h", "zh-Hans", [NewsSentence("x", [NewsGold("1", 1, None)])]),
        _set("t", "zh-Hant", [NewsSentence("y", [NewsGold("2", 2, None)])]),
        _set("e", "en", [NewsSentence("z", [NewsGold("3", 3, None)])]),
    ]
    langs = []
    answers = {"x": [Pred("1", 1, None)], "y": [Pred("9", 9, None)], "z": [Pred("3", 3, None)]}

    def extract(text, lang):
        langs.append(lang)
        return answers[text]

    per_set, per_language = news_scores(sets, extract)
    assert langs == ["zh", "zh", "en"]
    totals = {s.name: s for s in per_language}
    assert totals["zh"].sets == 2 and totals["zh"].value_recall == pytest.approx(0.5)
    assert totals["zh-Hant"].value_recall == 0.0 and totals["zh-Hans"].value_recall == 1.0
    assert totals["all"].gold == 3 and totals["all"].value_hits == 2
    table = format_news(per_set, per_language)
    assert re.search(r"^zh \(2\)\s+2\s+2\s+2\s+0\.500 0\.500", table, re.M), table


def test_loader_reads_the_gold_files():
    sets = [s for folder in FOLDERS for s in load_news_sets(folder)]
    assert len(sets) == len(FILES)
    first = load_news_set(FILES[0])
    assert first.sentences and first.lang in ("zh", "en")


def test_make_eval_prints_development_and_held_out_sections(capsys, tmp_path):
    evaluate_main(["--peer-specs", str(tmp_path / "none"), "--show-misses", "news"])
    out = capsys.readouterr().out
    for title, folder in NEWS_SECTIONS:
        if not load_news_sets(folder):  # the held-out folder between two versions
            assert f"{title}: no held-out sets in {folder.relative_to(folder.parents[2])}" in out
            continue
        assert f"{title} ({folder.relative_to(folder.parents[2])}," in out
        for path in sorted(folder.glob("*.yml")):
            assert re.search(rf"^{re.escape(path.stem)}\s+\d+", out, re.M), path.stem
    # "news" misses are the development set's only; held-out misses need their folder's name.
    assert "\n## news " in out and "\n## news_heldout " not in out
    evaluate_main(["--peer-specs", str(tmp_path / "none"), "--show-misses", "news_heldout"])
    out = capsys.readouterr().out
    assert "\n## news " not in out
    if load_news_sets(NEWS_HELDOUT):
        assert "\n## news_heldout " in out
