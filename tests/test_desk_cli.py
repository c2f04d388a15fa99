"""The fact-checker's desk from the command line, on a copy of the project: no sequence of
commands leaves a project that does not build, `--db` means the same everywhere, undo is
recorded, and the committed claims.db is served as it is.

Each test runs the real `kb` (python -m kb.cli) with PYTHONPATH pointing at a copy of the
project, so kb.PROJECT_ROOT is the copy and the commands write nothing in this checkout.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest
import yaml

from conftest import free_port
from kb import PROJECT_ROOT

PROJECT_PARTS = ("kb", "articles", "ingest", "plugins", "templates", "metadata.yml", "Makefile", "pyproject.toml")

ENGLISH = """City budget grows

2026-03-02 · example.net

The council approved a budget of $5.6 million for 2026. Spending on parks rose 3.5% from last year.
"""


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    """A copy of the project's sources with a claims.db that `kb build` made there."""
    root = tmp_path_factory.mktemp("project") / "claimkb"
    root.mkdir()
    for part in PROJECT_PARTS:
        source = PROJECT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, root / part)
    done = kb(root, "build")
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def project(built_project, tmp_path) -> Path:
    """A fresh copy of the built project for a test that writes."""
    root = tmp_path / "claimkb"
    shutil.copytree(built_project, root)
    return root


def kb(root: Path, *args, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the project copy's `kb`, by default from a directory outside the project."""
    outside = root.parent / "elsewhere"
    outside.mkdir(exist_ok=True)
    return subprocess.run([sys.executable, "-m", "kb.cli", *map(str, args)], capture_output=True, text=True, timeout=300,
                          cwd=cwd or outside, env={**os.environ, "PYTHONPATH": str(root), **(env or {})})


def query(db: Path, sql: str, params=()) -> list[tuple]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, params).fetchall()


def unverified_claim(db: Path, like: str = "%") -> str:
    return query(db, "select id from claims where status = 'unverified' and text like ? and superseded_at is null order by position",
                 [like])[0][0]


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- 2. No stray command breaks the build -------------------------------------------------

def test_ingest_of_a_file_outside_articles_into_the_project_is_refused(project, tmp_path):
    article = tmp_path / "budget.txt"
    article.write_text(ENGLISH, encoding="utf-8")
    before = (project / "claims.db").read_bytes()
    done = kb(project, "ingest", article)
    assert done.returncode == 1
    assert f"{article}: not in articles/" in done.stderr and f"kb add {article}" in done.stderr
    assert (project / "claims.db").read_bytes() == before
    # into another database it is fine
    assert kb(project, "ingest", article, "--db", tmp_path / "scratch.db").returncode == 0


def test_add_then_cite_then_build_keeps_everything(project, tmp_path):
    article = tmp_path / "budget.txt"
    article.write_text(ENGLISH, encoding="utf-8")
    assert kb(project, "add", article).returncode == 0
    db = project / "claims.db"
    assert query(db, "select source_path from articles where title = 'City budget grows'") == [("articles/budget.txt",)]
    claim = unverified_claim(db, "%5.6 million%")
    done = kb(project, "cite", claim, "--url", "https://example.net/budget", "--stance", "supports", "--quote", "A budget of $5.6 million.")
    assert done.returncode == 0, done.stderr
    done = kb(project, "build")
    assert done.returncode == 0, done.stderr
    assert query(db, "select count(*) from citations where claim_id = ?", [claim]) == [(1,)]


def test_cite_refuses_an_article_missing_from_articles(project):
    db = project / "claims.db"
    claim = unverified_claim(db)
    with closing(sqlite3.connect(db)) as conn, conn:  # an article ingested before this rule, its file since gone
        conn.execute("update articles set source_path = '/tmp/gone.txt'")
    factchecks = tree(project / "ingest" / "factchecks")
    done = kb(project, "cite", claim, "--url", "https://example.org/x", "--stance", "context")
    assert done.returncode == 1 and "is not in articles/" in done.stderr and "kb add" in done.stderr
    assert tree(project / "ingest" / "factchecks") == factchecks


