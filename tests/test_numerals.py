import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.extract.numerals import adjacent_pair_high, en_words_to_number, fold, zh_to_number


@pytest.mark.parametrize(
    "text, value",
    [
        ("1.4万亿", 1.4e12),
        ("320亿", 3.2e10),
        ("15.5万亿", 1.55e13),
        ("１．４万亿", 1.4e12),
        ("1,234", 1234),
        ("八", 8),
        ("两千三百万", 2.3e7),
        ("一亿", 1e8),
        ("万亿", 1e12),
        ("百万", 1e6),
        ("十五万亿", 1.5e13),
        ("一点五亿", 1.5e8),
        ("九萬四", 94000),
        ("负四十五亿零四百零四万", -4504040000),
        ("5万4千6百", 54600),
        ("二三十", 20),
    ],
)
def test_zh_to_number(text, value):
    assert zh_to_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["万一", "十全十美", "", "abc"])
def test_zh_to_number_rejects_non_numerals(text):
    assert zh_to_number(text) is None


def test_adjacent_pair_is_a_range_only_for_neighbouring_digits():
    assert adjacent_pair_high("三四百") == 400
    assert adjacent_pair_high("三五百") is None


def test_fold_keeps_length_and_the_fullwidth_comma():
    text = "１．４万亿，ＵＳ＄５　萬"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "1.4万亿，US$5 万"


@pytest.mark.parametrize(
    "words, value",
    [
        ("ten", 10),
        ("twenty-one", 21),
        ("two hundred and five", 205),
        ("a million", 1e6),
        ("one thousand nine hundred", 1900),
        ("three billion four hundred million", 3.4e9),
    ],
)
def test_en_words_to_number(words, value):
    assert en_words_to_number([words]) == value


def test_en_words_to_number_rejects_other_words():
    assert en_words_to_number(["ten apples"]) is None


_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _say(n: int) -> str:
    """English words for 0 <= n < 10**12 (test oracle, independent of the parser)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10 - 2] + ("-" + _ONES[n % 10] if n % 10 else "")
    if n < 1000:
        return _ONES[n // 100] + " hundred" + (" and " + _say(n % 100) if n % 100 else "")
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            rest = n % scale
            return _say(n // scale) + " " + name + (" " + _say(rest) if rest else "")
    raise AssertionError(n)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_english_words_round_trip(n):
    assert en_words_to_number([_say(n)]) == n


@given(st.integers(min_value=1, max_value=10**12))
def test_chinese_numerals_round_trip(n):
    assert zh_to_number(cn2an.an2cn(n)) == n
