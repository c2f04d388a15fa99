"""Storing parsed articles and their claims.

Re-ingesting keeps what users added: a claim whose sentence is unchanged keeps
its id, status, citations and verdicts; a claim whose sentence changed or went
away is marked superseded, never deleted.
"""

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import sqlite_utils

from kb import PROJECT_ROOT, KBError
from kb.extract.article import ParsedArticle, read_article
from kb.factcheck import claim_index, copies, corroboration, matching
from kb.factcheck.copies import Signature
from kb.extract.claims import ClaimDraft, split_claims
from kb.store.db import now, writing
from kb.store.ids import article_id
from kb.store.search import segment


@dataclass
class IngestResult:
    path: str
    article_id: str
    added: int = 0
    unchanged: int = 0
    superseded: int = 0
    corroborated: int = 0
    matched: int = 0
    copy_of: str | None = None

    def summary(self) -> str:
        return (
            f"{self.path}: article {self.article_id}: {self.added} added, "
            f"{self.unchanged} unchanged, {self.superseded} superseded"
            + (f"; {self.corroborated} quantities shared with other articles" if self.corroborated else "")
            + (f"; {self.matched} claims matched in other articles" if self.matched else "")
            + (f"; a copy of article {self.copy_of}" if self.copy_of else "")
        )


@dataclass
class PreparedArticle:
    """Everything an ingest writes, computed before the database is touched."""

    article: ParsedArticle
    id: str
    claims: list[ClaimDraft]
    signature: Signature

    @cached_property
    def claim_rows(self) -> list[dict]:
        return [{"id": draft.id, **claim_row(self.id, draft)} for draft in self.claims]

    @cached_property
    def quantity_rows(self) -> list[dict]:
        return quantity_rows(self.claims)


def prepare(path: Path) -> PreparedArticle:
    """Parse and split a file, and build its rows; raises KBError naming the file if it holds no claim.

    The rows are built here, not in `store`: with worker processes `prepare`
    runs in the workers, and the one process that writes is the bottleneck.
    """
    article = read_article(path)
    article.source_path = project_relative(path)
    aid = article_id(article.identity)
    drafts = split_claims(article, aid)
    if not drafts:
        raise KBError(f"{path}: no sentence found in the article body")
    prepared = PreparedArticle(article, aid, drafts, Signature.of(copies.body_text(article), article.language))
    prepared.claim_rows, prepared.quantity_rows  # noqa: B018  (built and cached now, so they travel with it)
    return prepared