def test_a_fact_check_file_follows_its_database(project, tmp_path):
    other = tmp_path / "other.db"
    assert kb(project, "build", "--db", other).returncode == 0
    factchecks = tree(project / "ingest" / "factchecks")
    claim = unverified_claim(other)
    done = kb(project, "cite", claim, "--url", "https://example.org/other", "--stance", "context", "--db", other)
    assert done.returncode == 0, done.stderr
    assert tree(project / "ingest" / "factchecks") == factchecks  # the project's files are untouched
    (written,) = (tmp_path / "other.factchecks").glob("*.yml")
    assert "https://example.org/other" in written.read_text(encoding="utf-8")
    # rebuilding that database keeps its own fact-checks
    assert kb(project, "build", "--db", other).returncode == 0
    assert query(other, "select count(*) from citations where url = 'https://example.org/other'") == [(1,)]


def test_an_orphan_fact_check_file_is_a_warning_not_a_failure(project):
    folder = project / "ingest" / "factchecks"
    (source,) = folder.glob("*.yml")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["article"] = "gonearticle"
    orphan = folder / "gonearticle.yml"
    orphan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = kb(project, "build")
    assert done.returncode == 0, done.stderr
    assert f"warning: {orphan}: article gonearticle is not in the database" in done.stderr
    assert "file skipped, the build goes on" in done.stderr
    assert query(project / "claims.db", "select count(*) from citations")[0][0] > 0  # the other file applied
    assert orphan.exists()


def test_editing_an_article_under_a_check_and_its_verdict_does_not_break_the_build(project):
    """A check reads figures by their text; edit one away and the check cannot be replayed. The build
    leaves it out with a warning, and keeps the verdict that rested on it (flagged for review)."""
    db = project / "claims.db"
    check, claim = query(db, "select k.id, k.claim_id from checks k join claims c on c.id = k.claim_id "
                             "where k.result = 'holds' and c.status = 'supported' order by k.id")[0]
    figure = query(db, "select q.text from check_inputs i join quantities q on q.id = i.quantity_id where i.check_id = ? order by i.name",
                   [check])[0][0]
    # make the check the verdict's only evidence: a reviewer drops the supporting citations from the file
    (factchecks,) = (project / "ingest" / "factchecks").glob("*.yml")
    data = yaml.safe_load(factchecks.read_text(encoding="utf-8"))
    for entry in data["claims"]:
        if entry["claim"] == claim:
            entry["citations"] = [c for c in entry["citations"] if c["stance"] != "supports"]
    factchecks.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert kb(project, "build").returncode == 0
    verdicts = query(db, "select id, status from verdicts where claim_id = ? order by id", [claim])
    article = project / "articles" / "000_b9019d560c415411.txt"
    text = article.read_text(encoding="utf-8")
    assert text.count(figure) == 1
    article.write_text(text.replace(figure, figure.replace(figure[0], str((int(figure[0]) + 1) % 10), 1)), encoding="utf-8")
    done = kb(project, "build")
    assert done.returncode == 0, done.stderr
    assert f"check {check}" in done.stderr and "the check is left out" in done.stderr
    assert f"the verdict is kept as it was given: review claim {claim}" in done.stderr
    assert query(db, "select status from claims where id = ?", [claim]) == [("supported",)]
    assert query(db, "select id, status from verdicts where claim_id = ? order by id", [claim]) == verdicts


# --- 3. Any file name serves the same site -------------------------------------------------

async def test_any_file_name_serves_claim_pages_queries_and_home(datasette_for, built_db, tmp_path):
    renamed = tmp_path / "my-desk.db"
    shutil.copyfile(built_db, renamed)
    claim = query(renamed, "select id from claims where status = 'refuted' order by id")[0][0]
    ds = datasette_for(renamed)
    page = await ds.client.get(f"/claims/claims/{claim}")
    assert page.status_code == 200 and "*row-claims-claims.html" in page.text and "ClaimReview" in page.text
    for name in ("numeric_unverified", "failed_checks", "refuted_or_misleading"):
        response = await ds.client.get(f"/claims/{name}.json?_shape=array")
        assert response.status_code == 200, name
    home = await ds.client.get("/")
    assert home.status_code == 200 and "Search claims" in home.text
    facet = await ds.client.get("/claims/claims.json?_facet=status")
    assert facet.status_code == 200


