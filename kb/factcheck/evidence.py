"""Citations and verdicts: validation, and applying them to the database.

A claim's status moves from `unverified` only with evidence: `supported` and
`partly_supported` need a supporting citation, `refuted` and `misleading` a
refuting one. Every status change is appended to `verdicts`; nothing is updated
in place except `claims.status`, which shows the latest.
"""

import difflib
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from urllib.parse import urlsplit

import sqlite_utils

from kb import KBError
from kb.extract.chinese import fold
from kb.extract.invisible import strip_invisible
from kb.store.ids import content_id
from kb.store.search import segment

STANCES = ("supports", "refutes", "context")
STATUSES = ("unverified", "supported", "partly_supported", "misleading", "refuted", "unverifiable")
NEEDS_STANCE = {"supported": "supports", "partly_supported": "supports", "refuted": "refutes", "misleading": "refutes"}
CHECK_RESULT = {"supports": "holds", "refutes": "fails"}
MAX_QUOTE_CHARS = 300
MAX_URL_CHARS = 2000
MAX_TEXT_CHARS = 5000  # a note, title, publisher or author: a paragraph, not a document
# Never valid in a URL as written (RFC 3986), and what breaks out of an attribute or a line.
_URL_FORBIDDEN = re.compile(r'[\x00-\x20\x7f"<>\\^`{|}]')


@dataclass
class CitationInput:
    url: str
    stance: str
    title: str | None = None
    publisher: str | None = None
    published_at: str | None = None
    quote: str | None = None
    note: str | None = None
    added_at: str | None = None

    @property
    def key(self) -> tuple:
        return (self.url, self.quote or "")


@dataclass
class VerdictInput:
    status: str
    note: str
    author: str
    created_at: str | None = None
    same_as: str | None = None  # the checked claim whose verdict this follows (kb.factcheck.same_as)


@dataclass
class ClaimRef:
    """How a fact-check file names a claim: its id, plus a snapshot to restore it if its sentence is gone."""

    id: str
    text: str
    position: int
    section: str | None
    start: int
    end: int
    citations: list[CitationInput] = field(default_factory=list)
    verdicts: list[VerdictInput] = field(default_factory=list)
    removed: list["Removed"] = field(default_factory=list)


@dataclass
class Removed:
    """A citation (or, at file level, a check) taken back: the item as it was, who, when and why."""

    item: "CitationInput | object"
    removed_by: str
    reason: str
    removed_at: str


def shallow(item) -> dict:
    """A dataclass's fields as a dict, without `asdict`'s recursive deep copy (most of the cost of 10k citations)."""
    return {f.name: getattr(item, f.name) for f in fields(item)}


def validate_citation(c: CitationInput, where: str) -> CitationInput:
    """Check one citation; `where` names the file and row (or the command) in the error."""
    _check_url(c.url or "", where)
    _clean_text_fields(c, where, skip=("url", "stance", "published_at", "added_at"))
    if c.stance not in STANCES:
        raise KBError(f"{where}: unknown stance {c.stance!r}; use one of {', '.join(STANCES)}")
    if c.published_at:
        c.published_at = _iso_date(str(c.published_at), where)
    if c.quote and len(c.quote) > MAX_QUOTE_CHARS:
        raise KBError(f"{where}: quote is {len(c.quote)} characters; quote one short sentence (≤ {MAX_QUOTE_CHARS})")
    return c


def _check_url(url: str, where: str) -> None:
    """http(s) with a host, parsed by urllib; no whitespace, quote or control character anywhere
    (urlsplit itself silently drops tabs and newlines, so they are looked for first)."""
    bad = _URL_FORBIDDEN.search(url)
    if bad or len(url) > MAX_URL_CHARS:
        why = f"character {bad.group()!r} at position {bad.start() + 1}" if bad else f"longer than {MAX_URL_CHARS} characters"
        raise KBError(f"{where}: malformed url {url!r}: {why} (want http(s)://host/...)")
    try:
        parsed = urlsplit(url)
        parsed.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError as exc:
        raise KBError(f"{where}: malformed url {url!r}: {exc}") from None
    if parsed.scheme not in ("http", "https") or not parsed.hostname or strip_invisible(url) != url:
        raise KBError(f"{where}: malformed url {url!r} (want http(s)://host/...)")


def _clean_text_fields(item, where: str, skip: tuple = ()) -> None:
    """Invisible format characters removed (kb.extract.invisible); each text field bounded."""
    for f in fields(item):
        value = getattr(item, f.name)
        if f.name in skip or not isinstance(value, str):
            continue
        value = strip_invisible(value)
        if len(value) > MAX_TEXT_CHARS:
            raise KBError(f"{where}: {f.name} is {len(value):,} characters; at most {MAX_TEXT_CHARS:,}")
        setattr(item, f.name, value)


def validate_verdict(v: VerdictInput, where: str) -> VerdictInput:
    _clean_text_fields(v, where, skip=("status", "created_at"))
    if v.status not in STATUSES:
        raise KBError(f"{where}: unknown status {v.status!r}; use one of {', '.join(STATUSES)}")
    if not (v.note or "").strip():
        raise KBError(f"{where}: a verdict needs a note saying why")
    if not (v.author or "").strip():
        raise KBError(f"{where}: a verdict needs an author")
    return v


