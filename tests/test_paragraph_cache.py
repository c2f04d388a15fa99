"""Paragraphs are analysed once per process (kb.extract.claims.ParagraphCache): the cache must never change a result."""

from dataclasses import asdict

from kb.extract.article import parse_article
from kb.extract.claims import PARAGRAPHS, ParagraphAnalysis, ParagraphCache, split_claims

PARAGRAPH = "台积电第三季营收约7500亿元，年增36%。董事会核准资本预算150亿美元。"


def _claims(raw: str) -> list[dict]:
    article = parse_article(raw, "test.txt")
    return [asdict(draft) for draft in split_claims(article, "a1")]


def test_a_repeated_article_gets_the_same_claims_as_a_fresh_one(seed_path):
    raw = seed_path.read_text(encoding="utf-8")
    PARAGRAPHS.clear()
    fresh = _claims(raw)
    again = _claims(raw)  # every paragraph from the cache now
    assert again == fresh
    PARAGRAPHS.clear()
    assert _claims(raw) == fresh


def test_the_same_paragraph_in_taiwan_and_mainland_text_keeps_its_own_currency():
    PARAGRAPHS.clear()
    taiwan = _claims(f"---\nlanguage: zh-Hant\n---\n標題\n\n{PARAGRAPH}\n")
    mainland = _claims(f"---\nlanguage: zh-Hans\n---\n标题\n\n{PARAGRAPH}\n")
    units = lambda claims: [q["unit"] for c in claims for q in c["quantities"]]  # noqa: E731
    assert units(taiwan)[0] == "TWD"
    assert units(mainland)[0] == "CNY"


def test_the_cache_keeps_only_the_most_recently_used():
    cache = ParagraphCache(size=2)
    analyses = {k: ParagraphAnalysis(((0, 1),), ()) for k in "abc"}
    for k in "ab":
        cache.put((k, "zh", None), analyses[k])
    assert cache.get(("a", "zh", None)) is analyses["a"]  # a is now the most recent
    cache.put(("c", "zh", None), analyses["c"])
    assert cache.get(("b", "zh", None)) is None
    assert cache.get(("a", "zh", None)) is analyses["a"] and cache.get(("c", "zh", None)) is analyses["c"]


def test_the_cache_holds_at_most_its_characters_of_text():
    cache = ParagraphCache(size=100, chars=10)
    analysis = ParagraphAnalysis(((0, 1),), ())
    cache.put(("一二三四五六", "zh", None), analysis)
    cache.put(("七八九十", "zh", None), analysis)
    assert cache.get(("一二三四五六", "zh", None)) is analysis  # 10 characters: both kept
    cache.put(("甲", "zh", None), analysis)  # 11: the least recently used goes
    assert cache.get(("七八九十", "zh", None)) is None
    cache.put(("x" * 50, "en", None), analysis)  # longer than the whole budget: nothing stays
    assert cache.get(("x" * 50, "en", None)) is None and cache.get(("甲", "zh", None)) is None
