"""Citations, verdicts and their history, through the commands users run."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kb import PROJECT_ROOT
from kb.store.db import open_db
from kb.store.ingest import ingest_paths

KB = [sys.executable, "-m", "kb.cli"]
SOURCE = dict(url="https://example.org/report", title="Report", publisher="Example", published_at="2025-01-02",
              quote="It cost 71.3 units.")


@pytest.fixture
def env(seed_db, tmp_path):
    return {"db": seed_db, "fc": tmp_path / "factchecks"}


def kb(env, *args, module=None):
    cmd = [sys.executable, "-m", module] if module else KB
    return subprocess.run([*cmd, *args, "--db", str(env["db"]), "--factchecks", str(env["fc"])],
                          capture_output=True, text=True, timeout=120)


def q(env, sql, params=()):
    with sqlite3.connect(env["db"]) as conn:
        return conn.execute(sql, params).fetchall()


def cite_args(**overrides):
    values = {**SOURCE, "stance": "supports", **overrides}
    return [arg for k, v in values.items() for arg in (f"--{k.replace('_', '-')}", v)]


def snapshot(env):
    files = {p.name: p.read_text(encoding="utf-8") for p in env["fc"].glob("*")} if env["fc"].exists() else {}
    return q(env, "select * from citations order by id"), q(env, "select * from verdicts order by id"), \
        q(env, "select id, status from claims order by id"), files


def test_cite_by_match_writes_database_and_factcheck_file(env):
    done = kb(env, "cite", "--match", "71.3%", *cite_args())
    assert done.returncode == 0, done.stderr
    (claim_id,) = q(env, "select claim_id from citations")[0]
    assert "71.3%" in q(env, "select text from claims where id = ?", [claim_id])[0][0]
    data = yaml.safe_load(next(env["fc"].glob("*.yml")).read_text(encoding="utf-8"))
    assert data["claims"][0]["claim"] == claim_id
    assert data["claims"][0]["citations"][0]["url"] == SOURCE["url"]


def test_same_command_through_ingest_script(env):
    done = kb(env, "--match", "71.3%", *cite_args(), module="ingest.citation")
    assert done.returncode == 0, done.stderr
    assert q(env, "select count(*) from citations") == [(1,)]


def test_match_must_be_unique(env):
    none = kb(env, "cite", "--match", "no such words", *cite_args())
    assert none.returncode != 0 and "no claim contains" in none.stderr
    several = kb(env, "cite", "--match", "GPT-5", *cite_args())
    assert several.returncode != 0 and "claims contain 'GPT-5'" in several.stderr
    assert several.stderr.count("\n  ") >= 2  # candidates listed, one per line
    assert q(env, "select count(*) from citations") == [(0,)]


@pytest.mark.parametrize(
    "args, message",
    [
        (["nosuchclaim", *cite_args()], "unknown claim id 'nosuchclaim'"),
        (["--match", "71.3%", *cite_args(url="example.org/no-scheme")], "malformed url"),
        (["--match", "71.3%", *cite_args(stance="agrees")], "unknown stance 'agrees'"),
        (["--match", "71.3%", *cite_args(published_at="yesterday")], "invalid date"),
    ],
)
def test_bad_citation_is_refused_and_nothing_written(env, args, message):
    done = kb(env, "cite", *args)
    assert done.returncode != 0 and message in done.stderr
    assert q(env, "select count(*) from citations") == [(0,)] and not env["fc"].exists()


def write_rows(path: Path, rows: list[dict]):
    if path.suffix == ".csv":
        import csv

        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        path.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".yml", ".csv"])
def test_bulk_file_applies_once(env, tmp_path, suffix):
    rows = [{"match": "71.3%", **SOURCE, "stance": "supports"},
            {"match": "384个", **SOURCE, "quote": "384 experts.", "stance": "supports"}]
    bulk = write_rows(tmp_path / f"c{suffix}", rows)
    first = kb(env, "cite", "--file", str(bulk))
    assert first.returncode == 0 and "2 citation(s) added" in first.stdout
    state = snapshot(env)
    second = kb(env, "cite", "--file", str(bulk))
    assert second.returncode == 0 and "0 citation(s) added" in second.stdout
    assert snapshot(env) == state


def test_bulk_file_with_one_bad_row_applies_nothing(env, tmp_path):
    rows = [{"match": "71.3%", **SOURCE, "stance": "supports"},
            {"match": "384个", **SOURCE, "stance": "supports"},
            {"match": "15.5万亿", **SOURCE, "stance": "maybe"}]
    bulk = write_rows(tmp_path / "bad.yml", rows)
    done = kb(env, "cite", "--file", str(bulk))
    assert done.returncode != 0
    assert "bad.yml: row 3" in done.stderr and "unknown stance 'maybe'" in done.stderr
    assert q(env, "select count(*) from citations") == [(0,)] and not env["fc"].exists()


def verdict(env, status, note="Because the sources say so.", author="tester", match="71.3%"):
    args = ["verdict", "--match", match, "--status", status, "--author", author]
    return kb(env, *args, "--note", note) if note is not None else kb(env, *args, "--note", "")


def test_verdict_needs_matching_evidence(env):
    done = verdict(env, "supported")
    assert done.returncode != 0 and "needs a citation that supports" in done.stderr
    kb(env, "cite", "--match", "71.3%", *cite_args(stance="context"))
    done = verdict(env, "refuted")
    assert done.returncode != 0 and "needs a citation that refutes" in done.stderr
    assert q(env, "select count(*) from verdicts") == [(0,)]
    assert q(env, "select status from claims where text like '%71.3%%'") == [("unverified",)]


@pytest.mark.parametrize("status, note, message", [("true", "x", "unknown status 'true'"), ("unverifiable", None, "needs a note")])
def test_bad_verdict_is_refused(env, status, note, message):
    done = verdict(env, status, note=note)
    assert done.returncode != 0 and message in done.stderr
    assert q(env, "select count(*) from verdicts") == [(0,)]


def test_every_status_change_is_kept(env):
    kb(env, "cite", "--match", "71.3%", *cite_args(stance="supports"))
    kb(env, "cite", "--match", "71.3%", *cite_args(stance="refutes", quote="GPT-5 scored 74.9%."))
    for status in ("supported", "refuted", "partly_supported"):
        done = verdict(env, status, note=f"now {status}")
        assert done.returncode == 0, done.stderr
    history = q(env, "select previous_status, status from verdicts order by created_at, rowid")
    assert history == [("unverified", "supported"), ("supported", "refuted"), ("refuted", "partly_supported")]
    assert q(env, "select status from claims where text like '%71.3%%'") == [("partly_supported",)]
    data = yaml.safe_load(next(env["fc"].glob("*.yml")).read_text(encoding="utf-8"))
    assert [v["status"] for v in data["claims"][0]["verdicts"]] == ["supported", "refuted", "partly_supported"]


def test_reingest_and_rebuild_lose_nothing(env, seed_path, tmp_path):
    """Evidence on a sentence that later changes stays, on the superseded claim, in the db and after a rebuild."""
    kb(env, "cite", "--match", "71.3%", *cite_args(stance="refutes"))
    assert verdict(env, "refuted").returncode == 0
    (old_id,) = q(env, "select claim_id from citations")[0]
    edited = tmp_path / seed_path.name
    edited.write_text(seed_path.read_text(encoding="utf-8").replace("71.3%", "71.4%"), encoding="utf-8")
    done = subprocess.run([*KB, "ingest", str(edited), "--db", str(env["db"])], capture_output=True, text=True)
    assert "1 added" in done.stdout and "1 superseded" in done.stdout
    assert q(env, "select status, superseded_at is not null from claims where id = ?", [old_id]) == [("refuted", 1)]
    assert q(env, "select count(*) from citations where claim_id = ?", [old_id]) == [(1,)]

    from kb.factcheck.files import apply

    rebuilt = tmp_path / "rebuilt.db"
    db = open_db(rebuilt)
    ingest_paths(db, [edited])
    with db.atomic():
        apply(db, next(env["fc"].glob("*.yml")))
    with sqlite3.connect(rebuilt) as conn:
        row = conn.execute("select status, superseded_at is not null, text from claims where id = ?", [old_id]).fetchone()
        assert row[:2] == ("refuted", 1) and "71.3%" in row[2]
        assert conn.execute("select count(*) from verdicts where claim_id = ?", [old_id]).fetchone() == (1,)


# The shipped fact-check of the seed article.
REQUIRED = {
    "高达1.4万亿美元的基础设施蓝图": None,
    "八年内烧掉1.4万亿美元": None,
    "训练GPT-4就花费了约1亿美元": None,
    "只花了约560万美元": "misleading",
    "登顶美国苹果App Store免费榜": None,
    "英伟达的市值甚至蒸发了约17%": None,
    "略高于GPT-5的成绩": None,
    "据传约为460万美元": None,
    "384个专长各异的专家模块": None,
    "每次仅有8个专家": None,
    "15.5万亿token": None,
    "输出token16元": None,
    "GPT-5 API价格约为": None,
    "十分之一不到": "refuted",
    "其MIT开源权重": None,
}


@pytest.mark.parametrize("match, expected", REQUIRED.items())
def test_published_database_carries_the_seed_fact_check(match, expected):
    with sqlite3.connect(PROJECT_ROOT / "claims.db") as conn:
        (cid, status), = conn.execute("select id, status from claims where instr(text, ?) > 0", [match]).fetchall()
        assert status != "unverified"
        if expected:
            assert status == expected
        citations = conn.execute("select url, quote, stance from citations where claim_id = ?", [cid]).fetchall()
        assert citations and all(url.startswith("https://") for url, _, _ in citations)
        assert any(quote for _, quote, _ in citations)
        (note,) = conn.execute("select note from verdicts where claim_id = ? order by created_at desc limit 1", [cid]).fetchone()
        assert len(note) > 40


def test_swe_bench_comparison_is_not_called_supported():
    with sqlite3.connect(PROJECT_ROOT / "claims.db") as conn:
        (status,) = conn.execute("select status from claims where instr(text, '略高于GPT-5') > 0").fetchone()
    assert status in ("partly_supported", "misleading", "refuted")


def test_rerunning_a_citation_heals_a_file_that_missed_it(env):
    """A crash between the database commit and the file rename: the next run writes the file."""
    assert kb(env, "cite", "--match", "71.3%", *cite_args()).returncode == 0
    path = next(env["fc"].glob("*.yml"))
    path.unlink()
    done = kb(env, "cite", "--match", "71.3%", *cite_args())
    assert done.returncode == 0 and "0 citation(s) added" in done.stdout
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert saved["claims"][0]["citations"][0]["url"] == SOURCE["url"]