def find_claim(db: sqlite_utils.Database, claim: str | None = None, match: str | None = None) -> dict:
    """A claim by id, or by a text match that must hit exactly one current claim."""
    if claim:
        rows = list(db["claims"].rows_where("id = ?", [claim]))
        if not rows:
            raise KBError(f"unknown claim id {claim!r}{closest_claims(db, claim)}")
        return rows[0]
    if not match:
        raise KBError("name a claim: give its id or --match TEXT")
    rows = list(db["claims"].rows_where("instr(text, ?) > 0 and superseded_at is null", [match], order_by="article_id, position"))
    if not rows and re.search(r"[\u3400-\u9fff]", match):
        # 台积电 names the claim that says 台積電: the same text in the other script
        db.conn.create_function("kb_fold", 1, fold, deterministic=True)
        rows = list(db["claims"].rows_where("instr(kb_fold(text), ?) > 0 and superseded_at is null", [fold(match)],
                                            order_by="article_id, position"))
    if len(rows) == 1:
        return rows[0]
    if not rows:
        raise KBError(f"no claim contains {match!r}")
    listing = "\n".join(f"  {row['id']}  {row['text'][:80]}" for row in rows[:20])
    raise KBError(f"{len(rows)} claims contain {match!r}; give one id or a longer match:\n{listing}")


def closest_claims(db: sqlite_utils.Database, claim: str, text: str | None = None, n: int = 3) -> str:
    """"; closest current claims: ..." for an error about an id that names no claim: ids one typo
    away, then claims whose text is nearest the text the caller expected (difflib, stdlib)."""
    rows = {row["id"]: row["text"] for row in db["claims"].rows_where("superseded_at is null", select="id, text")}
    ids = difflib.get_close_matches(claim, rows, n=n, cutoff=0.6)
    if text and len(ids) < n:
        by_text = {t: i for i, t in rows.items()}
        ids += [by_text[t] for t in difflib.get_close_matches(text, by_text, n=n, cutoff=0.3) if by_text[t] not in ids]
    if not ids:
        return ""
    return "; closest current claims: " + "; ".join(f"{i} ({rows[i][:60]})" for i in ids[:n])


def citation_id(claim_id: str, c: CitationInput) -> str:
    return content_id("citation", claim_id, c.url, c.quote or "")


def add_citation(db: sqlite_utils.Database, claim_id: str, c: CitationInput, index_quotes: bool = True) -> bool:
    """Insert unless the same claim already cites the same url and quote; True if added.

    Adding many: pass `index_quotes=False` and call `index_quotes` once per claim
    after (re-indexing every quote of the claim on each citation was quadratic).
    """
    cid = citation_id(claim_id, c)
    if db.execute("select 1 from citations where id = ?", [cid]).fetchone():
        return False
    row = {"id": cid, "claim_id": claim_id, **shallow(c)}
    db.execute(f"insert into citations ({', '.join(f'[{k}]' for k in row)}) values ({', '.join('?' * len(row))})", list(row.values()))
    if index_quotes:
        reindex_quotes(db, [claim_id])
    return True


def reindex_quotes(db: sqlite_utils.Database, claim_ids) -> None:
    """A claim's citation quotes, joined, as its search column `quote_search`."""
    for claim_id in dict.fromkeys(claim_ids):
        quotes = [q for (q,) in db.execute("select quote from citations where claim_id = ? and quote is not null order by id", [claim_id])]
        db.execute("update claims set quote_search = ? where id = ?", [segment(" | ".join(quotes)), claim_id])


def add_verdict(db: sqlite_utils.Database, claim_id: str, v: VerdictInput, where: str, require_evidence: bool = True) -> bool:
    """Append a status change; True if added (the same change twice is kept once).

    `require_evidence=False` only for a rebuild replaying a verdict whose evidence can no
    longer be computed (kb.factcheck.files.apply warns): history is kept, never dropped.
    """
    vid = content_id("verdict", claim_id, v.status, v.note, v.author, v.created_at or "")
    if db["verdicts"].count_where("id = ?", [vid]):
        return False
    needed = NEEDS_STANCE.get(v.status)
    if require_evidence and needed and not _has_evidence(db, claim_id, needed):
        raise KBError(
            f"{where}: status {v.status!r} needs a citation that {needed[:-1]}s claim {claim_id} "
            f"(or a check that {CHECK_RESULT[needed]}); add it first"
        )
    previous = db["claims"].get(claim_id)["status"]
    db["verdicts"].insert({"id": vid, "claim_id": claim_id, "previous_status": previous, **asdict(v)})
    db["claims"].update(claim_id, {"status": v.status})
    return True


def _has_evidence(db: sqlite_utils.Database, claim_id: str, stance: str) -> bool:
    """A citation with the stance, or a check of the claim with the matching result."""
    if db["citations"].count_where("claim_id = ? and stance = ?", [claim_id, stance]):
        return True
    return db["checks"].exists() and bool(db["checks"].count_where("claim_id = ? and result = ?", [claim_id, CHECK_RESULT[stance]]))


def restore_claim(db: sqlite_utils.Database, article_id: str, ref: ClaimRef, superseded_at: str) -> None:
    """Bring back a claim whose sentence has left the article, so its evidence keeps a home."""
    db["claims"].insert(
        {
            "id": ref.id,
            "article_id": article_id,
            "position": ref.position,
            "section": ref.section,
            "text": ref.text,
            "start": ref.start,
            "end": ref.end,
            "status": "unverified",
            "superseded_at": superseded_at,
            "search_text": segment(ref.text),
        }
    )


def _iso_date(value: str, where: str) -> str:
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        raise KBError(f"{where}: invalid date {value!r} (want YYYY-MM-DD)") from None
