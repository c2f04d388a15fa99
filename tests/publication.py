"""Helpers for the publication tests and `make screenshot`: test data, `kb serve`, headless Chromium.

Imported as `publication` by the tests (pytest puts tests/ on sys.path) and as
`tests.publication` by `python -m tests.screenshots`.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import sqlite_utils

from kb.store.db import now
from kb.store.ids import content_id
from kb.store.search import segment

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = "install Chromium: apt-get install chromium"
# The flags this machine needs (see the env notes): no sandbox as root, no GPU, no network chatter.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
]

# A second article: near misses for search, and markup that must be shown as text.
NEGATIVE_ARTICLE = """测试文章:负面样例 <script>alert("title")</script>

2025-11-10 10:00:00 · example.com · 来源: 测试

专业的研究离不开大家的支持。这项研究很专。家里人却不同意。

今年的成本,开源模型更低。

Thinking about K2 is hard, said the analyst. The GPT-4 model cost 1.3 million dollars, not more.

有人在正文里写了<script>alert("body")</script>这样的代码。
"""


def add_negative_article(db_path: Path, folder: Path) -> Path:
    from kb.store.db import open_db
    from kb.store.ingest import ingest_paths

    path = folder / "negative.txt"
    path.write_text(NEGATIVE_ARTICLE, encoding="utf-8")
    ingest_paths(open_db(db_path), [path])
    return path


def claim_id(db_path: Path, text_like: str) -> str:
    db = sqlite_utils.Database(db_path)
    found = list(db.query("select id from claims where text like ? order by article_id, position", [text_like]))
    assert found, f"no claim like {text_like!r}"
    return found[0]["id"]


def add_citation(db_path: Path, claim: str, url: str, stance: str, quote: str | None = None, **fields) -> str:
    """A citation row as the fact-check workflow writes it, with `quote_search` kept up to date."""
    db = sqlite_utils.Database(db_path)
    cid = content_id("citation", claim, url, quote or "")
    with db.atomic():
        db["citations"].insert(
            {"id": cid, "claim_id": claim, "url": url, "stance": stance, "quote": quote, "added_at": fields.pop("added_at", now()), **fields}
        )
        quotes = [r["quote"] for r in db["citations"].rows_where("claim_id = ? and quote is not null", [claim], order_by="id")]
        db["claims"].update(claim, {"quote_search": segment(" | ".join(quotes))})
    return cid


def add_verdict(db_path: Path, claim: str, status: str, note: str, author: str = "test desk", created_at: str | None = None) -> str:
    db = sqlite_utils.Database(db_path)
    created_at = created_at or now()
    vid = content_id("verdict", claim, status, note, author, created_at)
    with db.atomic():
        previous = db["claims"].get(claim)["status"]
        db["verdicts"].insert(
            {"id": vid, "claim_id": claim, "status": status, "previous_status": previous, "note": note, "author": author, "created_at": created_at}
        )
        db["claims"].update(claim, {"status": status})
    return vid


def add_deepseek_review(db_path: Path) -> str:
    """The 约560万美元 claim, refuted with two sources and a verdict; returns its id."""
    claim = claim_id(db_path, "%约560万美元%")
    add_citation(
        db_path, claim, "https://www.reuters.com/technology/deepseek-cost-2025-09-18/", "refutes",
        "DeepSeek said its R1 model cost $294,000 to train.", title="DeepSeek says R1 cost $294,000",
        publisher="Reuters", published_at="2025-09-18", added_at="2026-01-01T00:00:00+00:00",
    )
    add_citation(
        db_path, claim, "https://arxiv.org/abs/2412.19437", "context",
        "Our total training costs amount to only $5.576M. </script><b>not bold</b>",
        title="DeepSeek-V3 Technical Report", publisher="arXiv", note="The figure is V3's final run.",
        added_at="2026-01-01T00:00:01+00:00",
    )
    add_citation(db_path, claim, "javascript:alert(1)", "context", None, title="A bad link", added_at="2026-01-01T00:00:02+00:00")
    add_verdict(db_path, claim, "refuted", "The $5.6M is V3's final training run, not R1's cost.", "claimkb desk", "2026-01-02T10:00:00+00:00")
    return claim


def chromium_binary() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium(args: list[str], timeout: int = 90) -> subprocess.CompletedProcess:
    binary = chromium_binary()
    if binary is None:
        raise RuntimeError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="claimkb-chromium-") as profile:
        return subprocess.run(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=timeout, check=False,
        )


def dump_dom(url: str) -> str:
    """The DOM of a page as headless Chromium rendered it."""
    result = chromium(["--virtual-time-budget=3000", "--dump-dom", url])
    if result.returncode != 0 or "<html" not in result.stdout:
        raise RuntimeError(f"chromium --dump-dom {url} failed ({result.returncode}): {result.stderr[-2000:]}")
    return result.stdout


def screenshot(url: str, target: Path, size: str = "1280,1600") -> Path:
    result = chromium(["--virtual-time-budget=3000", f"--window-size={size}", f"--screenshot={target}", url])
    if not target.exists():
        raise RuntimeError(f"chromium --screenshot {url} failed ({result.returncode}): {result.stderr[-2000:]}")
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kb_command() -> list[str]:
    script = Path(sys.executable).parent / "kb"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kb.cli"]


@contextlib.contextmanager
def kb_serve(db_path: Path, port: int | None = None, timeout: float = 60):
    """Run `kb serve --db DB --port N` until the block ends; yields the base url."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [*kb_command(), "serve", "--db", str(db_path), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"kb serve exited with {process.returncode}: {process.stdout.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"kb serve did not answer on {base} within {timeout}s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
