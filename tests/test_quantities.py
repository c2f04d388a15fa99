import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from kb.evaluate import Score, load_seed_gold, score_case
from kb.extract.quantities import QUALIFIERS, Quantity, find_quantities, main_quantity


def only(text: str, lang: str) -> Quantity:
    found = find_quantities(text, lang)
    assert len(found) == 1, found
    return found[0]


def test_seed_article_against_hand_gold():
    body, gold = load_seed_gold()
    score = Score("seed")
    score_case(score, body, "zh", gold)
    assert score.precision >= 0.95, score.misses
    assert score.recall >= 0.95, score.misses


def test_offsets_are_into_the_original_text():
    text = "模型用了１．４万亿美元和 US$600bn"
    for q in find_quantities(text, "zh") + find_quantities(text, "en"):
        assert text[q.start : q.end] == q.text


ZH_CASES = [
    # text, value, unit, qualifier
    ("1.4万亿美元", 1.4e12, "USD", "exact"),
    ("320亿参数", 3.2e10, "parameter", "exact"),
    ("15.5万亿token", 1.55e13, "token", "exact"),
    ("八年", 8, "year", "exact"),
    ("十倍", 10, "x", "exact"),
    ("百倍", 100, "x", "exact"),
    ("两千三百万", 2.3e7, None, "exact"),
    ("一亿", 1e8, None, "exact"),
    ("十分之一", 0.1, None, "exact"),
    ("百分之四十", 40, "%", "exact"),
    ("三成", 30, "%", "exact"),
    ("１．４万亿", 1.4e12, None, "exact"),
    ("1,234", 1234, None, "exact"),
    ("384个专家", 384, "expert", "exact"),
    ("5欧元", 5, "EUR", "exact"),
    ("100元人民币", 100, "CNY", "exact"),
    ("3000日元", 3000, "JPY", "exact"),
    ("20港元", 20, "HKD", "exact"),
    ("7英镑", 7, "GBP", "exact"),
    ("$5", 5, "USD", "exact"),
    ("US$600", 600, "USD", "exact"),
    ("¥300", 300, "CNY", "exact"),
    ("€40", 40, "EUR", "exact"),
    ("约1亿美元", 1e8, "USD", "approx"),
    ("大约3年", 3, "year", "approx"),
    ("100人左右", 100, "person", "approx"),
    ("50元上下", 50, "CNY", "approx"),
    ("不到3.5%", 3.5, "%", "lt"),
    ("不足10天", 10, "day", "lt"),
    ("低于5%", 5, "%", "lt"),
    ("18岁以下", 18, "year", "lte"),  # 以下 includes the bound (UNITS.md)
    ("不超过100万美元", 1e6, "USD", "lte"),
    ("超过200亿美元", 2e10, "USD", "gt"),
    ("逾千万用户", 1e7, "user", "gt"),
    ("100多万", 1e6, None, "gt"),
    ("1000人以上", 1000, "person", "gte"),  # 以上 includes the bound (UNITS.md)
    ("至少3个月", 3, "month", "gte"),
    ("数百万美元", 1e6, "USD", "vague"),
    ("几百万", 1e6, None, "vague"),
    ("百万量级", 1e6, None, "vague"),
    ("近似万亿参数", 1e12, "parameter", "approx"),
]


@pytest.mark.parametrize("text, value, unit, qualifier", ZH_CASES)
def test_chinese_quantities(text, value, unit, qualifier):
    q = only(text, "zh")
    assert (q.value, q.unit, q.qualifier) == (pytest.approx(value), unit, qualifier)
    assert q.text == text


@pytest.mark.parametrize(
    "text, low, high, unit",
    [
        ("十倍乃至百倍", 10, 100, "x"),
        ("20至48小时", 20, 48, "hour"),
        ("3-5%", 3, 5, "%"),
        ("二三十个百分点", 20, 30, "percentage point"),
    ],
)
def test_chinese_ranges(text, low, high, unit):
    q = only(text, "zh")
    assert (q.value, q.high, q.unit, q.qualifier) == (low, high, unit, "range")


