"""Property tests: arbitrary text never crashes the extractor or ingest, and never half-writes.

Numbers written out in Chinese and English numerals parsing back to the same
value are covered in tests/test_numerals.py (test_chinese_numerals_round_trip,
test_english_words_round_trip); they are not repeated here.
"""

import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kb import KBError
from kb.factcheck import corroboration
from kb.store.db import open_db
from kb.extract.decoding import decode
from kb.store.ingest import prepare, store
from kb.extract.quantities import find_quantities

SEED = Path(__file__).parent.parent / "articles" / "000_b9019d560c415411.txt"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text with the things news text is made of, mixed with anything at all.
NEWSY = st.text(alphabet=st.sampled_from(list("0123456789.,%-万亿千百十一二三四五六七八九两零约超过不到美元人民币年月日每个的了。，！？；：“”()（）\n $€£abcKMBxyz ")), max_size=200)
ANY_TEXT = st.one_of(st.text(max_size=300), NEWSY, st.lists(st.one_of(st.text(max_size=40), NEWSY), max_size=6).map("\n\n".join))
# An article: mostly a title line and paragraphs ending like sentences, sometimes anything at all.
PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=80)
SENTENCE = st.tuples(st.one_of(NEWSY, PRINTABLE), st.sampled_from(["。", ".", "！", "?", ""])).map("".join)
BODY = st.lists(st.lists(SENTENCE, min_size=1, max_size=4).map("".join), min_size=1, max_size=5).map("\n\n".join)
ARTICLE = st.one_of(st.tuples(PRINTABLE, BODY).map(lambda t: f"标题{t[0]}\n\n{t[1]}"), ANY_TEXT)


def check_quantities(text: str, lang: str) -> None:
    found = find_quantities(text, lang)
    last_end = 0
    for q in found:
        assert 0 <= q.start < q.end <= len(text) and q.start >= last_end  # sorted, non-overlapping, inside the text
        assert text[q.start : q.end] == q.text
        last_end = q.end


@SETTINGS
@given(ANY_TEXT)
def test_extractor_never_crashes_zh(text):
    check_quantities(text, "zh")


@SETTINGS
@given(ANY_TEXT)
def test_extractor_never_crashes_en(text):
    check_quantities(text, "en")


@SETTINGS
@given(st.binary(max_size=400))
def test_decoding_arbitrary_bytes_gives_text_or_a_named_error(data):
    try:
        decode(data, "input.bin")
    except KBError as exc:
        assert "input.bin" in str(exc)


def dump(db_path: Path) -> dict:
    with closing(sqlite3.connect(db_path)) as conn:
        tables = [t for (t,) in conn.execute("select name from sqlite_master where type = 'table'")]
        return {t: sorted(conn.execute(f"select * from [{t}]").fetchall(), key=repr) for t in tables}


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("prop") / "base.db"
    db = open_db(path)
    with db.atomic():
        store(db, prepare(SEED))
    db.close()
    return path


class Boom(Exception):
    pass


@settings(SETTINGS, max_examples=100)
@given(text=ARTICLE, fail_at_end=st.booleans())
def test_arbitrary_text_ingests_or_is_refused_and_never_half_writes(base_db, text, fail_at_end):
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "claims.db"
        db_path.write_bytes(base_db.read_bytes())
        source = Path(folder) / "article.txt"
        source.write_text(text, encoding="utf-8", errors="surrogatepass")
        before = dump(db_path)
        try:
            prepared = prepare(source)
        except KBError as exc:
            event("refused: " + str(exc).split(": ", 1)[1][:40])
            assert str(source) in str(exc)
            assert dump(db_path) == before
            return
        event("stored" if not fail_at_end else "failed mid-store")
        db = open_db(db_path)
        original = corroboration.refresh
        if fail_at_end:  # the last step of a store fails: everything before it must be rolled back
            corroboration.refresh = lambda *args: (_ for _ in ()).throw(Boom())
        try:
            with db.atomic():
                store(db, prepared)
        except Boom:
            pass
        finally:
            corroboration.refresh = original
            db.close()
        after = dump(db_path)
        if fail_at_end:
            assert after == before
        else:
            assert len(after["articles"]) >= len(before["articles"])
            with closing(sqlite3.connect(db_path)) as conn:
                assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
                assert conn.execute("pragma foreign_key_check").fetchall() == []