def test_kb_serve_on_another_file_name(built_db, tmp_path):
    renamed = tmp_path / "desk-copy.db"
    shutil.copyfile(built_db, renamed)
    claim = query(renamed, "select id from claims where status = 'refuted' order by id")[0][0]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--db", str(renamed), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        page = fetch(f"http://127.0.0.1:{port}/claims/claims/{claim}")
        query_page = fetch(f"http://127.0.0.1:{port}/claims/numeric_unverified")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "*row-claims-claims.html" in page and "application/ld+json" in page
    assert "Numeric claims still unverified" in query_page


def fetch(url: str) -> str:
    for _ in range(150):
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url}")


# --- 4. Serving and building leave the committed file alone --------------------------------

def test_serving_the_project_database_does_not_change_its_bytes(built_project):
    db = built_project / "claims.db"
    before, mtime = db.read_bytes(), db.stat().st_mtime_ns
    claim = query(db, "select id from claims order by id")[0][0]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=built_project.parent,
                              env={**os.environ, "PYTHONPATH": str(built_project)})
    try:
        assert claim in fetch(f"http://127.0.0.1:{port}/claims/claims/{claim}")
        fetch(f"http://127.0.0.1:{port}/claims/claims?_search=%E6%88%90%E6%9C%AC")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert db.read_bytes() == before and db.stat().st_mtime_ns == mtime
    assert query(db, "pragma journal_mode") == [("delete",)]
    assert not Path(f"{db}-wal").exists()


