"""Adversarial input to the commands: exploding YAML, special files, a failing disk, wrong ids,
endless lines, NUL and invisible characters, hostile URLs. Each gets one clean error (or warning)
naming the file, and nothing half-written. Slow cases (5 MB inputs) are marked `slow`."""

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
import yaml

from kb import KBError
from kb.extract.claims import MAX_CLAIM_CHARS
from kb.factcheck.evidence import CitationInput, MAX_TEXT_CHARS, validate_citation
from kb.factcheck.files import FACTCHECKS, apply_folder, load, load_bulk
from kb.store.db import open_db, writing
from kb.store.ids import claim_id
from kb.store.ingest import prepare

KB = [sys.executable, "-m", "kb.cli"]
SEED_FACTS = FACTCHECKS / "h2z4v47rjf.yml"
SLOW = pytest.mark.skipif(os.environ.get("CI") != "true" and not os.environ.get("CLAIMKB_SLOW"),
                          reason="slow: runs under CI=true (or CLAIMKB_SLOW=1)")

LAUGHS = """article: h2z4v47rjf
title: x
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
claims: []
"""


def run(*args, timeout=120, env=None, preexec_fn=None):
    return subprocess.run([*KB, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, preexec_fn=preexec_fn)


def dump(db: Path) -> dict:
    with closing(sqlite3.connect(db)) as conn:
        tables = [t for (t,) in conn.execute("select name from sqlite_master where type = 'table' and name not like '%_fts%'")]
        return {t: sorted(conn.execute(f"select * from [{t}]").fetchall(), key=repr) for t in tables}


def one_error_line(done) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "unexpected" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert lines, done.stderr
    return lines[0]


def first_claim(db: Path) -> str:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("select id from claims order by position limit 1").fetchone()[0]


# 16.4: YAML cannot explode


def test_yaml_aliases_are_refused_with_file_and_line(tmp_path):
    path = tmp_path / "laughs.yml"
    path.write_text(LAUGHS, encoding="utf-8")
    with pytest.raises(KBError, match=rf"{path}: line 3: YAML anchor &a is not allowed"):
        load(path)


def test_cite_file_with_aliases_is_refused_quickly(tmp_path, seed_db):
    path = tmp_path / "rows.yml"
    path.write_text(f"- &row {{claim: {first_claim(seed_db)}, url: 'https://example.org/a', stance: context}}\n- *row\n",
                    encoding="utf-8")
    before = dump(seed_db)
    line = one_error_line(run("cite", "--file", path, "--db", seed_db, "--factchecks", tmp_path / "fc", timeout=60))
    assert str(path) in line and "line 1" in line
    assert dump(seed_db) == before


def test_oversized_text_fields_and_files_are_refused(tmp_path, seed_db):
    with pytest.raises(KBError, match=f"note is {MAX_TEXT_CHARS + 1:,} characters"):
        validate_citation(CitationInput(url="https://example.org/", stance="context", note="x" * (MAX_TEXT_CHARS + 1)), "row 1")
    big = tmp_path / "big.yml"
    with big.open("w", encoding="utf-8") as f:
        f.write("- {claim: x, url: 'https://example.org/', stance: context, note: '")
        f.write("y" * 21_000_000)
        f.write("'}\n")
    with open_db(seed_db) as db:
        with pytest.raises(KBError, match=rf"{big}: fact-check file is [\d,]+ bytes; at most"):
            load_bulk(big, db)


# 16.5: only regular files


def test_fifo_and_device_are_named_and_the_others_go_on(tmp_path, seed_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text("Budget story\n\nThe council approved a budget of $5.6 million.\n", encoding="utf-8")
    db = tmp_path / "x.db"
    done = run("ingest", fifo, "/dev/zero", good, "--db", db, timeout=120)
    assert done.returncode == 1
    assert f"error: {fifo}: a FIFO (named pipe), not a regular file" in done.stderr
    assert "error: /dev/zero: a character device, not a regular file" in done.stderr
    assert " added, " in done.stdout and "Traceback" not in done.stderr
    articles = tmp_path / "articles"
    done = run("add", fifo, good, "--db", tmp_path / "y.db", "--articles", articles, timeout=120)
    assert done.returncode == 1 and f"{fifo}: a FIFO" in done.stderr
    assert (articles / "good.txt").exists() and not (articles / "pipe.txt").exists()
    done = run("cite", "--file", fifo, "--db", db, "--factchecks", tmp_path / "fc", timeout=60)
    assert f"{fifo}: a FIFO" in one_error_line(done)


def test_folder_symlinks_leading_outside_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret story\n\nThe secret budget grew 5%.\n", encoding="utf-8")
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text("Budget story\n\nThe council approved a budget of $5.6 million.\n", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "inner.txt").symlink_to(folder / "good.txt")  # inside the folder: followed
    os.mkfifo(folder / "pipe.txt")
    db = tmp_path / "x.db"
    done = run("ingest", folder, "--db", db)
    assert f"warning: {folder / 'link.txt'}: a symlink leading outside {folder}" in done.stderr
    assert f"warning: {folder / 'pipe.txt'}: a FIFO" in done.stderr
    with closing(sqlite3.connect(db)) as conn:
        texts = [t for (t,) in conn.execute("select text from claims")]
    assert not any("secret" in t for t in texts) and any("council" in t for t in texts)


def test_unreadable_file_is_reported_and_the_others_ingested(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    bad = tmp_path / "bad.txt"
    bad.write_text("Story\n\nIt grew 5%.\n", encoding="utf-8")
    bad.chmod(0)
    good = tmp_path / "good.txt"
    good.write_text("Budget story\n\nThe council approved a budget of $5.6 million.\n", encoding="utf-8")
    done = run("ingest", bad, good, "--db", tmp_path / "x.db")
    assert done.returncode == 1 and f"error: {bad}: cannot read" in done.stderr and " added, " in done.stdout


# 16.6: clean errors for the disk and other processes


def small_file_limit(limit=8192):
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_disk_full_gives_one_error_line_and_writes_nothing(tmp_path, seed_db, seed_path):
    cid = first_claim(seed_db)
    before = dump(seed_db)
    fc = tmp_path / "fc"
    commands = [
        ("cite", cid, "--url", "https://example.org/full", "--stance", "supports", "--note", "n" * 4000, "--db", seed_db, "--factchecks", fc),
        ("verdict", cid, "--status", "unverifiable", "--note", "n" * 4000, "--author", "desk", "--db", seed_db, "--factchecks", fc),
    ]
    for args in commands:
        line = one_error_line(run(*args, preexec_fn=small_file_limit()))
        assert "disk full" in line, line
        assert dump(seed_db) == before
        assert not list(fc.glob("*")) if fc.exists() else True
    big = tmp_path / "big.txt"
    big.write_text("Big story\n\n" + "".join(f"The council approved a budget of ${n}.5 million in round {n}.\n" for n in range(3000)), encoding="utf-8")
    line = one_error_line(run("ingest", big, "--db", seed_db, preexec_fn=small_file_limit(len(seed_db.read_bytes()) + 4096)))
    assert "disk full" in line and dump(seed_db) == before
    target = tmp_path / "built.db"
    shutil.copyfile(seed_db, target)
    line = one_error_line(run("build", "--db", target, preexec_fn=small_file_limit(200_000), timeout=300))
    assert "disk full" in line and str(target) in line
    assert dump(target) == before and not list(tmp_path.glob("built.db.building*"))


def test_lock_held_past_the_timeout(tmp_path, seed_db, seed_path):
    cid = first_claim(seed_db)
    env = {"CLAIMKB_BUSY_TIMEOUT_MS": "300"}
    with closing(sqlite3.connect(seed_db, isolation_level=None)) as holder:
        holder.execute("begin exclusive")
        for args in (("cite", cid, "--url", "https://example.org/l", "--stance", "context"),
                     ("verdict", cid, "--status", "unverifiable", "--note", "n", "--author", "a")):
            line = one_error_line(run(*args, "--db", seed_db, "--factchecks", tmp_path / "fc", env=env))
            assert f"{seed_db}: locked by another process" in line
        done = run("ingest", tmp_path / "none.txt", seed_path, "--db", seed_db, env=env)
        assert f"error: {seed_db}: locked by another process" in done.stderr and "unexpected" not in done.stderr
        holder.execute("rollback")
    assert not (tmp_path / "fc").exists() or not list((tmp_path / "fc").glob("*"))


def test_read_only_database(tmp_path, seed_db):
    cid = first_claim(seed_db)
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = False
    if os.geteuid() == 0:
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], capture_output=True).returncode:
            pytest.skip("cannot mount a filesystem here")
        mounted = True
    try:
        db = folder / "claims.db"
        shutil.copyfile(seed_db, db)
        if mounted:
            assert subprocess.run(["mount", "-o", "remount,ro", str(folder)]).returncode == 0
        else:
            db.chmod(0o444)
            folder.chmod(0o555)
        before = dump(db)
        for args in (("cite", cid, "--url", "https://example.org/ro", "--stance", "context"),
                     ("verdict", cid, "--status", "unverifiable", "--note", "n", "--author", "a")):
            line = one_error_line(run(*args, "--db", db, "--factchecks", tmp_path / "fc"))
            assert str(db) in line and ("read-only" in line or "cannot write" in line), line
        assert dump(db) == before
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)])
        else:
            folder.chmod(0o755)