def test_chinese_rates():
    q = only("价格是每百万输入token收费4元", "zh")
    assert (q.value, q.unit, q.per_value, q.per_unit) == (4, "CNY", 1e6, "input token")
    assert q.text == "每百万输入token收费4元"
    q = only("门票每人50元", "zh")
    assert (q.value, q.unit, q.per_value, q.per_unit) == (50, "CNY", 1, "person")
    q = only("每年投入1000亿美元", "zh")
    assert (q.value, q.per_value, q.per_unit) == (1e11, 1, "year 投入")


def test_counted_noun_after_a_description_gives_the_unit():
    (q,) = find_quantities("划分为384个专长各异的专家模块。", "zh")
    assert (q.text, q.value, q.unit) == ("384个", 384, "expert")


def test_chinese_bracketed_conversion_is_its_own_quantity():
    """Both sides of 10美元(约71元) are kept, so the rate they imply can be checked."""
    found = find_quantities("输出token高达10美元(约71元)", "zh")
    assert [(q.text, q.value, q.unit, q.qualifier) for q in found] == [("10美元", 10, "USD", "exact"), ("约71元", 71, "CNY", "approx")]


def test_amounts_listed_after_a_rate_share_its_base():
    found = find_quantities("每百万输入token收费4元(命中缓存时更低至1元)、输出token16元。下一句10元。", "zh")
    assert [(q.value, q.per_value, q.per_unit) for q in found] == [
        (4, 1e6, "input token"), (1, 1e6, "input token"), (16, 1e6, "output token"), (10, None, None)]


def test_chinese_sentence_with_two_percentages():
    found = find_quantities("以60.2%对54.9%的得分领先", "zh")
    assert [(q.text, q.value) for q in found] == [("60.2%", 60.2), ("54.9%", 54.9)]


EN_CASES = [
    ("$5.6 million", 5.6e6, "USD", "exact"),
    ("US$600bn", 6e11, "USD", "exact"),
    ("1.4 trillion dollars", 1.4e12, "USD", "exact"),
    ("71.3%", 71.3, "%", "exact"),
    ("384 experts", 384, "expert", "exact"),
    ("15.5 trillion tokens", 1.55e13, "token", "exact"),
    ("ten times", 10, "x", "exact"),
    ("10x", 10, "x", "exact"),
    ("one tenth", 0.1, None, "exact"),
    ("a third", 1 / 3, None, "exact"),
    ("5 percentage points", 5, "percentage point", "exact"),
    ("about 6 years", 6, "year", "approx"),
    ("nearly 100 users", 100, "user", "approx"),
    ("some 500 GPUs", 500, "GPU", "approx"),
    ("less than 3.5%", 3.5, "%", "lt"),
    ("at most 4 hours", 4, "hour", "lte"),
    ("up to 2 weeks", 2, "week", "lte"),
    ("more than 1,000 downloads", 1000, "download", "gt"),
    ("at least 3 days", 3, "day", "gte"),
    ("several million dollars", 1e6, "USD", "vague"),
    ("hundreds of", 100, None, "vague"),
    ("€3.5 billion", 3.5e9, "EUR", "exact"),
    ("£20", 20, "GBP", "exact"),
]


@pytest.mark.parametrize("text, value, unit, qualifier", EN_CASES)
def test_english_quantities(text, value, unit, qualifier):
    q = only(text, "en")
    assert (q.value, q.unit, q.qualifier) == (pytest.approx(value), unit, qualifier)
    assert q.text == text


def test_english_rate_and_range():
    q = only("It costs $1.25 per million input tokens.", "en")
    assert (q.value, q.unit, q.per_value, q.per_unit) == (1.25, "USD", 1e6, "input token")
    q = only("training took 20 to 48 hours", "en")
    assert (q.value, q.high, q.unit, q.qualifier) == (20, 48, "hour", "range")
    q = only("a 3-5% rise", "en")
    assert (q.value, q.high, q.unit) == (3, 5, "%")


@pytest.mark.parametrize(
    "text",
    [
        "2025年以前", "GPT-5", "GPT-4o", "Kimi K2", "K2-Thinking", "DeepSeek-R1", "Qwen2.5-72B",
        "2025-11-09 11:25:11", "今年年初", "一家初创公司", "一种信念", "一举超越", "一系列挑战",
        "这一幕令业界震惊", "一边是开放奇迹", "万智百宝箱", "信念的第一次动摇", "一款开源应用",
        "一种", "投下了一枚震撼弹", "拥有一个万智百宝箱", "一度令人信服", "千万不要", "万一失败",
        "11月9日", "1. 第一条", "（一）总则", "成果之一",
    ],
)
def test_chinese_non_quantities(text):
    assert find_quantities(text, "zh") == []


