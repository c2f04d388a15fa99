"""Bylines, furniture and language as news text carries them (kb.extract.byline, furniture, language)."""

import pytest

from kb.extract.article import parse_article
from kb.extract.byline import read_byline
from kb.extract.furniture import is_furniture

BODY_ZH = "市政府今天公布，今年上半年观光客约有1,200万人次，比去年同期增加8%。\n\n官员表示，下半年将再推出三项补助措施。\n"
BODY_HANT = "市政府今天公布，今年上半年觀光客約有1,200萬人次，比去年同期增加8%。\n\n官員表示，下半年將再推出三項補助措施。\n"
BODY_EN = "The city said on Monday that about 12 million visitors came in the first half, up 8% from a year earlier.\n\nOfficials said three more subsidies would follow.\n"


@pytest.mark.parametrize("line, field, value", [
    ("2024-08-12 08:04:25", "published_at", "2024-08-12T08:04:25"),
    ("2024年8月12日 08:04", "published_at", "2024-08-12T08:04:00"),
    ("2024/08/12", "published_at", "2024-08-12"),
    ("發布時間：2024-08-12", "published_at", "2024-08-12"),
    ("记者 张三 / 北京报道", "author", "张三"),
    ("〔記者林小美／台北報導〕", "author", "林小美"),
    ("By Jane Doe, Reuters", "author", "Jane Doe"),
    ("By Jane Doe, Reuters", "origin", "Reuters"),
    ("Aug. 12, 2024 8:04 AM ET", "published_at", "2024-08-12T08:04:00-04:00"),
    ("Dec. 2, 2024 8:04 PM ET", "published_at", "2024-12-02T20:04:00-05:00"),
    ("Updated 12 August 2024", "published_at", "2024-08-12"),
    ("来源：新华社", "origin", "新华社"),
    ("Source: AP", "origin", "AP"),
    ("2024-08-12 09:30 | 来源：人民网 | 作者：王小明", "author", "王小明"),
    ("2024年8月12日 星期一 08:04", "published_at", "2024-08-12T08:04:00"),
    ("发布/2024年8月12日 08:04", "published_at", "2024-08-12T08:04:00"),
    ("August 12, 2024 at 6:00 a.m. EDT", "published_at", "2024-08-12T06:00:00-04:00"),
    ("2024-08-12T10:15:03.000Z", "published_at", "2024-08-12T10:15:03+00:00"),
    ("2024/08/12 12:04:25 中國時報 林志明", "author", "林志明"),
    ("2024年08月12日 09:30 新浪财经", "site", "新浪财经"),
    # shapes seen on real pages (through the search tool), with other names
    ("特派記者王大同/北京報導聯合報", "author", "王大同"),
    ("記者林一、陳二、張三/台北聯合報", "author", "林一、陳二、張三"),
    ("記者林一、陳二、張三/台北聯合報", "origin", "聯合報"),
    ("2020-03-09  来源: 学习时报 作者:", "author", None),
    ("2020-03-09  来源: 学习时报 作者:", "origin", "学习时报"),
    ("By JOHN SMITH Associated Press", "author", "JOHN SMITH"),
    ("By ANNA LEE, BOB KING and CARL MOORE Associated Press", "author", "ANNA LEE, BOB KING, CARL MOORE"),
    ("By ANNA LEE, BOB KING and CARL MOORE Associated Press", "origin", "AP"),
    ("2025-11-09 11:25:11 · chineseheadlinenews.com · 来源: 新智元", "site", "chineseheadlinenews.com"),
])
@pytest.mark.parametrize("body", [BODY_ZH, BODY_EN])
def test_byline_goes_to_the_article_never_to_a_claim(line, field, value, body):
    article = parse_article(f"标题 Headline\n\n{line}\n\n{body}", "byline.txt")
    assert getattr(article, field) == value
    texts = [block.text for block in article.blocks]
    assert len(texts) == 2 and all(line not in text for text in texts)
    assert {block.section for block in article.blocks} == {None}


