"""Taking evidence back: remove a citation, un-accept a check.

The row leaves `citations` or `checks` and is kept in `removals` with who, when
and why. A claim's status keeps its evidence: removing the last citation or
check that a `supported` (or `refuted`, ...) status rests on is refused; set
another verdict first. Replaying a fact-check file (`kb build`) skips that test:
the removal was checked when it was made.
"""

import json

import sqlite_utils

from kb import KBError
from kb.factcheck.evidence import CHECK_RESULT, NEEDS_STANCE
from kb.store.ids import content_id
from kb.store.search import segment

KINDS = ("citation", "check")


def remove_citation(db: sqlite_utils.Database, citation_id: str, removed_by: str, reason: str, removed_at: str,
                    validate: bool = True) -> dict:
    """Delete a citation, recording it in `removals`; returns the removed row."""
    row = _get(db, "citations", citation_id, "citation")
    if validate:
        _keep_status_evidence(db, row["claim_id"], "citation", citation_id)
    db["citations"].delete(citation_id)
    quotes = [r["quote"] for r in db["citations"].rows_where("claim_id = ? and quote is not null", [row["claim_id"]], order_by="id")]
    db["claims"].update(row["claim_id"], {"quote_search": segment(" | ".join(quotes))})
    _record(db, "citation", row, removed_by, reason, removed_at)
    return row


def remove_check(db: sqlite_utils.Database, check_id: str, removed_by: str, reason: str, removed_at: str,
                 validate: bool = True) -> dict:
    """Delete an accepted check and its inputs, recording it in `removals`; returns the removed row."""
    row = _get(db, "checks", check_id, "accepted check")
    if validate:
        _keep_status_evidence(db, row["claim_id"], "check", check_id)
    inputs = list(db["check_inputs"].rows_where("check_id = ?", [check_id], order_by="id"))
    db["check_inputs"].delete_where("check_id = ?", [check_id])
    db["checks"].delete(check_id)
    _record(db, "check", {**row, "inputs": inputs}, removed_by, reason, removed_at)
    return row


def record_only(db: sqlite_utils.Database, kind: str, item: dict, removed_by: str, reason: str, removed_at: str) -> None:
    """Keep the history of a removal whose item was added back later (a replayed fact-check file)."""
    _record(db, kind, item, removed_by, reason, removed_at)


def _get(db: sqlite_utils.Database, table: str, item_id: str, what: str) -> dict:
    rows = list(db[table].rows_where("id = ?", [item_id]))
    if not rows:
        raise KBError(f"no {what} with id {item_id!r} (the claim page and /claims/{table} list them)")
    return rows[0]


def _keep_status_evidence(db: sqlite_utils.Database, claim_id: str, kind: str, item_id: str) -> None:
    status = db["claims"].get(claim_id)["status"]
    stance = NEEDS_STANCE.get(status)
    if stance is None:
        return
    citations = db["citations"].count_where("claim_id = ? and stance = ? and id != ?",
                                            [claim_id, stance, item_id if kind == "citation" else ""])
    checks = db["checks"].count_where("claim_id = ? and result = ? and id != ?",
                                      [claim_id, CHECK_RESULT[stance], item_id if kind == "check" else ""])
    if not citations + checks:
        raise KBError(
            f"claim {claim_id} is {status!r} and this {kind} is the only evidence that {stance[:-1]}s it; "
            f"set another verdict first (kb verdict {claim_id} --status unverified --note ... --author ...), "
            f"or add other evidence"
        )


def _record(db: sqlite_utils.Database, kind: str, item: dict, removed_by: str, reason: str, removed_at: str) -> None:
    rid = content_id("removal", kind, item["id"], removed_at)
    if db["removals"].count_where("id = ?", [rid]):
        return
    db["removals"].insert({
        "id": rid, "kind": kind, "item_id": item["id"], "claim_id": item["claim_id"],
        "item": json.dumps(item, ensure_ascii=False, sort_keys=True),
        "reason": reason, "removed_by": removed_by, "removed_at": removed_at,
    })
