"""Copies: the same story republished (new title, byline, boilerplate, a few edited sentences).

An article's body is cut into shingles (character 5-grams for Chinese, word
3-grams for English, of the folded text: Traditional and Simplified print the
same shingles) and summarised by a MinHash signature (datasketch). Two articles
whose estimated Jaccard similarity is at least THRESHOLD are copies. To find
the candidates without comparing with every article, the signature is cut into
BANDS bands of ROWS values (LSH); each band's hash is a row of `article_bands`,
and the candidates are the articles sharing a bucket: BANDS index lookups of at
most BUCKET_LIMIT rows each, however many articles the database holds.
datasketch's own MinHashLSH keeps its buckets in memory (or Redis/Cassandra),
which would be rebuilt from the whole database on every `kb ingest`; the
buckets live in SQLite instead, next to the articles.

A copy is linked to the earliest article of its group (by publication time,
then id, so a rebuild in any order gives the same links) in `article_copies`.
Copies are no independent source: their claims are neither matched nor
corroborated (kb.factcheck.matching, kb.factcheck.corroboration skip them).
"""

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import sqlite_utils
from datasketch import MinHash

from kb.factcheck.normalize import fold

NUM_PERM = 128
SEED = 1
THRESHOLD = 0.5
# datasketch.lsh._optimal_param(0.5, 128) gives 25 bands of 5 rows: a pair at
# Jaccard 0.5 shares a bucket with probability 1 - (1 - 0.5**5)**25 = 0.55.
# 32 bands of 4 rows raise that to 0.87 (0.99 at Jaccard 0.6), at the cost of
# more candidates to verify (0.23 at Jaccard 0.3); a candidate is kept only if
# its estimated similarity reaches THRESHOLD. Copies with up to 20 % of their
# sentences edited measured 0.74 or more (kb.factcheck.matching_eval).
BANDS, ROWS = 32, 4
BUCKET_LIMIT = 20
ZH_SHINGLE, EN_SHINGLE = 5, 3
_CHARS = re.compile(r"[\W_]+")
_EN_WORD = re.compile(r"[^\W_]+")


def shingles(text: str, language: str) -> set[str]:
    """`language` as articles store it: zh-Hans and zh-Hant are Chinese (character shingles)."""
    folded = fold(text)
    if language.split("-")[0] == "zh":
        chars = _CHARS.sub("", folded)
        return {chars[i : i + ZH_SHINGLE] for i in range(max(1, len(chars) - ZH_SHINGLE + 1))}
    tokens = _EN_WORD.findall(folded)
    return {" ".join(tokens[i : i + EN_SHINGLE]) for i in range(max(1, len(tokens) - EN_SHINGLE + 1))}


def body_text(article) -> str:
    """The body paragraphs: the title and byline are what a republisher changes first."""
    return "\n".join(block.text for block in article.blocks)


@dataclass
class Signature:
    hashvalues: np.ndarray
    shingles: int

    @classmethod
    def of(cls, text: str, language: str) -> "Signature":
        found = shingles(text, language)
        minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
        minhash.update_batch([s.encode("utf-8") for s in found])
        return cls(minhash.hashvalues.astype("<u8"), len(found))

    @classmethod
    def from_blob(cls, blob: bytes, shingles: int) -> "Signature":
        return cls(np.frombuffer(blob, dtype="<u8"), shingles)

    def blob(self) -> bytes:
        return self.hashvalues.tobytes()

    def similarity(self, other: "Signature") -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM

    def buckets(self) -> list[int]:
        """One signed 64-bit key per band (its number and values hashed)."""
        keys = []
        for band in range(BANDS):
            part = self.hashvalues[band * ROWS : (band + 1) * ROWS].tobytes()
            digest = hashlib.blake2b(bytes([band]) + part, digest_size=8).digest()
            keys.append(int.from_bytes(digest, "big", signed=True))
        return keys


def forget(db: sqlite_utils.Database, article_id: str) -> None:
    """Drop the article's buckets and its own copy link before it is stored again.
    Copies linked to it stay linked: `refresh` re-points them if it turns out a copy itself."""
    db.execute("delete from article_bands where article_id = ?", [article_id])
    db.execute("delete from article_copies where id = ?", [article_id])


def original_of(db: sqlite_utils.Database, article_id: str) -> str | None:
    row = db.execute("select original_id from article_copies where id = ?", [article_id]).fetchone()
    return row[0] if row else None


def candidates(db: sqlite_utils.Database, signature: Signature, article_id: str) -> dict[str, float]:
    """Articles sharing a bucket with the signature and estimated at THRESHOLD or more: {id: similarity}."""
    found: set[str] = set()
    for bucket in signature.buckets():
        found.update(
            aid for (aid,) in db.execute("select article_id from article_bands where bucket = ? limit ?", [bucket, BUCKET_LIMIT])
        )
    found.discard(article_id)
    similar = {}
    for aid in sorted(found):
        row = db.execute("select minhash, shingles from article_signatures where article_id = ?", [aid]).fetchone()
        if row:
            score = signature.similarity(Signature.from_blob(row[0], row[1]))
            if score >= THRESHOLD:
                similar[aid] = score
    return similar


def _earliest(db: sqlite_utils.Database, ids: set[str]) -> str:
    """By publication time (unknown last), then id: the same answer whatever order articles came in."""
    rows = db.execute(
        f"select id, published_at from articles where id in ({','.join('?' * len(ids))})", sorted(ids)
    ).fetchall()
    return min(rows, key=lambda r: (r[1] is None, r[1] or "", r[0]))[0]


def refresh(db: sqlite_utils.Database, article_id: str, signature: Signature) -> tuple[str | None, list[str]]:
    """Store the article's signature and buckets and link its copy group.

    Returns (the article's original if it is a copy, else None; articles that
    were originals and are now copies of an earlier one, whose matches and
    corroborations the caller drops).
    """
    forget(db, article_id)
    similar = candidates(db, signature, article_id)
    db.execute(
        "insert or replace into article_signatures (article_id, minhash, shingles) values (?, ?, ?)",
        [article_id, signature.blob(), signature.shingles],
    )
    db.conn.executemany(
        "insert or ignore into article_bands (bucket, article_id) values (?, ?)",
        [(bucket, article_id) for bucket in signature.buckets()],
    )
    if not similar:
        return None, []
    roots: dict[str, float] = {}  # each group's original, and its best similarity to this article
    for aid, score in similar.items():
        root = original_of(db, aid) or aid
        roots[root] = max(roots.get(root, 0.0), score)
    original = _earliest(db, set(roots) | {article_id})
    demoted = [root for root in roots if root != original]
    if original != article_id:
        db.execute("update article_copies set original_id = ? where original_id = ?", [original, article_id])
        db.execute("insert into article_copies (id, original_id, similarity) values (?, ?, ?)",
                   [article_id, original, max(similar.values())])
    for root in demoted:
        db.execute("update article_copies set original_id = ? where original_id = ?", [original, root])
        db.execute("insert or replace into article_copies (id, original_id, similarity) values (?, ?, ?)",
                   [root, original, similar.get(root, roots[root])])
    return (None if original == article_id else original), demoted
