from pathlib import Path

import pytest

from kb import KBError
from kb.extract.article import parse_article, read_article

HEADLINE_LIST_WORDS = ["吴亦凡", "内蒙古禁飞区", "更多>>", "24小时新闻排行榜", "凤姐"]


@pytest.fixture(scope="module")
def seed(seed_path):
    return read_article(seed_path)


def test_title_and_byline(seed):
    assert seed.title == "小成本DeepSeek和Kimi,令奥特曼破防"
    assert seed.published_at == "2025-11-09T11:25:11"
    assert seed.site == "chineseheadlinenews.com"
    assert seed.origin == "新智元"
    assert seed.language == "zh-Hans"


def test_headline_list_is_not_body(seed):
    body = "\n".join(block.text for block in seed.blocks)
    for word in HEADLINE_LIST_WORDS:
        assert word not in body
    assert seed.blocks[-1].text.startswith("最危险的对手")


def test_headings_are_sections_not_body(seed):
    texts = [block.text for block in seed.blocks]
    assert "技术路径的胜利" not in texts and "巧用架构胜过砸钱堆料" not in texts
    sections = {block.section for block in seed.blocks}
    assert "技术路径的胜利 / 巧用架构胜过砸钱堆料" in sections
    assert "开源风暴的经济学冲击" in sections
    moe = next(block for block in seed.blocks if "384个" in block.text)
    assert moe.section == "技术路径的胜利 / 巧用架构胜过砸钱堆料"


def test_block_offsets_point_into_text(seed):
    for block in seed.blocks:
        assert seed.text[block.start : block.start + len(block.text)] == block.text


def test_headline_list_detected_by_shape_not_words():
    """Another site's list: other words, other marker, same shape."""
    text = (
        "A Headline\n\nMarch 3, 2024\n\nThe council approved the budget on Monday. It grows 4%.\n\n"
        "Most read »\n1. Storm hits coast\n2. Team wins final\n3. Prices rise again\n4. New bridge opens\n"
    )
    article = parse_article(text, "other.txt")
    body = " ".join(block.text for block in article.blocks)
    assert "Storm hits" not in body and "Most read" not in body
    assert "budget" in body


def test_front_matter_sets_metadata():
    text = "---\nurl: https://example.org/a\nsite: example.org\npublished_at: 2024-05-01\nlanguage: en\n---\nTitle here\n\nThe plan costs $5 million.\n"
    article = parse_article(text, "fm.txt")
    assert (article.url, article.site, article.published_at, article.language) == (
        "https://example.org/a",
        "example.org",
        "2024-05-01",
        "en",
    )
    assert article.title == "Title here"


def test_front_matter_unknown_key_is_an_error():
    with pytest.raises(KBError, match="fm.txt.*unknown front matter keys"):
        parse_article("---\nwriter: x\n---\nT\n\nBody.\n", "fm.txt")


def test_html_main_content_through_trafilatura():
    html = (
        "<html><head><title>Prices fall</title></head><body><nav><a href='/'>Home</a><a href='/x'>World</a></nav>"
        "<article><h1>Prices fall</h1><p>Prices fell by 3.5% in May, the statistics office said on Tuesday in its monthly report.</p>"
        "<p>Economists had expected a smaller fall of about 2% according to a survey of forty analysts.</p></article>"
        "<footer>Copyright 2024</footer></body></html>"
    )
    article = parse_article(html, "page.html")
    body = " ".join(block.text for block in article.blocks)
    assert "3.5%" in body and "Home" not in body and "Copyright" not in body
    assert article.title == "Prices fall"
    assert article.language == "en"


@pytest.mark.parametrize("text", ["", "   \n\n  \t\n"])
def test_empty_is_refused(text):
    with pytest.raises(KBError, match="empty.txt"):
        parse_article(text, "empty.txt")


def test_english_language_detected(tmp_path: Path):
    path = tmp_path / "en.txt"
    path.write_text("Budget approved\n\nThe council approved a budget of $5.6 million.\n", encoding="utf-8")
    assert read_article(path).language == "en"