def project_relative(path: Path) -> str:
    """`articles/x.txt` for the repo's own sources, so a build is the same in any checkout."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def store(db: sqlite_utils.Database, prepared: PreparedArticle) -> IngestResult:
    """Write one prepared article and relate it to the others; call inside `kb.store.db.writing(db)`."""
    result, same_text = store_rows(db, prepared)
    if same_text:  # its copy link, matches and corroborations stand as they are (same ids)
        result.copy_of = copies.original_of(db, prepared.id)
    else:
        _relate(db, prepared, result)
    return result


def store_rows(db: sqlite_utils.Database, prepared: PreparedArticle) -> tuple[IngestResult, bool]:
    """The article's own rows (article, claims, quantities); returns the result so far and whether
    the stored text was already the same. `store` then relates it (copies, matches, corroborations).

    Plain `executemany` of one statement per table: sqlite-utils' `insert_all`
    and `upsert` rebuild their SQL and inspect every value and the table's
    columns on each call, which cost as much as the writes themselves.
    """
    article = prepared.article
    result = IngestResult(article.source_path or "", prepared.id)
    row = article_row(prepared)
    existing_article = db.execute("select sha256, source_path, ingested_at from articles where id = ?", [prepared.id]).fetchone()
    same_text = existing_article is not None and existing_article[0] == row["sha256"]
    if same_text:
        # the same text, also under another file name, changes nothing
        row |= {"source_path": existing_article[1], "ingested_at": existing_article[2]}
    _upsert(db, "articles", [row])
    if not same_text:
        corroboration.forget(db, prepared.id)
        matching.forget(db, prepared.id)
    # Claims reference their article: one not stored before has none to keep or supersede.
    existing = {}
    if existing_article is not None:
        existing = dict(db.execute("select id, superseded_at from claims where article_id = ?", [prepared.id]).fetchall())
    # An existing claim keeps its status, a new one starts `unverified`.
    old_rows = [row for row in prepared.claim_rows if row["id"] in existing]
    new_rows = [{**row, "status": "unverified"} for row in prepared.claim_rows if row["id"] not in existing]
    result.unchanged, result.added = len(old_rows), len(new_rows)
    if old_rows:
        columns = [c for c in old_rows[0] if c != "id"]
        db.conn.executemany(
            f"update claims set {', '.join(f'[{c}] = ?' for c in columns)} where id = ?",
            ([row[c] for c in columns] + [row["id"]] for row in old_rows),
        )
    if new_rows:
        db.conn.executemany(_insert_sql("claims", list(new_rows[0])), (tuple(row.values()) for row in new_rows))
    current = {draft.id for draft in prepared.claims}
    gone = [cid for cid, superseded_at in existing.items() if cid not in current and superseded_at is None]
    stamp = now()
    db.conn.executemany("update claims set superseded_at = ? where id = ?", [(stamp, cid) for cid in gone])
    result.superseded = len(gone)
    _store_quantities(db, prepared, had_claims=bool(existing))
    return result, same_text


def _relate(db: sqlite_utils.Database, prepared: PreparedArticle, result: IngestResult) -> None:
    """Copy links, then (for an article that is no copy) claim matches and corroborations.

    A copy is one source with its original: its claims are neither matched nor
    corroborated, and an original that turns out a copy of an earlier article
    loses its own (kb.factcheck.copies).
    """
    result.copy_of, demoted = copies.refresh(db, prepared.id, prepared.signature)
    for aid in demoted:
        corroboration.forget(db, aid)
        matching.forget(db, aid)
    if result.copy_of:
        return
    views = [claim_index.view_of_draft(draft, prepared.id, prepared.article.language) for draft in prepared.claims]
    found = claim_index.lookup(db, views, prepared.id)
    candidates = found.candidates
    others = claim_index.views_of(db, sorted({cid for cids in candidates.values() for cid in cids}))
    result.matched = matching.refresh(db, views, candidates, others)
    result.corroborated = corroboration.refresh(db, views, candidates, others)
    claim_index.index(db, views, found.full)


def ingest_paths(db: sqlite_utils.Database, paths: list[Path]) -> list[IngestResult]:
    """Parse every file first, then write them all in one transaction."""
    prepared = [prepare(path) for path in paths]
    with writing(db):
        return [store(db, item) for item in prepared]


def article_row(prepared: PreparedArticle) -> dict:
    """The `articles` row of a prepared article, ingested now."""
    article = prepared.article
    return {
        "id": prepared.id,
        "title": article.title,
        "url": article.url,
        "site": article.site,
        "origin": article.origin,
        "published_at": article.published_at,
        "author": article.author,
        "language": article.language,
        "canonical_url": article.canonical_url,
        "fetched_at": article.fetched_at,
        "text": article.text,
        "source_path": article.source_path,
        "sha256": hashlib.sha256(article.text.encode("utf-8")).hexdigest(),
        "ingested_at": now(),
    }


def claim_row(aid: str, draft: ClaimDraft) -> dict:
    main = draft.main
    return {
        "article_id": aid,
        "position": draft.position,
        "section": draft.section,
        "text": draft.text,
        "start": draft.start,
        "end": draft.end,
        "value": main.value if main else None,
        "unit": main.unit if main else None,
        "superseded_at": None,
        "search_text": segment(draft.text),
    }


def quantity_rows(drafts: list[ClaimDraft]) -> list[dict]:
    """The `quantities` rows of some claims; ids are the claim's id and the quantity's order."""
    return [
        {
            "id": f"{draft.id}-q{n}",
            "claim_id": draft.id,
            "text": q.text,
            "value": q.value,
            "unit": q.unit,
            "qualifier": q.qualifier,
            "high": q.high,
            "per_value": q.per_value,
            "per_unit": q.per_unit,
            "start": q.start,
            "end": q.end,
            "change": q.change,
        }
        for draft in drafts
        for n, q in enumerate(draft.quantities, start=1)
    ]


def _store_quantities(db: sqlite_utils.Database, prepared: PreparedArticle, had_claims: bool) -> None:
    """Quantities are derived from the claim text: upserted by id, and stale ones dropped
    unless a check reads them (a check is evidence a user accepted; it keeps what it read).
    When the article had no claims stored (`had_claims`), none of its quantities can be stale."""
    rows = prepared.quantity_rows
    _upsert(db, "quantities", rows)
    if not had_claims:
        return
    keep = {row["id"] for row in rows}
    claim_ids = [draft.id for draft in prepared.claims]
    for chunk in range(0, len(claim_ids), 500):
        part = claim_ids[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        stale = [
            (qid,)
            for (qid,) in db.execute(
                f"""select id from quantities where claim_id in ({marks})
                and id not in (select quantity_id from check_inputs)
                and id not in (select target_id from checks where target_id is not null)""",
                part,
            ).fetchall()
            if qid not in keep
        ]
        db.conn.executemany("delete from quantities where id = ?", stale)


def _insert_sql(table: str, columns: list[str]) -> str:
    return f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) values ({', '.join('?' * len(columns))})"


def _upsert(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Insert rows, or update every column of a row whose id exists: what sqlite-utils' `upsert_all` runs."""
    if rows:
        columns = list(rows[0])
        updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "id")
        sql = f"{_insert_sql(table, columns)} on conflict (id) do update set {updates}"
        db.conn.executemany(sql, (tuple(row.values()) for row in rows))
