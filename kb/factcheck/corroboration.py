"""Corroboration: claims in two articles that state a quantity about the same thing.

Two quantities are about the same thing when they have the same unit and base
(per), and the clauses they stand in share subject words: at least MIN_SHARED
content words, and a shared name (GPT-5, DeepSeek, K2) when both clauses name
something. The clause, not the whole sentence, so that in "K2 scored 71.3% on
SWE-Bench, and 60.2% to 54.9% on BrowseComp" each figure keeps its own subject.
They agree when the values are within TOLERANCE of each other (APPROX_TOLERANCE
when either is stated as approximate or a bound: 约560万 and 5.3 million agree). Vague amounts
(数百万) are left out. This is a pointer for a fact-checker, not a verdict.
"""

import re
from functools import lru_cache

import jieba
import sqlite_utils

from kb.extract.chinese import fold
from kb.store.ids import content_id

TOLERANCE = 0.01
COMMON_WORD = 200
BEST_MATCHES = 5
APPROX_TOLERANCE = 0.1
MIN_SHARED = 2
_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:]")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")
_STOP = set(
    "the a an and or of to in on for with by at from as is are was were be been this that these those it its their "
    "than more less about over under per million billion trillion percent 的 了 和 与 及 在 是 为 将 被 对 也 都 而 "
    "这 那 其 一个 这个 我们 他们 它们 以及 已经 因为 所以 如果 但是 然而 甚至 相当于 约 约为 大约 仅 只".split()
)


@lru_cache(maxsize=65536)
def subject_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(content words, names) of a claim; numbers and single characters are not subjects.

    Traditional characters are folded to Simplified first: 台積電 and 台积电 are one subject."""
    text = fold(text)
    names = frozenset(m.group().lower() for m in _NAME.finditer(text) if not m.group().isdigit())
    words = {
        w.lower()
        for w in jieba.lcut(text)
        if len(w.strip()) > 1 and not any(ch.isdigit() for ch in w) and w.lower() not in _STOP and (w.isalnum() or "-" in w)
    }
    return frozenset(words | names), names


def clause(text: str, start: int, end: int) -> str:
    """The part of a sentence between the punctuation around a quantity."""
    before = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)]
    after = _CLAUSE_BREAK.search(text, end)
    return text[before[-1] if before else 0 : after.start() if after else len(text)]


def related(clause_a: str, clause_b: str) -> set[str] | None:
    """The shared subject words, if the two clauses are about the same thing."""
    words_a, names_a = subject_words(clause_a)
    words_b, names_b = subject_words(clause_b)
    shared = words_a & words_b
    if len(shared) < MIN_SHARED or (names_a and names_b and not names_a & names_b):
        return None
    return shared


def forget(db: sqlite_utils.Database, article_id: str) -> None:
    """Drop the article's corroborations before its quantities are rewritten."""
    db.execute(
        """delete from corroborations where claim_id in (select id from claims where article_id = ?)
        or other_claim_id in (select id from claims where article_id = ?)""",
        [article_id, article_id],
    )


def refresh(db: sqlite_utils.Database, article_id: str) -> int:
    """Link the article's quantities with those of other articles, both ways; returns pairs found.

    Candidates come from an inverted index of subject words, not from every pair
    with the same unit (quadratic: two large articles would compare millions of
    pairs). A word in more than COMMON_WORD clauses names no subject and opens no
    candidate; each quantity keeps its BEST_MATCHES most similar partners.
    """
    candidates = """select q.id, q.claim_id, q.value, c.text, q.start, q.end, q.unit, q.per_unit,
        q.qualifier = 'exact' from quantities q join claims c on c.id = q.claim_id
        where c.article_id {op} ? and c.superseded_at is null and q.unit is not null
        and q.value is not null and q.qualifier != 'vague'"""
    mine = db.execute(candidates.format(op="="), [article_id]).fetchall()
    units = {(q[6], q[7]) for q in mine}
    others = [o for o in db.execute(candidates.format(op="!="), [article_id]).fetchall() if (o[6], o[7]) in units]
    if not others:
        return 0
    postings: dict[tuple, list[int]] = {}
    for n, o in enumerate(others):
        for word in subject_words(clause(o[3], o[4], o[5]))[0]:
            postings.setdefault((o[6], o[7], word), []).append(n)
    rows = []
    units_with_others = {(o[6], o[7]) for o in others}
    for qid, cid, value, text, start, end, unit, per_unit, exact in mine:
        if (unit, per_unit) not in units_with_others:
            continue
        here = clause(text, start, end)
        hits: dict[int, int] = {}
        for word in subject_words(here)[0]:
            posting = postings.get((unit, per_unit, word), [])
            if len(posting) <= COMMON_WORD:
                for n in posting:
                    hits[n] = hits.get(n, 0) + 1
        matches = []
        for n in sorted(hits, key=hits.get, reverse=True):
            oid, ocid, other_value, other_text, ostart, oend, _, _, other_exact = others[n]
            shared = related(here, clause(other_text, ostart, oend))
            if shared is not None:
                matches.append((len(shared), n, shared))
        for _, n, shared in sorted(matches, key=lambda m: (-m[0], m[1]))[:BEST_MATCHES]:
            oid, ocid, other_value, *_, other_exact = others[n]
            tolerance = TOLERANCE if exact and other_exact else APPROX_TOLERANCE
            agrees = abs(value - other_value) <= tolerance * max(abs(value), abs(other_value))
            words = " ".join(sorted(shared))
            for a, ca, b, cb in ((qid, cid, oid, ocid), (oid, ocid, qid, cid)):
                rows.append({"id": content_id("corroboration", a, b), "claim_id": ca, "other_claim_id": cb, "quantity_id": a,
                             "other_quantity_id": b, "relation": "agrees" if agrees else "disagrees", "shared_words": words})
    db["corroborations"].upsert_all(rows, pk="id")
    return len(rows) // 2
