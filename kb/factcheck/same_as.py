"""`kb verdict CLAIM --same-as CHECKED`: a checked claim's verdict applied to a repeat of it, by hand.

The repeat gets the checked claim's latest verdict and the citations it rests
on (copied to the repeat, so its status has its own evidence as every status
must), and the verdict records which claim it follows (`verdicts.same_as`).
Both go to the repeat's fact-check file, so `kb build` reproduces them.
Nothing here runs on its own: a match only suggests it (kb.factcheck.matching).
"""

import sqlite_utils

from kb import KBError
from kb.factcheck.evidence import NEEDS_STANCE, CitationInput, VerdictInput, find_claim

CITATION_COLUMNS = ("url", "stance", "title", "publisher", "published_at", "quote", "note")


def same_as(db: sqlite_utils.Database, claim: dict, checked_id: str, author: str, note: str | None) -> tuple[list[CitationInput], VerdictInput]:
    """The citations and verdict that `claim` takes over from the claim `checked_id`."""
    checked = find_claim(db, checked_id)
    if checked["id"] == claim["id"]:
        raise KBError(f"claim {claim['id']}: --same-as names the claim itself")
    verdicts = list(db["verdicts"].rows_where("claim_id = ?", [checked["id"]], order_by="created_at desc, rowid desc", limit=1))
    if not verdicts or checked["status"] == "unverified":
        raise KBError(f"claim {checked['id']} has no verdict to apply (status {checked['status']})")
    latest = verdicts[0]
    citations = [
        CitationInput(**{c: row[c] for c in CITATION_COLUMNS})
        for row in db["citations"].rows_where("claim_id = ?", [checked["id"]], order_by="added_at, id")
    ]
    needed = NEEDS_STANCE.get(latest["status"])
    if needed and not any(c.stance == needed for c in citations):
        raise KBError(
            f"claim {checked['id']}'s verdict {latest['status']!r} rests on a check of its own figures, not a citation;"
            f" cite a source that {needed[:-1]}s claim {claim['id']} and set its verdict with --status"
        )
    match = db.execute(
        "select kind from claim_matches where claim_id = ? and other_claim_id = ?", [claim["id"], checked["id"]]
    ).fetchone()
    how = f"matched as {match[0]}" if match else "not matched automatically"
    text = f"Same claim as {checked['id']} ({how}): {latest['note']}" + (f" {note}" if note else "")
    return citations, VerdictInput(status=latest["status"], note=text, author=author, same_as=checked["id"])
