import pytest

from kb.extract.pipeline import get_nlp


def sentences(text: str, lang: str) -> list[str]:
    return [s.text.strip() for s in get_nlp(lang, with_quantities=False)(text).sents]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("高达1.4万亿美元的基础设施蓝图。下一句。", ["高达1.4万亿美元的基础设施蓝图。", "下一句。"]),
        ("他问：“是真的吗？”她说。", ["他问：“是真的吗？”", "她说。"]),
        ("这是真的吗？“是的。”他说。", ["这是真的吗？", "“是的。”", "他说。"]),
        ("难道真的站不住脚了?当然不是。", ["难道真的站不住脚了?", "当然不是。"]),
        ("约为1.25美元(约9元),输出token高达10美元(约71元)。", ["约为1.25美元(约9元),输出token高达10美元(约71元)。"]),
        ("不到3.5%的智力。１．４万亿。", ["不到3.5%的智力。", "１．４万亿。"]),
    ],
)
def test_chinese_boundaries(text, expected):
    assert sentences(text, "zh") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The U.S. firm paid $5.6 million. Dr. Smith said growth was 3.5% in Jan. 2025.",
            ["The U.S. firm paid $5.6 million.", "Dr. Smith said growth was 3.5% in Jan. 2025."],
        ),
        ('"Really?" she asked. "Yes." He left!', ['"Really?" she asked.', '"Yes."', "He left!"]),
    ],
)
def test_english_boundaries(text, expected):
    assert sentences(text, "en") == expected


def test_stock_sentencizer_gets_these_wrong():
    """Guards the reason this component exists: if spaCy fixes these, ours can go."""
    import spacy

    jieba = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    jieba.add_pipe("sentencizer")
    assert [s.text for s in jieba("这是真的吗？“是的。”他说。").sents][0] == "这是真的吗？“"
    per_character = spacy.blank("zh")
    per_character.add_pipe("sentencizer")
    assert [s.text for s in per_character("高达1.4万亿美元的蓝图。").sents][0] == "高达1."