# 16.7: a wrong claim id in a fact-check file


def test_wrong_claim_id_is_an_error_naming_the_closest_claims(tmp_path, seed_db):
    data = yaml.safe_load(SEED_FACTS.read_text(encoding="utf-8"))
    real = data["claims"][0]["claim"]
    data["claims"][0]["claim"] = real[:-1] + ("x" if real[-1] != "x" else "y")
    folder = tmp_path / "fc"
    folder.mkdir()
    (folder / SEED_FACTS.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    db = open_db(seed_db)
    with pytest.raises(KBError) as error:
        with writing(db):
            apply_folder(db, folder)
    message = str(error.value)
    assert f"{folder / SEED_FACTS.name}: claims[1]: claim {data['claims'][0]['claim']!r}" in message
    assert f"closest current claims: {real}" in message


def test_a_really_superseded_claim_is_kept_with_a_warning(tmp_path, seed_db):
    data = yaml.safe_load(SEED_FACTS.read_text(encoding="utf-8"))
    text = "一句后来被删掉的话,说成本约为100万美元。"
    data["claims"][0].update({"claim": claim_id(data["article"], text, 0), "text": text})
    folder = tmp_path / "fc"
    folder.mkdir()
    (folder / SEED_FACTS.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    db = open_db(seed_db)
    with writing(db):
        lines = apply_folder(db, folder)
    assert any(line.startswith(f"warning: {folder / SEED_FACTS.name}: claims[1]: claim {data['claims'][0]['claim']}") for line in lines)
    row = db["claims"].get(data["claims"][0]["claim"])
    assert row["superseded_at"] and row["text"] == text


# 16.8: claims are sentences


def test_long_sentence_is_cut_at_clause_punctuation(tmp_path):
    clause = "the council said the budget for roads and schools would grow by 5% next year"
    path = tmp_path / "long.txt"
    path.write_text("Long story\n\n" + ", ".join([clause] * 40) + ".\n", encoding="utf-8")
    claims = prepare(path).claims
    assert len(claims) > 1 and all(len(c.text) <= MAX_CLAIM_CHARS for c in claims)
    assert all(c.text.startswith("the council") for c in claims)  # never cut mid-word


@pytest.mark.parametrize("body", ["x" * 300_000, "啊" * 300_000, "。" * 300_000, "，" * 300_000, "7" * 300_000])
def test_endless_lines_are_refused_with_their_position(tmp_path, body):
    path = tmp_path / "endless.txt"
    path.write_text("A title\n\nIt grew 5%.\n\n" + body + "\n", encoding="utf-8")
    with pytest.raises(KBError, match=rf"{path}: characters [\d,]+ to [\d,]+: "):
        prepare(path)


def test_bare_numbers_are_not_claims(tmp_path):
    path = tmp_path / "numbers.txt"
    path.write_text("Figures\n\n" + "\n\n".join(f"{n}。" for n in range(1, 500)) + "\n\nThe budget grew 5%.\n", encoding="utf-8")
    assert [c.text for c in prepare(path).claims] == ["The budget grew 5%."]


@SLOW
@pytest.mark.slow
def test_five_megabytes_of_one_character_are_refused(tmp_path):
    for n, ch in enumerate("x啊。"):
        path = tmp_path / f"five{n}.txt"
        path.write_text("Title\n\n" + ch * 5_000_000 + "\n", encoding="utf-8")
        done = run("ingest", path, "--db", tmp_path / "x.db", timeout=180)
        assert done.returncode == 1 and f"error: {path}: characters" in done.stderr


# 16.9: NUL and invisible characters


@pytest.mark.parametrize("size", [1, 2000, 200_000])
@pytest.mark.parametrize("sentence", ["预算增长了百分之五。", "The budget grew 5%. "])
def test_nul_gets_the_same_answer_at_any_size_and_language(tmp_path, size, sentence):
    path = tmp_path / "nul.txt"
    text = "Title\n\n" + sentence * size
    path.write_bytes((text[: len(text) // 2] + "\x00" + text[len(text) // 2:]).encode("utf-8"))
    with pytest.raises(KBError, match=rf"{path}: a NUL byte at byte [\d,]+ of otherwise UTF-8 text"):
        prepare(path)


def test_bidi_controls_are_removed_from_articles_and_citations(tmp_path, seed_db):
    path = tmp_path / "bidi.txt"
    path.write_text("Budget \u202estory\u202c\n\nThe budget grew \u202e5.3%\u202c this year.\u200b\n", encoding="utf-8")
    prepared = prepare(path)
    assert "\u202e" not in prepared.article.text and "\u200b" not in prepared.article.text
    assert [c.text for c in prepared.claims] == ["The budget grew 5.3% this year."]
    c = validate_citation(CitationInput(url="https://example.org/", stance="context", title="A \u202etitle", quote="It grew\u2066 5%."), "row 1")
    assert c.title == "A title" and c.quote == "It grew 5%."


# 16.10: strict URLs


@pytest.mark.parametrize("url", ["https://example.org/a\tb", "https://example.org/a\nb", 'https://example.org/"x',
                                 "https:///path", "ftp://example.org/", "javascript:alert(1)", "https://exa mple.org/",
                                 "https://example.org:port/", "https://\u202eexample.org/", "example.org/page"])
def test_malformed_urls_are_refused(url):
    with pytest.raises(KBError, match="row 3: malformed url"):
        validate_citation(CitationInput(url=url, stance="context"), "row 3")


def test_good_urls_pass():
    for url in ("https://example.org/a?b=c&d=%20#x", "http://sub.example.co.uk:8080/路径", "https://[::1]/x"):
        assert validate_citation(CitationInput(url=url, stance="context"), "row").url == url


# 16.11: many citations to one claim


def test_many_citations_to_one_claim_are_all_indexed(tmp_path, seed_db):
    cid = first_claim(seed_db)
    rows = tmp_path / "rows.csv"
    rows.write_text("claim,url,stance,quote\n" + "".join(f"{cid},https://example.org/{n},context,Quote number q{n}x.\n" for n in range(2000)),
                    encoding="utf-8")
    done = run("cite", "--file", rows, "--db", seed_db, "--factchecks", tmp_path / "fc", timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2000 citation(s) added")
    with closing(sqlite3.connect(seed_db)) as conn:
        quotes = conn.execute("select quote_search from claims where id = ?", [cid]).fetchone()[0]
    assert "q1999x" in quotes.replace(" ", "") and "q0x" in quotes.replace(" ", "")
    assert len(load(tmp_path / "fc" / SEED_FACTS.name).claims[0].citations) == 2000


# 16.12: literal domains in the canned query


async def test_claims_citing_domain_takes_the_domain_literally(tmp_path, seed_db, datasette_for):
    cid = first_claim(seed_db)
    for n, url in enumerate(["https://news.a_b.com/x", "https://news.axb.com/y", "https://a%b.org/z"]):
        assert run("cite", cid, "--url", url, "--stance", "context", "--db", seed_db, "--factchecks", tmp_path / "fc").returncode in (0, 1)
    ds = datasette_for(seed_db)
    for domain, expected in (("a_b.com", ["https://news.a_b.com/x"]), ("axb.com", ["https://news.axb.com/y"]), ("%.com", [])):
        response = await ds.client.get("/claims/claims_citing_domain.json", params={"domain": domain, "_shape": "array"})
        assert response.status_code == 200
        assert [row["url"] for row in response.json()] == expected, domain


def test_citing_a_superseded_claim_warns(tmp_path, seed_db):
    cid = first_claim(seed_db)
    with closing(sqlite3.connect(seed_db)) as conn, conn:
        conn.execute("update claims set superseded_at = '2026-01-02T00:00:00+00:00' where id = ?", [cid])
    done = run("cite", cid, "--url", "https://example.org/old", "--stance", "context", "--db", seed_db, "--factchecks", tmp_path / "fc")
    assert done.returncode == 0, done.stderr
    assert f"warning: claim {cid} is superseded (its sentence left the article on 2026-01-02)" in done.stderr
