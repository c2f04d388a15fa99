"""Why a search found nothing, and the looser searches that would find something.

A search's phrases must all stand in one sentence (kb.store.search), so a
query can miss because two words are in different sentences, or because a
phrase was typed with its words in another order. This says which, and offers
each word alone (with how many claims it finds) or the phrase split into words
(jieba's segmentation for Chinese: 混合专家模型 → 混合 专家 模型).
"""

import re
import sqlite3

import jieba

from kb.store.search import SEARCH_LIMIT, escape_fts_query, query_parts

_WORD = re.compile(r"[^\W_]")
FTS_TABLE = "claims_fts"


def count_matches(conn: sqlite3.Connection, query: str, limit: int = SEARCH_LIMIT) -> int:
    """Claims the search finds, counted up to `limit` + 1."""
    sql = f"select count(*) from (select rowid from {FTS_TABLE} where {FTS_TABLE} match ? limit {limit + 1})"
    return conn.execute(sql, [escape_fts_query(query)]).fetchone()[0]


def words_of(part: str) -> list[str]:
    """A phrase split into the words a looser search looks for separately."""
    words = []
    for piece in part.split():
        words += [w for w in jieba.lcut(piece) if _WORD.search(w)] if re.search(r"[\u3400-\u9fff]", piece) else [piece]
    return words


def _quoted(part: str) -> str:
    return f'"{part}"' if " " in part else part


def explain_empty(conn: sqlite3.Connection, search: str) -> dict:
    """`why` (a sentence) and `suggestions` [(query, claims found)] for a search that listed nothing."""
    found = count_matches(conn, search)
    if found:
        return {"why": f"{_count(found)} match the search, but none with the filters chosen.", "suggestions": [(search, found)], "filtered": True}
    parts = query_parts(search)
    if not parts:
        return {"why": "The search has no letters or digits to look for.", "suggestions": [], "filtered": False}
    if len(parts) > 1:
        listed = ", ".join(f"“{p}”" for p in parts)
        why = f"No claim has all of {listed} in one sentence (or all among one claim's source quotes)."
        candidates = [_quoted(p) for p in parts]
    else:
        words = words_of(parts[0])
        if len(words) > 1:
            why = f"No claim contains “{parts[0]}” as written (its characters and words next to each other, in this order, within one sentence)."
            candidates = [" ".join(words)] + words
        else:
            why = f"No claim sentence or source quote contains “{parts[0]}”."
            candidates = []
    suggestions = [(q, count_matches(conn, q)) for q in dict.fromkeys(candidates)]
    return {"why": why, "suggestions": suggestions, "filtered": False}


def _count(n: int, limit: int = SEARCH_LIMIT) -> str:
    return f"More than {limit:,} claims" if n > limit else f"{n:,} claim{'s' if n != 1 else ''}"
