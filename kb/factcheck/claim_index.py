"""Bounded candidate lookups for claims: an inverted index of keys in `claim_keys`.

A claim's keys are what another article stating the same thing would share
with it in any language (its normalized quantities, its Latin-script names)
and in its own language (its longest content words, folded to Simplified).
Finding the claims that may match a new one is then one index lookup per
distinct key of the new article, each reading at most POSTING_LIMIT rows:
the cost of an ingest does not grow with the database. A key already held by
POSTING_LIMIT claims (a common word, a round figure) takes no more: its list
keeps the earliest claims that had it (those a fact-checker is likeliest to
have checked), later ones are found by their rarer keys, and the table grows
with the vocabulary, not with the claims (uncapped, it held every common word
once per claim: 1.05 million rows for 21k keys at 5k generated articles, and
each ingest wrote some 300 rows into ever more pages of its index).

Why not the FTS index that search uses: ranking its matches (bm25) scores
every claim that contains any of the words, which grows with the database,
and its tokens are single characters for Chinese, too common to select.
Only claims of articles that are not copies are indexed (kb.factcheck.copies).
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import jieba
import sqlite_utils

from kb.factcheck.normalize import fold

POSTING_LIMIT = 50
MAX_WORDS = 12
CANDIDATES = 8
LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")  # GPT-5, K2, U.S.: names matching and corroboration share
_EN_WORD = re.compile(r"[a-z][a-z'-]+")
_NOT_COMPARED = re.compile(r"[^\w#]|_")  # \w is str.isalnum() and `_`: what is left is letters, digits and `#`
_STOP = set(
    "the a an and or of to in on for with by at from as is are was were be been has have had this that these those it its "
    "their than more less about over under per million billion trillion percent said says say will would could can also "
    "which who what when where while after before into only just some other such not but all any each most much many "
    "的 了 和 与 及 在 是 为 将 被 对 也 都 而 这 那 其 一个 这个 我们 他们 它们 以及 已经 因为 所以 如果 但是 然而 甚至 "
    "相当于 约 约为 大约 仅 只 没有 可以 就是 这种 这一 一种 并且 不仅 而且 还是 其中 目前 据报道 表示 宣称".split()
)
# Capitalised words that start English sentences without naming anything.
_NOT_NAMES = set("the a an in on at it its this that these those but and or as by for from with after before when while "
                 "according analysts its their there here some most many".split())


@dataclass(frozen=True)
class QuantityView:
    text: str
    start: int
    end: int
    value: float | None
    unit: str | None
    qualifier: str
    per_unit: str | None = None
    id: str = ""

    @property
    def key(self) -> str | None:
        """Value and unit, 3 significant digits: 约560万美元 and $5.6 million share `q:USD:5.6e+06`."""
        if self.value is None or self.unit is None or self.qualifier == "vague":
            return None
        return f"q:{self.unit}/{self.per_unit or ''}:{self.value:.3g}"


@dataclass
class ClaimView:
    """What matching and corroboration read of a claim, from a draft or a stored row."""

    id: str
    article_id: str
    text: str
    language: str
    quantities: list[QuantityView] = field(default_factory=list)

    @cached_property
    def masked(self) -> str:
        """The text with each quantity replaced by `#`: what the sentence says about its figures."""
        out, at = [], 0
        for q in sorted(self.quantities, key=lambda q: q.start):
            if q.start >= at:
                out += [self.text[at : q.start], " # "]
                at = q.end
        return "".join(out) + self.text[at:]

    @cached_property
    def names(self) -> frozenset[str]:
        return names(self.masked, self.language)

    @cached_property
    def words(self) -> frozenset[str]:
        return content_words(self.masked, self.language)

    @cached_property
    def folded_chars(self) -> str:
        """The masked text folded, letters, digits and `#` only: what character similarity compares."""
        return _NOT_COMPARED.sub("", fold(self.masked))

    @cached_property
    def word_string(self) -> str:
        return " ".join(sorted(self.words | self.names))

    @cached_property
    def keys(self) -> list[str]:
        quantity_keys = {q.key for q in self.quantities if q.key}
        longest = sorted(self.words - self.names, key=lambda w: (-len(w), w))[:MAX_WORDS]
        return sorted(quantity_keys | {f"n:{n}" for n in self.names} | {f"w:{w}" for w in longest})


@lru_cache(maxsize=65536)
def names(text: str, language: str) -> frozenset[str]:
    """Latin-script names: every Latin word in Chinese text; in English, words with a capital or digit."""
    found = set()
    for m in LATIN_NAME.finditer(text):
        word = m.group()
        if word.isdigit():
            continue
        if language == "en" and (word.lower() in _NOT_NAMES or not any(ch.isupper() or ch.isdigit() for ch in word)):
            continue
        found.add(word.lower())
    return frozenset(found)


@lru_cache(maxsize=65536)
def content_words(text: str, language: str) -> frozenset[str]:
    """Words that say what a claim is about: no stop words, numbers or single characters."""
    folded = fold(text)
    if language == "en":
        return frozenset(w.rstrip("s") if len(w) > 4 else w for w in _EN_WORD.findall(folded) if w not in _STOP)
    return frozenset(
        w for w in jieba.lcut(folded)
        if len(w) > 1 and w not in _STOP and not any(ch.isdigit() for ch in w) and (w.isalnum() or "-" in w)
    )


def forget(db: sqlite_utils.Database, article_id: str) -> None:
    db.execute("delete from claim_keys where claim_id in (select id from claims where article_id = ?)", [article_id])


def index(db: sqlite_utils.Database, views: list[ClaimView], full: set[str] = frozenset()) -> None:
    """Store the claims' keys, but none of `full` (keys whose posting list `lookup` found full)."""
    db.conn.executemany(
        "insert or ignore into claim_keys (key, claim_id) values (?, ?)",
        [(key, view.id) for view in views for key in view.keys if key not in full],
    )


