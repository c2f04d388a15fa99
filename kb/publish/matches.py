"""What claim and article pages show of copies and matches (kb.factcheck.copies, kb.factcheck.matching).

kb.publish.pages imports this module; its helpers are read at call time.
"""

import sqlite3

from kb.publish import pages

KIND_LABELS = {"same claim": "Same claim", "contradicts": "Contradicts", "same figure": "Same figure"}
KIND_ORDER = "case m.kind when 'same claim' then 0 when 'contradicts' then 1 else 2 end"


def claim_matches(conn: sqlite3.Connection, claim: dict) -> dict:
    """The claim's matches in other articles, the verdicts they carry, and its twin in the original if its article is a copy."""
    matches = pages.rows(
        conn,
        f"""select m.kind, m.score, m.detail, o.id as other_claim_id, o.text as other_text, o.status as other_status,
        a.id as other_article_id, a.title as other_article, a.language as other_language
        from claim_matches m join claims o on o.id = m.other_claim_id join articles a on a.id = o.article_id
        where m.claim_id = ? order by {KIND_ORDER}, m.score desc, o.id""",
        [claim["id"]],
    )
    for m in matches:
        m["kind_label"] = KIND_LABELS.get(m["kind"], m["kind"])
        m["other_status_label"] = pages.status_label(m["other_status"])
    checked = [m for m in matches if m["kind"] == "same claim" and m["other_status"] != "unverified"]
    original = pages.one(
        conn,
        """select a.id, a.title, k.similarity, (select c.id from claims c where c.article_id = a.id and c.text = ?
        and c.superseded_at is null order by c.position limit 1) as claim_id
        from article_copies k join articles a on a.id = k.original_id where k.id = ?""",
        [claim["text"], claim["article_id"]],
    )
    return {"matches": matches, "already_checked": checked, "copy_of": original}


def article_copies(conn: sqlite3.Connection, article_id: str) -> dict:
    """The article's original if it is a copy, and the other copies of that original (or of this article)."""
    original = pages.one(
        conn,
        """select a.id, a.title, a.site, a.published_at, k.similarity from article_copies k
        join articles a on a.id = k.original_id where k.id = ?""",
        [article_id],
    )
    root = original["id"] if original else article_id
    copies = pages.rows(
        conn,
        """select a.id, a.title, a.site, a.published_at, k.similarity from article_copies k join articles a on a.id = k.id
        where k.original_id = ? and k.id != ? order by a.published_at, a.id""",
        [root, article_id],
    )
    return {"original": original, "copies": copies}