@pytest.mark.parametrize("sentence", [
    "The index rose 2% on Aug. 12, 2024, the exchange said.",
    "2024年8月12日，台积电公布营收约2500亿元。",
    "By Monday, the fund had raised $4 million.",
    "来源地为新华社的报道称产量增长5%。",
])
def test_a_sentence_with_a_date_or_a_name_is_not_a_byline(sentence):
    assert read_byline(sentence) is None


@pytest.mark.parametrize("line", [
    "（圖／路透）", "（中央社）", "Photo: Reuters/John Smith", "图片来源：视觉中国", "责任编辑：王芳", "【责任编辑：王芳】",
    "（編輯：陳美玲）1130812", "Share this article", "Follow us on X", "订阅我们的微信公众号", "點我下載APP",
    "延伸閱讀", "相关阅读：", "Related", "Advertisement", "廣告", "© 2024 Example News. All rights reserved.",
    "本網站之文字、圖片及影音，非經授權，不得轉載。", "Reporting by Jane Doe; Editing by Mark Brown", "▲市長出席記者會。（記者王大明攝）",
    "☆自由時報電子報提醒您：請注意安全☆", "2024 / 08/ / 12 08:04", "Updated: 15 hr ago", "3小时前", "Read More.",
    "Continue Reading", "This article was posted by AP News.",
])
def test_furniture_by_shape(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "The copyright dispute cost the studio $3 million.", "加入世贸组织后，中国出口增长了约五倍。",
    "分享经济的规模去年达到3.2万亿元。", "Follow-up tests showed a 12% drop in cases.", "Officials said three more subsidies would follow.",
])
def test_body_sentences_are_not_furniture(line):
    assert not is_furniture(line)


@pytest.mark.parametrize("lead, origin", [
    ("SPRINGFIELD, Ill. (AP) — ", "AP"), ("ST. PAUL, Minn. (AP) — ", "AP"), ("LONDON, Aug 12 (Reuters) - ", "Reuters"),
    ("New York CNN — ", "CNN"), ("CAPE MAY, N.J. — ", None),
])
def test_english_datelines_are_cut(lead, origin):
    article = parse_article(f"Title\n\n{lead}The council approved a budget of $5.6 million on Monday.\n", "wire.txt")
    assert article.blocks[0].text == "The council approved a budget of $5.6 million on Monday."
    assert article.origin == origin


def test_datelines_are_cut_and_read():
    article = parse_article("台積電營收\n\n（中央社記者林家豪台北12日電）台積電今天公布營收約新台幣2569億元。\n\n法人預估營收可望再增一成。（中央社）\n", "cna.txt")
    assert article.blocks[0].text == "台積電今天公布營收約新台幣2569億元。"
    assert article.blocks[1].text == "法人預估營收可望再增一成。"
    assert (article.author, article.origin) == ("林家豪", "中央社")
    for block in article.blocks:
        assert article.text[block.start : block.start + len(block.text)] == block.text


@pytest.mark.parametrize("body, language", [
    (BODY_ZH, "zh-Hans"),
    (BODY_HANT, "zh-Hant"),
    (BODY_EN, "en"),
    ("Chip maker TSMC (台積電) said on Monday that revenue rose 45% in July, and its chairman, Wei Che-chia (魏哲家), "
     "expects demand for AI chips to stay strong through next year, analysts in Taipei said.\n", "en"),
])
def test_language_by_article(body, language):
    assert parse_article(f"Title\n\n{body}", "lang.txt").language == language


def test_html_lang_of_a_template_does_not_override_the_text():
    html = ("<html lang='en'><head><title>颱風過境</title></head><body><article><h1>颱風過境</h1>"
            "<p>農業部今天統計，颱風造成的農業損失約新台幣3億2000萬元，以香蕉與蔬菜受損最重。</p>"
            "<p>農業部表示，受災農民可在兩週內申請現金救助，每公頃最高補助新台幣4萬元。</p></article></body></html>")
    assert parse_article(html, "page.html").language == "zh-Hant"