@pytest.mark.parametrize(
    "text",
    ["GPT-5 beats GPT-4o", "Llama 3.1 was released", "Kimi K2 and DeepSeek-R1", "on Jan. 27",
     "in 2025", "at 11:25", "1) first item", "the 3rd day", "one of them", "no one"],
)
def test_english_non_quantities(text):
    assert find_quantities(text, "en") == []


def test_main_quantity_prefers_the_first_with_a_unit():
    found = find_quantities("排名第3，共有20个模型花费约1亿美元", "zh")
    assert (main_quantity(found).value, main_quantity(found).unit) == (20, "model")
    assert main_quantity(find_quantities("数字是42和7", "zh")).value == 42
    assert main_quantity([]) is None
    bare = Quantity("3", 0, 1, 3.0, None, "exact")
    money = Quantity("$4", 2, 4, 4.0, "USD", "exact")
    assert main_quantity([bare, money]) is money


def test_unknown_language_is_rejected():
    with pytest.raises(ValueError):
        find_quantities("42", "fr")


def test_spacy_component_after_jieba_segmentation():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("quantities")
    doc = nlp("K2 Thinking训练只花了约460万美元，却使用了320亿参数。")
    spans = doc.spans["quantities"]
    assert [s._.quantity.value for s in spans] == [4.6e6, 3.2e10]
    assert all(s.start_char <= s._.quantity.start and s._.quantity.end <= s.end_char for s in spans)


def test_spacy_component_english_and_config():
    nlp = spacy.blank("en")
    nlp.add_pipe("quantities", config={"lang": "en"})
    doc = nlp("DeepSeek spent about $5.6 million, a tenth of GPT-4.")
    money, share = doc.spans["quantities"]
    assert money.text == "about $5.6 million"
    assert (money._.quantity.value, money._.quantity.unit, money._.quantity.qualifier) == (5.6e6, "USD", "approx")
    assert (share.text, share._.quantity.value) == ("a tenth", 0.1)


@given(st.text(max_size=80), st.sampled_from(["zh", "en"]))
def test_arbitrary_text_never_raises_and_spans_are_ordered(text, lang):
    found = find_quantities(text, lang)
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.qualifier in QUALIFIERS
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


@given(st.text(alphabet="一二三四五六七八九十百千万亿两零点分之成倍%年个元美$.,0123456789约不到多以上每几数 ", max_size=30))
def test_numeral_soup_never_raises(text):
    find_quantities(text, "zh")


def test_main_quantity_skips_a_bare_magnitude():
    found = find_quantities("同样百万token的处理,K2 Thinking的费用仅为GPT-5的十分之一不到。", "zh")
    assert main_quantity(found).text == "十分之一不到"
    found = find_quantities("成本约为460万美元,比起万亿投入可忽略。", "zh")
    assert main_quantity(found).text == "约为460万美元"


def test_claims_carry_the_components_quantities(seed_path):
    """kb.extract.claims calls find_quantities itself; it must find what the pipeline's component finds."""
    from kb.extract.article import read_article
    from kb.extract.pipeline import get_nlp

    article = read_article(seed_path)
    nlp = get_nlp(article.base_language)
    for block in article.blocks:
        doc = nlp(block.text)
        assert [span._.quantity for span in doc.spans["quantities"]] == find_quantities(block.text, article.base_language)


@pytest.mark.parametrize("words", [["seven", "seventeen", "six", "ten", "two"], ["sep", "sept", "oct"]])
def test_words_pattern_matches_as_the_flat_alternation(words):
    import re

    from kb.extract.quantities import _words_pattern

    flat = re.compile(rf"\b(?:{'|'.join(sorted(words, key=len, reverse=True))})", re.I)
    grouped = re.compile(rf"\b(?:{_words_pattern(words)})", re.I)
    text = "Seventeen, SEVEN or ſix; ten-two sept. Sep octets seventy"
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in flat.finditer(text)] != []
