"""Claim matching: a claim made again in another article, in the same or the other language.

Each new claim of an article that is not a copy is compared with the claims
the bounded index finds (kb.factcheck.claim_index) and every match is stored
both ways in `claim_matches` with a kind and a score:

- `same claim`: the same statement. In one language, the texts (folded to
  Simplified and lower case, figures masked) are similar (rapidfuzz) and the
  figures are the same; across Chinese and English, the figures (value and
  unit) are all the same and a Latin-script name (DeepSeek, GPT-4) is shared.
- `contradicts`: the same statement with another figure of the same unit.
- `same figure`: a figure shared with a claim about something else, a lead for
  a fact-checker (the same number travelling), nothing more.

A claim matched to a claim with a verdict shows it ("already checked");
`kb verdict --same-as` applies that verdict by hand, never automatically.
"""

from dataclasses import dataclass

import sqlite_utils
from rapidfuzz import fuzz

from kb.factcheck import claim_index
from kb.factcheck.claim_index import ClaimView, QuantityView
from kb.factcheck.corroboration import agree
from kb.factcheck.normalize import fold
from kb.store.ids import content_id

SAME_CLAIM, SAME_FIGURE, CONTRADICTS = "same claim", "same figure", "contradicts"
KINDS = (SAME_CLAIM, CONTRADICTS, SAME_FIGURE)
# Similarity (0-1) of two same-language texts, figures masked, above which they say the same thing
# (with the same figures) or the same thing with another figure; chosen on tests/gold/claim_pairs.yml.
SAME_TEXT = 0.55
SAME_TEXT_NO_FIGURES = 0.8  # with no figure to agree on, only the wording says it is the same claim
CONTRADICT_TEXT = 0.75
# Matches kept per claim and kind, best first: a common number or a stock phrase would otherwise link half the database.
KEEP = {SAME_CLAIM: 3, CONTRADICTS: 2, SAME_FIGURE: 2}


@dataclass(frozen=True)
class Match:
    kind: str
    score: float
    detail: str


def text_similarity(a: ClaimView, b: ClaimView) -> float:
    """0-1: the better of character similarity (Chinese paraphrases keep characters) and word-set overlap."""
    return max(fuzz.ratio(a.folded_chars, b.folded_chars), fuzz.token_set_ratio(a.word_string, b.word_string)) / 100


def _figures(view: ClaimView) -> list[QuantityView]:
    return [q for q in view.quantities if q.key]


def _unmatched(mine: list[QuantityView], theirs: list[QuantityView]) -> list[QuantityView]:
    """Figures of `mine` that no figure of `theirs` states (same unit, values agreeing as corroboration has it)."""
    return [q for q in mine if not any((q.unit, q.per_unit) == (o.unit, o.per_unit) and agree(q, o) for o in theirs)]


def compare(a: ClaimView, b: ClaimView) -> Match | None:
    """How claim b relates to claim a, if it does."""
    figures_a, figures_b = _figures(a), _figures(b)
    only_a, only_b = _unmatched(figures_a, figures_b), _unmatched(figures_b, figures_a)
    shared = [q for q in figures_a if q not in only_a]
    same_figures = not only_a and not only_b
    # contradicting needs figures to stand for each other: the same units, as many of each
    same_units = bool(figures_a) and sorted((q.unit, q.per_unit or "") for q in figures_a) == sorted((q.unit, q.per_unit or "") for q in figures_b)
    differ = f"{_show(only_a)} against {_show(only_b)}"
    if a.language.split("-")[0] == b.language.split("-")[0]:  # zh-Hans and zh-Hant: one language, folded to one script
        similarity = text_similarity(a, b)
        if same_figures and similarity >= (SAME_TEXT if figures_a else SAME_TEXT_NO_FIGURES):
            return Match(SAME_CLAIM, similarity, f"same figures: {_show(shared)}" if shared else "similar text")
        if same_units and not same_figures and similarity >= CONTRADICT_TEXT:
            return Match(CONTRADICTS, similarity, differ)
    else:
        names = a.names & b.names
        if names and figures_a and same_figures:
            score = len(names) / len(a.names | b.names)
            return Match(SAME_CLAIM, score, f"same figures: {_show(shared)}; names: {', '.join(sorted(names))}")
        if names and len(names) >= min(2, len(a.names), len(b.names)) and same_units and not same_figures:
            return Match(CONTRADICTS, len(names) / len(a.names | b.names), f"{differ}; names: {', '.join(sorted(names))}")
    if shared:
        return Match(SAME_FIGURE, len(shared) / len(figures_a + only_b), f"shared: {_show(shared)}")
    return None


def _show(quantities: list[QuantityView]) -> str:
    return ", ".join(q.text for q in quantities) or "none"


def forget(db: sqlite_utils.Database, article_id: str) -> None:
    """Drop the article's matches (both directions) and its index keys before it is stored again."""
    db.execute(
        """delete from claim_matches where claim_id in (select id from claims where article_id = ?)
        or other_claim_id in (select id from claims where article_id = ?)""",
        [article_id, article_id],
    )
    claim_index.forget(db, article_id)


def refresh(db: sqlite_utils.Database, views: list[ClaimView], candidates: dict[str, list[str]],
            others: dict[str, ClaimView]) -> int:
    """Match the article's current claims with their candidates (kb.factcheck.claim_index.lookup); returns matches found."""
    rows = []
    for view in views:
        found = [(other, compare(view, other)) for other in (others[cid] for cid in candidates[view.id] if cid in others)]
        for kind in KINDS:
            best = sorted(((m.score, other.id, m, other) for other, m in found if m is not None and m.kind == kind), reverse=True)
            for _, _, m, other in best[: KEEP[kind]]:
                # the detail reads from the claim whose page shows it ("5.6 million against 9 million")
                back = compare(other, view) or m
                rows.append((content_id("match", view.id, other.id), view.id, other.id, m.kind, round(m.score, 3), m.detail))
                rows.append((content_id("match", other.id, view.id), other.id, view.id, m.kind, round(m.score, 3), back.detail))
    db.conn.executemany(
        "insert or replace into claim_matches (id, claim_id, other_claim_id, kind, score, detail) values (?, ?, ?, ?, ?, ?)", rows
    )
    return len(rows) // 2