@dataclass
class Lookup:
    candidates: dict[str, list[str]]  # claim id -> up to CANDIDATES claim ids of other articles
    full: set[str]  # keys held by POSTING_LIMIT claims already: `index` adds no more


def lookup(db: sqlite_utils.Database, views: list[ClaimView], exclude_article: str) -> Lookup:
    """For each claim, the ids of up to CANDIDATES indexed claims of other articles sharing the most keys.

    A key is looked up once per article, reading at most POSTING_LIMIT rows.
    """
    wanted = {key for view in views for key in view.keys}
    postings = {
        key: [cid for (cid,) in db.execute("select claim_id from claim_keys where key = ? limit ?", [key, POSTING_LIMIT])]
        for key in sorted(wanted)
    }
    full = {key for key, cids in postings.items() if len(cids) >= POSTING_LIMIT}
    own = {view.id for view in views}
    found = {}
    for view in views:
        hits = Counter(cid for key in view.keys for cid in postings[key] if cid not in own)
        found[view.id] = [cid for cid, _ in sorted(hits.items(), key=lambda h: (-h[1], h[0]))[:CANDIDATES]]
    ids = sorted({cid for cids in found.values() for cid in cids})
    articles = dict(_chunked(db, "select id, article_id from claims where id in ({marks})", ids))
    return Lookup({vid: [cid for cid in cids if articles.get(cid) != exclude_article] for vid, cids in found.items()}, full)


def views_of(db: sqlite_utils.Database, claim_ids: list[str]) -> dict[str, ClaimView]:
    """Stored claims (with their article's language and their quantities) by id."""
    views = {
        cid: ClaimView(cid, aid, text, language)
        for cid, aid, text, language in _chunked(
            db, "select c.id, c.article_id, c.text, a.language from claims c join articles a on a.id = c.article_id"
            " where c.id in ({marks})", claim_ids)
    }
    for qid, cid, text, start, end, value, unit, qualifier, per_unit in _chunked(
        db, "select id, claim_id, text, start, [end], value, unit, qualifier, per_unit from quantities"
        " where claim_id in ({marks}) order by claim_id, start", claim_ids
    ):
        views[cid].quantities.append(QuantityView(text, start, end, value, unit, qualifier, per_unit, qid))
    return views


def view_of_draft(draft, article_id: str, language: str) -> ClaimView:
    quantities = [
        QuantityView(q.text, q.start, q.end, q.value, q.unit, q.qualifier, q.per_unit, f"{draft.id}-q{n}")
        for n, q in enumerate(draft.quantities, start=1)
    ]
    return ClaimView(draft.id, article_id, draft.text, language, quantities)


def _chunked(db: sqlite_utils.Database, sql: str, ids: list[str]) -> list[tuple]:
    out = []
    for at in range(0, len(ids), 500):
        part = ids[at : at + 500]
        out += db.execute(sql.format(marks=",".join("?" * len(part))), part).fetchall()
    return out