def test_a_citation_added_while_serving_the_project_database_shows(project):
    """The project's file stays in rollback-journal mode; a served reader still sees each commit."""
    db = project / "claims.db"
    claim = unverified_claim(db)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=project.parent,
                              env={**os.environ, "PYTHONPATH": str(project)})
    try:
        assert "https://example.org/live" not in fetch(f"http://127.0.0.1:{port}/claims/claims/{claim}")
        done = kb(project, "cite", claim, "--url", "https://example.org/live", "--stance", "context")
        assert done.returncode == 0, done.stderr
        assert "https://example.org/live" in fetch(f"http://127.0.0.1:{port}/claims/claims/{claim}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert query(db, "pragma journal_mode") == [("delete",)]


def test_build_if_changed_follows_content_not_file_times(project):
    db = project / "claims.db"
    before = db.read_bytes()
    for path in project.rglob("*"):  # what a fresh clone does: every file newer than the database
        os.utime(path)
    done = kb(project, "build", "--if-changed")
    assert done.returncode == 0 and "is up to date with its sources" in done.stdout
    assert db.read_bytes() == before
    claim = unverified_claim(db)
    assert kb(project, "cite", claim, "--url", "https://example.org/y", "--stance", "context").returncode == 0
    done = kb(project, "build", "--if-changed")
    assert done.returncode == 0 and "wrote" in done.stdout


def test_make_serve_on_a_fresh_clone_leaves_git_clean(tmp_path):
    """Clone this checkout, commit a claims.db built there (what the lead does after a merge), clone that
    again (fresh file times), run `make serve`, fetch a page: `git status` shows nothing."""
    if shutil.which("git") is None or shutil.which("make") is None or not (PROJECT_ROOT / ".git").exists():
        pytest.skip("needs git, make and a git checkout")
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]
    first, fresh = tmp_path / "first", tmp_path / "fresh"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(PROJECT_ROOT), str(first)], check=True)
    for part in ("kb", "articles", "ingest", "metadata.yml", "plugins", "templates", "Makefile"):  # this branch's work, committed or not
        source, target = PROJECT_ROOT / part, first / part
        if source.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, target)
    env = {**os.environ, "PYTHONPATH": str(first)}
    subprocess.run([sys.executable, "-m", "kb.cli", "build"], check=True, cwd=first, env=env, capture_output=True)
    subprocess.run([*git, "add", "-A"], check=True, cwd=first)
    subprocess.run([*git, "commit", "-qm", "rebuilt", "--allow-empty"], check=True, cwd=first)
    subprocess.run(["git", "clone", "-q", str(first), str(fresh)], check=True)
    venv = Path(sys.executable).parent.parent
    (fresh / ".venv").symlink_to(venv)  # the installed environment; `kb` imports the clone's code (PYTHONPATH)
    installed = tmp_path / "installed"
    installed.touch()  # newer than the clone's pyproject.toml, as `make install` leaves it
    port = free_port()
    server = subprocess.Popen(["make", "serve", f"PORT={port}", f"INSTALLED={installed}"], cwd=fresh,
                              env={**os.environ, "PYTHONPATH": str(fresh)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        assert "claims" in fetch(f"http://127.0.0.1:{port}/claims/claims.json?_size=1")
    finally:
        os.killpg(server.pid, 15)
        output = server.communicate(timeout=10)[0].decode()
    assert "is up to date with its sources" in output, output
    status = subprocess.run(["git", "status", "--porcelain"], cwd=fresh, capture_output=True, text=True, check=True).stdout
    assert status.strip() in ("", "?? .venv"), status


# --- 6. Consistent CLI ---------------------------------------------------------------------

def all_commands():
    import click

    from kb.cli import cli

    def walk(command, path):
        yield path, command
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                yield from walk(sub, [*path, name])

    return list(walk(cli, []))


def test_every_db_option_defaults_to_the_project_database_and_every_option_has_help():
    import click

    from kb.project import PROJECT_DB

    with_db = []
    for path, command in all_commands():
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"kb {' '.join(path)} {param.opts[0]} has no help text"
                if param.name == "db_path":
                    assert Path(param.default) == PROJECT_DB and Path(param.default).is_absolute()
                    with_db.append(" ".join(path))
    assert {"ingest", "add", "cite", "uncite", "verdict", "build", "serve", "checks suggest", "checks accept",
            "checks unaccept"} <= set(with_db)


def test_help_shows_each_summary_whole(built_project):
    import inspect

    done = kb(built_project, "--help")
    text = " ".join(done.stdout.split())
    from kb.cli import cli

    for name, command in cli.commands.items():
        summary = " ".join(inspect.cleandoc(command.help).split("\n\n")[0].split())
        assert summary in text, name
        assert "..." not in summary


def test_commands_work_from_any_directory(built_project):
    done = kb(built_project, "checks", "suggest")
    assert done.returncode == 0 and "claim" in done.stdout


def test_urls_and_missing_files_are_named(built_project, tmp_path):
    done = kb(built_project, "ingest", "https://example.org/news/1", "--db", tmp_path / "x.db")
    assert done.returncode == 1 and "https://example.org/news/1 is a URL" in done.stderr and "kb add URL" in done.stderr
    done = kb(built_project, "cite", "--file", "https://example.org/cites.csv")
    assert done.returncode == 2 and "https://example.org/cites.csv is a URL" in done.stderr
    done = kb(built_project, "cite", "--file", tmp_path / "nope.csv")
    assert done.returncode == 2 and "nope.csv: no such file" in done.stderr
    done = kb(built_project, "ingest", tmp_path / "nope.txt", "--db", tmp_path / "x.db")
    assert done.returncode == 1 and "nope.txt: no such file" in done.stderr


def test_missing_url_and_stance_say_so(built_project):
    claim = unverified_claim(built_project / "claims.db")
    done = kb(built_project, "cite", claim, "--stance", "supports")
    assert done.returncode == 1 and "--url is required" in done.stderr and "malformed" not in done.stderr
    done = kb(built_project, "cite", claim, "--url", "https://example.org/a")
    assert done.returncode == 1 and "--stance is required" in done.stderr


# --- 12. Undo --------------------------------------------------------------------------------

def test_uncite_is_recorded_refused_while_the_status_rests_on_it_and_survives_a_rebuild(project):
    db = project / "claims.db"
    claim = unverified_claim(db)
    url = "https://example.org/evidence"
    assert kb(project, "cite", claim, "--url", url, "--stance", "supports", "--quote", "It is so.").returncode == 0
    assert kb(project, "verdict", claim, "--status", "supported", "--note", "The source says so.", "--author", "A").returncode == 0
    (citation,) = query(db, "select id from citations where claim_id = ?", [claim])[0]
    done = kb(project, "uncite", citation, "--reason", "Wrong page.", "--author", "B")
    assert done.returncode == 1 and "only evidence" in done.stderr and "set another verdict first" in done.stderr
    assert query(db, "select count(*) from citations where id = ?", [citation]) == [(1,)]
    done = kb(project, "verdict", claim, "--status", "unverified", "--note", "Source withdrawn.", "--author", "B")
    assert done.returncode == 0, done.stderr
    done = kb(project, "uncite", citation, "--reason", "Wrong page.", "--author", "B")
    assert done.returncode == 0, done.stderr

    def state():
        return (query(db, "select count(*) from citations where id = ?", [citation]),
                query(db, "select kind, item_id, claim_id, reason, removed_by, json_extract(item, '$.url') from removals"),
                query(db, "select status from claims where id = ?", [claim]),
                query(db, "select status from verdicts where claim_id = ? order by created_at, rowid", [claim]))

    after = state()
    assert after == ([(0,)], [("citation", citation, claim, "Wrong page.", "B", url)], [("unverified",)],
                     [("supported",), ("unverified",)])
    article = query(db, "select article_id from claims where id = ?", [claim])[0][0]
    entry = next(e for e in yaml.safe_load((project / "ingest" / "factchecks" / f"{article}.yml").read_text(encoding="utf-8"))["claims"]
                 if e["claim"] == claim)
    assert entry["citations"] == [] and entry["removed"][0]["citation"]["url"] == url and entry["removed"][0]["removed_by"] == "B"
    done = kb(project, "build")
    assert done.returncode == 0, done.stderr
    assert state() == after


def test_checks_unaccept_is_recorded_and_survives_a_rebuild(project):
    db = project / "claims.db"
    check, claim = query(db, "select id, claim_id from checks order by id")[0]  # its claim has a citation too
    done = kb(project, "checks", "unaccept", check, "--reason", "Reads the wrong figure.", "--author", "C")
    assert done.returncode == 0, done.stderr
    expected = ([(0,)], [(0,)], [("check", check, claim, "C")])
    got = lambda: (query(db, "select count(*) from checks where id = ?", [check]),  # noqa: E731
                   query(db, "select count(*) from check_inputs where check_id = ?", [check]),
                   query(db, "select kind, item_id, claim_id, removed_by from removals"))
    assert got() == expected
    assert kb(project, "build").returncode == 0
    assert got() == expected
    done = kb(project, "checks", "unaccept", check, "--reason", "again", "--author", "C")
    assert done.returncode == 1 and "no accepted check" in done.stderr


def test_a_verdict_equal_to_the_status_is_refused(project):
    db = project / "claims.db"
    claim, status = query(db, "select id, status from claims where status = 'refuted' order by id")[0]
    before = query(db, "select count(*) from verdicts")
    done = kb(project, "verdict", claim, "--status", status, "--note", "Again.", "--author", "D")
    assert done.returncode == 1 and f"already {status!r}" in done.stderr
    assert query(db, "select count(*) from verdicts") == before


# --- 13. Progress ----------------------------------------------------------------------------

def test_multi_file_ingest_and_build_show_progress_lines_off_a_terminal(project, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(ENGLISH, encoding="utf-8")
    second.write_text(ENGLISH.replace("City budget grows", "Town budget grows"), encoding="utf-8")
    done = kb(project, "ingest", first, second, "--db", tmp_path / "x.db")
    assert done.returncode == 0, done.stderr
    assert f"[1/2] ingesting: {first}" in done.stderr and f"[2/2] ingesting: {second}" in done.stderr
    shutil.copyfile(first, project / "articles" / "a.txt")
    done = kb(project, "build")
    assert done.returncode == 0, done.stderr
    assert "[1/2] reading articles: articles/000_b9019d560c415411.txt" in done.stderr
    assert "[2/2] reading articles: articles/a.txt" in done.stderr


def test_ingest_draws_a_bar_on_a_terminal(project, tmp_path):
    import pty

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(ENGLISH, encoding="utf-8")
    second.write_text(ENGLISH.replace("City budget grows", "Town budget grows"), encoding="utf-8")
    parent, child = pty.openpty()
    done = subprocess.run([sys.executable, "-m", "kb.cli", "ingest", str(first), str(second), "--db", str(tmp_path / "x.db")],
                          stdout=subprocess.PIPE, stderr=child, timeout=300, env={**os.environ, "PYTHONPATH": str(project)})
    os.close(child)
    shown = b""
    while True:
        try:
            chunk = os.read(parent, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(parent)
    assert done.returncode == 0
    assert b"ingesting" in shown and b"2/2" in shown and b"[1/2]" not in shown
    assert done.stdout.decode().count("added") == 2  # the summaries, after the bar


def test_a_build_records_the_digest_of_its_sources(built_project):
    """What `kb build --if-changed` compares: the copy's sources are this checkout's, so the digests agree."""
    from kb.project import sources_digest
    from kb.project import built_from

    assert built_from(built_project / "claims.db") == sources_digest()
    assert built_from(built_project / "missing.db") is None
