"""`kb export claimreview`: the DataFeed of kb.publish.claimreview written to a file or standard output."""

import json
import sqlite3
import sys
from pathlib import Path

from kb import KBError
from kb.publish.claimreview import data_feed
from kb.store.db import now


def claimreview_feed(db_path: Path, base_url: str) -> dict:
    if not base_url.startswith(("http://", "https://")):
        raise KBError(f"--base-url {base_url!r}: not an http(s) address")
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise KBError(f"{db_path}: {exc}") from exc
    try:
        return data_feed(conn, base_url, now())
    except sqlite3.Error as exc:
        raise KBError(f"{db_path}: not a claims database ({exc})") from exc
    finally:
        conn.close()


def write_claimreview_feed(db_path: Path, out: Path | None, base_url: str) -> int:
    """Writes the feed (whole, or not at all: a temporary file renamed over `out`); returns how many reviews."""
    feed = claimreview_feed(db_path, base_url)
    text = json.dumps(feed, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        temporary = out.with_name(out.name + ".tmp")
        try:
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(out)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise KBError(f"{out}: {exc}") from exc
    return len(feed["dataFeedElement"])
