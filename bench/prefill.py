"""Filling a database to N articles quickly, so that ingest can be measured at 100k articles.

Storing 100k articles through the whole pipeline takes many hours on 2 cores,
most of it comparing each new claim with its candidates (kb.factcheck.matching,
corroboration), work whose results no later ingest reads. The cost of storing
article N+1 depends on what the database holds, not on how it got there: the
size of every table and index, the posting lists of `claim_keys`, the LSH
buckets of `article_bands`, the signatures, claims and quantities that the
bounded lookups read. A prefill article writes all of these, with the same SQL:

- it is a **clone** of a real article of the growth corpus that was stored
  through `store` (an original, not a copy): the same claims (count, sections,
  positions) and the same quantities (value, unit, qualifier: the same
  quantity keys, so their posting lists fill as fast as they can), with
  SUBSTITUTE of the words around the figures replaced by words of the corpus
  (bench.matching.diversify's rule), under a new article id and new claim ids:
  distinct texts, so nothing a later ingest reads is cached from its source;
- its keys are kb.factcheck.claim_index's (ClaimView.keys) of the edited text,
  the Chinese content words taken from the source's jieba cut with the
  substituted words (one segmentation per source, not per clone);
- its MinHash signature is its source's with each value kept with probability
  CLONE_SIMILARITY and the others drawn at random: what min-hashing a text
  whose shingles overlap the source's at that Jaccard gives, value by value
  (clones edited as text measured 0.2-0.33 against their source). So a clone
  shares LSH buckets with its source and its other clones now and then
  (1 - (1 - 0.25^4)^32 = 12 % per pair), as articles on one story do, and is
  no copy of them (the copy check runs on it and is counted);
- its rows go through the same SQL as an ingest: kb.store.ingest.store_rows
  (articles, claims with their search index and facet counts, quantities),
  kb.factcheck.copies.refresh (signature, bands, copy check) and
  kb.factcheck.claim_index.index (keys; none for a key whose posting list is
  full, as `lookup` would find it: counted here instead of read);
- instead of comparing its claims with their candidates, it takes the claim
  matches and corroborations its source's real ingest found (with claims
  stored before it), re-pointed at its own claims, both directions: those
  tables grow by as many rows per article as with real ingests.

Clones are built in worker processes (the edited text, signature and keys); this
process writes them, PREFILL_BATCH articles per transaction (the rows are the
same as with one transaction each; only the measured articles are stored one
transaction each, as `kb ingest` does).
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter

import numpy as np

from bench.matching import SUBSTITUTE, _replaceable, _vocabulary, _words

PREFILL_BATCH = 200
CLONE_SIMILARITY = 0.25  # Jaccard of a clone's shingles with its source's (text clones edited at SUBSTITUTE measured 0.2-0.33)

_SOURCES: list = []  # set before the workers fork: the clones' sources, read by index
_VOCABULARIES: dict[str, list[str]] = {}


def _pieces(text: str, quantities: list, language: str) -> tuple[list, list[tuple[int, int]]]:
    """A claim cut at its figures: word lists and figure texts in turn, and where each quantity
    sits (the kept figure it is in, its offset there: a span overlapping another moves with it)."""
    pieces, anchors, at, kept = [], {}, 0, -1
    for n, q in sorted(enumerate(quantities), key=lambda item: item[1].start):
        if q.start >= at:
            pieces += [_words(text[at : q.start], language), text[q.start : q.end]]
            kept, kept_start, at = kept + 1, q.start, q.end
        anchors[n] = (kept, q.start - kept_start)
    pieces.append(_words(text[at:], language))
    return pieces, [anchors[n] for n in range(len(quantities))]


_PIECES: dict[int, list] = {}  # per worker: each source's claims cut once, edited for each of its clones


def clone(index: int, n: int, vocabulary: list[str]):
    """Prefill article `n`: source `index` edited, under new ids; returns it and its claim views (keys computed)."""
    from kb.extract.claims import ClaimDraft
    from kb.factcheck.claim_index import content_words, view_of_draft
    from kb.factcheck.copies import NUM_PERM, Signature
    from kb.store.ids import article_id, claim_id
    from kb.store.ingest import PreparedArticle

    source = _SOURCES[index]
    language = source.article.base_language
    cut = _PIECES.get(index) or _PIECES.setdefault(index, [_pieces(d.text, d.quantities, language) for d in source.claims])
    rng = random.Random(n)
    aid = article_id(f"prefill\0{n}\0{source.id}")
    drafts, words, at = [], [], 0
    for draft, (pieces, anchors) in zip(source.claims, cut):
        out, starts, length, mine = [], [], 0, []
        for piece in pieces:
            if isinstance(piece, str):  # a figure, kept as it is
                starts.append(length)
                out.append(piece)
                length += len(piece)
                continue
            for word in piece:
                if _replaceable(word) and rng.random() < SUBSTITUTE:
                    word = rng.choice(vocabulary)
                out.append(word)
                mine.append(word)
                length += len(word)
        text = "".join(out)
        quantities = [dataclasses.replace(q, start=starts[k] + offset, end=starts[k] + offset + q.end - q.start)
                      for q, (k, offset) in zip(draft.quantities, anchors)]
        drafts.append(ClaimDraft(claim_id(aid, text, draft.position), draft.position, draft.section, text, at, at + len(text), quantities))
        words.append(mine)
        at += len(text) + 1
    article = dataclasses.replace(source.article, title=f"{source.article.title} ({n})", text="\n".join(d.text for d in drafts),
                                  blocks=[], url=None, canonical_url=None, source_path=f"prefill/{n}")
    # a text whose shingles overlap its source's at Jaccard CLONE_SIMILARITY: each MinHash value is the source's
    # with that probability, else another (what min-hashing two such sets gives, value by value)
    values = np.random.default_rng(n)
    keep = values.random(NUM_PERM) < CLONE_SIMILARITY
    hashvalues = np.where(keep, source.signature.hashvalues, values.integers(0, 2**32, NUM_PERM, dtype="<u8")).astype("<u8")
    prepared = PreparedArticle(article, aid, drafts, Signature(hashvalues, source.signature.shingles))
    prepared.claim_rows, prepared.quantity_rows  # noqa: B018  (built here, in the worker)
    views = [view_of_draft(d, aid, article.language) for d in drafts]
    for view, mine in zip(views, words):
        if language == "zh":  # the edited words as jieba cut them in the source: no second segmentation
            view.__dict__["words"] = frozenset().union(*(content_words(w, language) for w in mine))
        view.keys  # noqa: B018  (computed here: cached on the view, pickled with it)
    return prepared, views


def _clone_task(task: tuple[int, int]):
    index, n = task
    language = _SOURCES[index].article.base_language
    vocabulary = _VOCABULARIES.get(language) or _VOCABULARIES.setdefault(language, _vocabulary(language))
    prepared, views = clone(index, n, vocabulary)
    return prepared, views, [d.id for d in _SOURCES[index].claims]


def relations_of(db, sources: list) -> dict[str, tuple[list, list]]:
    """The claim matches and corroborations each source's real ingest found, by claim: those with
    claims stored before it (later articles' matches with it are theirs). Read once, before any clone."""
    out: dict[str, tuple[list, list]] = {}
    for source in sources:
        for draft in source.claims:
            cid = draft.id
            matches = db.execute(
                "select m.id, m.claim_id, m.other_claim_id, m.kind, m.score, m.detail from claim_matches m"
                " join claims o on o.id = m.other_claim_id where m.claim_id = ? and o.rowid < (select rowid from claims where id = ?)",
                [cid, cid]).fetchall()
            corroborations = db.execute(
                "select r.id, r.claim_id, r.other_claim_id, r.quantity_id, r.other_quantity_id, r.relation, r.shared_words"
                " from corroborations r join claims o on o.id = r.other_claim_id"
                " where r.claim_id = ? and o.rowid < (select rowid from claims where id = ?)", [cid, cid]).fetchall()
            if matches or corroborations:
                out[cid] = (matches, corroborations)
    return out


def write_clone(db, prepared, views, source_claims: list[str], relations: dict[str, tuple[list, list]], postings: Counter) -> bool:
    """Store a clone with the SQL an ingest runs (see the module docstring); returns True if it was linked as a copy.

    `postings` counts each key's claims: a key with POSTING_LIMIT is full, as `claim_index.lookup` finds it."""
    from kb.factcheck import claim_index, copies
    from kb.store.ingest import store_rows

    store_rows(db, prepared)
    copy_of, _ = copies.refresh(db, prepared.id, prepared.signature)
    if copy_of:
        return True
    full = {key for view in views for key in view.keys if postings[key] >= claim_index.POSTING_LIMIT}
    claim_index.index(db, views, full)
    postings.update(key for view in views for key in view.keys if key not in full)
    matches, corroborations = [], []
    for view, source in zip(views, source_claims):
        # its source's matches and corroborations, re-pointed at this claim (both directions)
        rows = relations.get(source, ((), ()))
        for mid, _, other, kind, score, detail in rows[0]:
            matches += [(prepared.id + mid, view.id, other, kind, score, detail), (prepared.id + mid + "<", other, view.id, kind, score, detail)]
        for rid, _, other, qa, qb, relation, words in rows[1]:
            qa = qa.replace(source, view.id, 1)
            corroborations += [(prepared.id + rid, view.id, other, qa, qb, relation, words),
                               (prepared.id + rid + "<", other, view.id, qb, qa, relation, words)]
    db.conn.executemany("insert or ignore into claim_matches (id, claim_id, other_claim_id, kind, score, detail) values (?, ?, ?, ?, ?, ?)", matches)
    db.conn.executemany(
        "insert or ignore into corroborations (id, claim_id, other_claim_id, quantity_id, other_quantity_id, relation, shared_words)"
        " values (?, ?, ?, ?, ?, ?, ?)", corroborations)
    return False


def fill(db, sources: list, relations: dict, start: int, until: int, pool, log=print) -> dict:
    """Write prefill articles start..until-1 (cloning `sources` in turn, `relations` their rows from
    `relations_of`) with the worker `pool` (forked after `set_sources`); returns how many were written
    and linked as copies.

    The workers clone one batch while this process writes the one before, never
    more: `pool.imap` over all the tasks would let them run ahead of the writer
    and pile up finished clones (12 GB at 20k of them), the memory the operating
    system needs to cache the database file.
    """
    from kb.store.db import writing

    def submit(at: int):
        if at >= until:
            return None
        tasks = [(n % len(sources), n) for n in range(at, min(at + PREFILL_BATCH, until))]
        return pool.map_async(_clone_task, tasks, chunksize=8)

    written = linked = 0
    postings = Counter(dict(db.execute("select key, count(*) from claim_keys group by key").fetchall()))
    pending = submit(start)
    while pending is not None:
        batch = pending.get()
        pending = submit(start + written + len(batch))
        with writing(db):
            for prepared, views, source_claims in batch:
                linked += write_clone(db, prepared, views, source_claims, relations, postings)
        written += len(batch)
        if written % 10_000 < PREFILL_BATCH:
            log(f"    prefilled {written:,} of {until - start:,}")
    return {"written": written, "linked_as_copies": linked}


def set_sources(sources: list) -> None:
    """The articles clones are made of; call before the worker pool forks."""
    _SOURCES[:] = sources
