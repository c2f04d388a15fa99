"""Sources in every encoding Chinese and English news comes in decode to the same text.

The encoded files are made here from the seed article (and, for Big5, its
Traditional Chinese form in tests/data/seed_traditional.txt, made once with
OpenCC `s2tw`), and from short texts, where detectors guess wrong most often.
"""

import codecs
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kb import KBError
from kb.extract.article import read_article
from kb.extract.decoding import decode

KB = [sys.executable, "-m", "kb.cli"]
DATA = Path(__file__).parent / "data"
SEED = Path(__file__).parent.parent / "articles" / "000_b9019d560c415411.txt"

SIMPLIFIED = {
    "seed": SEED.read_text(encoding="utf-8"),
    "two_sentences": "测试标题\n\n公司去年营收增长了百分之十五，达到三亿元。专家认为这一数字被高估了。\n",
    "one_sentence": "今年增长了百分之五。\n",
    "tiny": "股价上涨5%。",
}
TRADITIONAL = {
    "seed_traditional": (DATA / "seed_traditional.txt").read_text(encoding="utf-8"),
    "two_sentences_tw": "測試標題\n\n公司去年營收增長了百分之十五，達到三億元。專家認為這一數字被高估了。\n",
    "tiny_tw": "他說。",
}
ENGLISH = {
    "english": "Budget story\n\nThe council approved a budget of $5.6 million. It grew 3.5%.\n",
    "english_cp1252": "Café story\n\nThe café’s “naïve” budget rose 5% — to €3 million.\n",
}
UNICODE = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]
CASES = (
    [(name, text, enc) for name, text in {**SIMPLIFIED, **TRADITIONAL, **ENGLISH}.items() for enc in UNICODE]
    + [(name, text, enc) for name, text in SIMPLIFIED.items() for enc in ("gb18030", "gbk")]
    + [(name, text, "gb2312") for name, text in SIMPLIFIED.items() if name != "seed"]  # the seed has GBK-only characters
    + [(name, text, enc) for name, text in TRADITIONAL.items() for enc in ("big5", "gb18030")]
    + [(name, text, enc) for name, text in ENGLISH.items() for enc in ("cp1252", "gb18030")]
)


@pytest.mark.parametrize("name, text, encoding", CASES, ids=[f"{n}-{e}" for n, _, e in CASES])
def test_decodes_to_the_original_text(name, text, encoding):
    assert decode(text.encode(encoding), name).lstrip("\ufeff") == text


@pytest.mark.parametrize("encoding", ["gbk", "big5", "utf-16-le"])
def test_seed_in_legacy_encoding_ingests_like_utf8(tmp_path, encoding):
    source = TRADITIONAL["seed_traditional"] if encoding == "big5" else SIMPLIFIED["seed"]
    utf8, other = tmp_path / "utf8.txt", tmp_path / f"{encoding}.txt"
    utf8.write_text(source, encoding="utf-8")
    other.write_bytes(source.encode(encoding))
    a, b = read_article(utf8), read_article(other)
    assert (a.title, a.text, a.published_at, [x.text for x in a.blocks]) == (b.title, b.text, b.published_at, [x.text for x in b.blocks])


def test_declared_encoding_in_front_matter_wins(tmp_path):
    # Latin-1 bytes that GB18030 would also read (as wrong Chinese): the declaration decides.
    text = "---\nencoding: latin-1\n---\nCafé\n\nLe café coûte 3 €uros à Noël.\n"
    path = tmp_path / "declared.txt"
    path.write_bytes(text.encode("latin-1", errors="replace"))
    assert read_article(path).blocks[0].text.startswith("Le café coûte")


def test_html_meta_charset_is_honoured():
    html = '<html><head><meta charset="gbk"><title>标题</title></head><body><p>营收增长了百分之五。</p></body></html>'
    assert "营收增长了百分之五" in decode(html.encode("gbk"), "page.html")


def test_wrong_declared_encoding_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "liar.txt"
    path.write_bytes("---\nencoding: ascii\n---\n标题\n\n增长了百分之五。\n".encode("utf-8"))
    with pytest.raises(KBError, match="liar.txt.*ascii"):
        read_article(path)


BINARY = {
    "random.txt": bytes(random.Random(1).randrange(256) for _ in range(5000)),
    "random_high.txt": bytes(random.Random(2).randrange(128, 256) for _ in range(5000)),
    "gzip.txt": codecs.encode("测试".encode("utf-8") * 500, "zlib"),
    "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(random.Random(3).randrange(256) for _ in range(3000)),
    "program.txt": Path(sys.executable).read_bytes()[:50000],
    "korean_euckr.txt": ("서울 시는 올해 예산을 5% 늘렸다고 밝혔다. 전문가들은 이 수치가 과대평가되었다고 말했다.\n" * 3).encode("euc-kr"),
}


@pytest.mark.parametrize("name", BINARY)
def test_binary_or_undecodable_input_is_refused_naming_the_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BINARY[name])
    with pytest.raises(KBError, match=name):
        read_article(path)


def test_binary_file_through_the_cli_writes_nothing(tmp_path):
    bad = tmp_path / "blob.txt"
    bad.write_bytes(BINARY["random.txt"])
    done = subprocess.run([*KB, "ingest", str(bad), "--db", str(tmp_path / "x.db")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "blob.txt" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.db").exists()


def test_gbk_article_through_the_cli(tmp_path):
    path = tmp_path / "short_gbk.txt"
    path.write_bytes(SIMPLIFIED["two_sentences"].encode("gbk"))
    db = tmp_path / "x.db"
    done = subprocess.run([*KB, "ingest", str(path), "--db", str(db)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        texts = [t for (t,) in conn.execute("select text from claims order by position")]
    assert texts == ["公司去年营收增长了百分之十五，达到三亿元。", "专家认为这一数字被高估了。"]
