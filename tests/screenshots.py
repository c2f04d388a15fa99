"""`make screenshot`: PNGs of the home, table, search-result, claim, article, canned-query and desk pages in headless Chromium.

Serves a copy of claims.db (or, with no claims.db, a temporary database of the
seed article with one reviewed claim) with `kb serve` on a free port, and
writes screenshots/*.png.
"""

import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from kb import ARTICLES, PROJECT_ROOT
from tests.publication import add_deepseek_review, chromium_binary, INSTALL_HINT, kb_serve, screenshot

OUT = PROJECT_ROOT / "screenshots"


def prepare(folder: Path) -> Path:
    db_path = folder / "claims.db"
    source = PROJECT_ROOT / "claims.db"
    if source.exists():
        shutil.copyfile(source, db_path)  # served from a copy: the project's file is never opened for writing
    else:
        from kb.store.db import open_db
        from kb.store.ingest import ingest_paths

        ingest_paths(open_db(db_path), [ARTICLES / "000_b9019d560c415411.txt"])
    db = sqlite_utils.Database(db_path)
    if not db["verdicts"].count:
        add_deepseek_review(db_path)
    return db_path


def pick_claim(db_path: Path) -> tuple[str, str]:
    db = sqlite_utils.Database(db_path)
    row = next(
        db.query(
            "select c.id, c.article_id from claims c where c.status in ('refuted', 'misleading')"
            " order by (select count(*) from citations r where r.claim_id = c.id) desc, c.position limit 1"
        ),
        None,
    )
    row = row or next(db.query("select id, article_id from claims order by position limit 1"))
    return row["id"], row["article_id"]


def main() -> int:
    if chromium_binary() is None:
        print(INSTALL_HINT, file=sys.stderr)
        return 1
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="claimkb-screens-") as folder:
        db_path = prepare(Path(folder))
        claim, article = pick_claim(db_path)
        with kb_serve(db_path) as base:
            pages = {
                "home": ("/", "1280,1400"),
                "table": ("/claims/claims", "1400,1400"),
                "search": ("/claims/claims?_search=" + quote("混合专家"), "1400,1100"),
                "search-two-words": ("/claims/claims?_search=" + quote("DeepSeek 成本"), "1400,1100"),
                "search-empty": ("/claims/claims?_search=" + quote("OpenAI 专家模型"), "1400,1000"),
                "claim": (f"/claims/claims/{claim}", "1280,2000"),
                "article": (f"/claims/articles/{article}", "1280,2400"),
                "query-refuted": ("/claims/refuted_or_misleading", "1400,1100"),
                "query-numeric": ("/claims/numeric_unverified", "1400,1100"),
                "desk-articles": ("/desk/articles", "1280,700"),
                "desk-queue": ("/desk/queue", "1280,1600"),
            }
            for name, (path, size) in pages.items():
                target = screenshot(base + path, OUT / f"{name}.png", size)
                print(f"{target.relative_to(PROJECT_ROOT)}  {base}{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
