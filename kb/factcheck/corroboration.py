"""Corroboration: claims in two articles that state a quantity about the same thing.

Two quantities are about the same thing when they have the same unit and base
(per), and the clauses they stand in share subject words: at least MIN_SHARED
content words, and a shared name (GPT-5, DeepSeek, K2) when both clauses name
something. The clause, not the whole sentence, so that in "K2 scored 71.3% on
SWE-Bench, and 60.2% to 54.9% on BrowseComp" each figure keeps its own subject.
Figures pair one to one, by their role in the clause (kb.factcheck.corroboration._role):
two figures of one sentence never stand for each other, and the same sentence in
two articles pairs each figure with itself. They agree when the values are within TOLERANCE of each other (APPROX_TOLERANCE
when either is stated as approximate or a bound: 约560万 and 5.3 million agree). Vague amounts
(数百万) are left out. This is a pointer for a fact-checker, not a verdict.
"""

import re
from functools import lru_cache

import jieba
import sqlite_utils

from kb.extract.chinese import fold
from kb.factcheck.claim_index import LATIN_NAME, ClaimView, QuantityView
from kb.store.ids import content_id

TOLERANCE = 0.01
BEST_MATCHES = 3
APPROX_TOLERANCE = 0.1
MIN_SHARED = 2
_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:]")
_STOP = set(
    "the a an and or of to in on for with by at from as is are was were be been this that these those it its their "
    "than more less about over under per million billion trillion percent against versus vs while whereas compared 比 相比 对比 的 了 和 与 及 在 是 为 将 被 对 也 都 而 "
    "这 那 其 一个 这个 我们 他们 它们 以及 已经 因为 所以 如果 但是 然而 甚至 相当于 约 约为 大约 仅 只".split()
)


@lru_cache(maxsize=65536)
def subject_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(content words, names) of a claim; numbers and single characters are not subjects.

    Traditional characters are folded to Simplified first: 台積電 and 台积电 are one subject."""
    text = fold(text)
    names = frozenset(m.group().lower() for m in LATIN_NAME.finditer(text) if not m.group().isdigit())
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


def _role(view: ClaimView, q: QuantityView) -> tuple[str, bool]:
    """The words that say what a figure is about, and whether they are its whole clause.

    A figure alone of its unit in its clause owns the clause. Several figures of one
    unit in a clause (以60.2%对54.9%的得分) each own only a stretch between their
    neighbours of that unit: never the same words, so they never pair with each other's figure.
    """
    here = clause(view.text, q.start, q.end)
    offset = view.text.find(here, max(0, q.start - len(here)))
    same_unit = sorted(
        (o for o in view.quantities if o is not q and (o.unit, o.per_unit) == (q.unit, q.per_unit)
         and offset <= o.start and o.end <= offset + len(here)),
        key=lambda o: o.start,
    )
    if not same_unit:
        return here, True
    before = max([o.end for o in same_unit if o.end <= q.start], default=offset)
    after = min([o.start for o in same_unit if o.start >= q.end], default=offset + len(here))
    left, right = view.text[before : q.start], view.text[q.end : after]
    # The words before a figure say what it is (K2 scored 60.2%), unless they only link it to
    # the one before (60.2% against 54.9% for GPT-5): then the words after it do; the last
    # figure of the clause also owns the clause's tail.
    if not subject_words(left)[0]:
        return right, False
    return left + (" " + right if after == offset + len(here) else ""), False


def agree(q: QuantityView, o: QuantityView) -> bool:
    """Values within TOLERANCE, or APPROX_TOLERANCE when either is approximate or a bound."""
    tolerance = TOLERANCE if q.qualifier == "exact" and o.qualifier == "exact" else APPROX_TOLERANCE
    return abs(q.value - o.value) <= tolerance * max(abs(q.value), abs(o.value))


def _comparable(view: ClaimView) -> list[QuantityView]:
    return [q for q in view.quantities if q.unit is not None and q.value is not None and q.qualifier != "vague"]


def pairs(a: ClaimView, b: ClaimView) -> list[tuple[QuantityView, QuantityView, set[str]]]:
    """The figures of two claims that state the same thing, one to one.

    The same sentence (figures aside) pairs its figures in order; otherwise two figures
    pair when they have the same unit, their clauses are related and their roles share a word.
    """
    mine, theirs = _comparable(a), _comparable(b)
    if " ".join(a.masked.split()) == " ".join(b.masked.split()):
        by_unit: dict[tuple, list[QuantityView]] = {}
        for q in theirs:
            by_unit.setdefault((q.unit, q.per_unit), []).append(q)
        out = []
        for q in mine:
            partners = by_unit.get((q.unit, q.per_unit))
            if partners:
                out.append((q, partners.pop(0), set(subject_words(clause(a.text, q.start, q.end))[0])))
        return out
    scored = []
    for q in mine:
        role_a, whole_a = _role(a, q)
        clause_a = clause(a.text, q.start, q.end)
        for o in theirs:
            if (q.unit, q.per_unit) != (o.unit, o.per_unit):
                continue
            shared = related(clause_a, clause(b.text, o.start, o.end))
            if shared is None:
                continue
            role_b, whole_b = _role(b, o)
            if not (whole_a and whole_b):
                shared = subject_words(role_a)[0] & subject_words(role_b)[0]
                if not shared:
                    continue
            scored.append((len(shared), q, o, shared))
    out, used_a, used_b = [], set(), set()
    for _, q, o, shared in sorted(scored, key=lambda s: (-s[0], s[1].start, s[2].start)):
        if id(q) not in used_a and id(o) not in used_b:
            used_a.add(id(q))
            used_b.add(id(o))
            out.append((q, o, shared))
    return out


def refresh(db: sqlite_utils.Database, views: list[ClaimView], candidates: dict[str, list[str]],
            others: dict[str, ClaimView]) -> int:
    """Link the article's figures with those of the candidate claims of other articles, both ways; returns pairs found.

    The candidates are the bounded lookup's (kb.factcheck.claim_index), not every
    claim with a figure of the same unit: the cost of an ingest does not grow with
    the database. Each figure keeps its BEST_MATCHES partners sharing most subject words.
    """
    rows = []
    for view in views:
        found: dict[int, list] = {}
        for other in (others[cid] for cid in candidates.get(view.id, []) if cid in others):
            for q, o, shared in pairs(view, other):
                found.setdefault(id(q), []).append((len(shared), other, q, o, shared))
        for matches in found.values():
            for _, other, q, o, shared in sorted(matches, key=lambda m: (-m[0], m[1].id, m[3].start))[:BEST_MATCHES]:
                words = " ".join(sorted(shared))
                qid, oid = q.id, o.id
                for a, ca, b, cb in ((qid, view.id, oid, other.id), (oid, other.id, qid, view.id)):
                    rows.append((content_id("corroboration", a, b), ca, cb, a, b, "agrees" if agree(q, o) else "disagrees", words))
    db.conn.executemany(
        "insert or replace into corroborations (id, claim_id, other_claim_id, quantity_id, other_quantity_id, relation, shared_words)"
        " values (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows) // 2

