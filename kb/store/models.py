"""The schema: one SQLModel class per table.

These names are a contract other tools read (see README). Ids are text derived
from content (kb.store.ids), so a rebuild or a reordered build gives the same rows.
"""

from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

FACETED = ("article_id", "section", "unit", "status")  # the claims facets in metadata.yml


class Article(SQLModel, table=True):
    __tablename__ = "articles"

    id: str = Field(primary_key=True)
    title: str
    url: Optional[str] = None
    site: Optional[str] = None
    origin: Optional[str] = None
    published_at: Optional[str] = None
    author: Optional[str] = None
    language: str
    canonical_url: Optional[str] = None
    fetched_at: Optional[str] = None
    text: str
    source_path: Optional[str] = None
    sha256: str
    ingested_at: str


class Claim(SQLModel, table=True):
    __tablename__ = "claims"

    # The table's default sort is `position` (metadata.yml), and its facets filter on
    # article_id, section, unit and status: an index on (column, position) for each
    # answers "rows with this value, in order, first 50" without a scan. With one on the
    # column alone, at a million claims a rare value (status=refuted) walked the whole
    # position index: over a second.
    __table_args__ = tuple(Index(f"ix_claims_{column}_position", column, "position") for column in FACETED)

    id: str = Field(primary_key=True)
    article_id: str = Field(foreign_key="articles.id")
    position: int = Field(index=True)
    section: Optional[str] = None
    text: str
    start: int
    end: int
    value: Optional[float] = None
    unit: Optional[str] = None
    status: str = Field(default="unverified", sa_column_kwargs={"server_default": "unverified"})
    superseded_at: Optional[str] = Field(default=None, index=True)
    search_text: str = Field(default="", sa_column_kwargs={"server_default": ""})
    quote_search: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Quantity(SQLModel, table=True):
    __tablename__ = "quantities"

    id: str = Field(primary_key=True)
    claim_id: str = Field(foreign_key="claims.id", index=True)
    text: str
    value: Optional[float] = None
    unit: Optional[str] = Field(default=None, index=True)
    qualifier: str = Field(default="exact", index=True)
    high: Optional[float] = None
    per_value: Optional[float] = None
    per_unit: Optional[str] = None
    start: int
    end: int
    change: Optional[str] = None  # "up"/"down" when the quantity is a change (rose by 250), null for a level


class Citation(SQLModel, table=True):
    __tablename__ = "citations"

    id: str = Field(primary_key=True)
    claim_id: str = Field(foreign_key="claims.id", index=True)
    url: str
    title: Optional[str] = None
    publisher: Optional[str] = None
    published_at: Optional[str] = None
    quote: Optional[str] = None
    stance: str = Field(index=True)
    note: Optional[str] = None
    added_at: str


class Verdict(SQLModel, table=True):
    __tablename__ = "verdicts"

    id: str = Field(primary_key=True)
    claim_id: str = Field(foreign_key="claims.id", index=True)
    status: str
    previous_status: str
    note: str
    author: str
    created_at: str = Field(index=True)
    same_as: Optional[str] = None  # the claim whose verdict this one follows (`kb verdict --same-as`)


class Check(SQLModel, table=True):
    """An arithmetic test of a claim's figure against other figures (kb.factcheck.checks)."""

    __tablename__ = "checks"

    id: str = Field(primary_key=True)
    claim_id: str = Field(foreign_key="claims.id", index=True)
    target_id: Optional[str] = Field(default=None, foreign_key="quantities.id", index=True)
    kind: str
    description: str
    expression: str
    op: str
    expected: float
    tolerance: float
    computed: Optional[float] = None
    result: str = Field(index=True)
    detail: str
    added_at: str


class CheckInput(SQLModel, table=True):
    """Which quantity each name in a check's expression reads."""

    __tablename__ = "check_inputs"

    id: str = Field(primary_key=True)
    check_id: str = Field(foreign_key="checks.id", index=True)
    name: str
    quantity_id: str = Field(foreign_key="quantities.id", index=True)
    claim_id: str = Field(foreign_key="claims.id", index=True)
    value: float


class Corroboration(SQLModel, table=True):
    """Two articles' claims stating a quantity about the same thing: agreeing or not."""

    __tablename__ = "corroborations"

    id: str = Field(primary_key=True)
    claim_id: str = Field(foreign_key="claims.id", index=True)
    other_claim_id: str = Field(foreign_key="claims.id", index=True)
    quantity_id: str = Field(foreign_key="quantities.id", index=True)
    other_quantity_id: str = Field(foreign_key="quantities.id", index=True)
    relation: str = Field(index=True)
    shared_words: str


class Removal(SQLModel, table=True):
    """A citation taken back or a check un-accepted: the row as it was, who removed it, when and why.

    Evidence is never deleted silently: the row leaves `citations` or `checks`
    (so nothing reads it as evidence any more) and is kept here, and in the
    fact-check file, which `kb build` replays.
    """

    __tablename__ = "removals"

    id: str = Field(primary_key=True)
    kind: str = Field(index=True)
    item_id: str = Field(index=True)
    claim_id: str = Field(foreign_key="claims.id", index=True)
    item: str
    reason: str
    removed_by: str
    removed_at: str


class ArticleSignature(SQLModel, table=True):
    """An article's MinHash signature over its body's shingles (kb.factcheck.copies)."""

    __tablename__ = "article_signatures"

    article_id: str = Field(primary_key=True, foreign_key="articles.id")
    minhash: bytes
    shingles: int


class ArticleBand(SQLModel, table=True):
    """LSH buckets: one row per band of an article's signature, keyed by the band's hash,
    so the candidates of a new article are a few index lookups, whatever the database holds."""

    __tablename__ = "article_bands"

    bucket: int = Field(primary_key=True)
    article_id: str = Field(primary_key=True, foreign_key="articles.id", index=True)


class ArticleCopy(SQLModel, table=True):
    """A near-duplicate article, linked to the earliest copy of its text (its original)."""

    __tablename__ = "article_copies"

    id: str = Field(primary_key=True, foreign_key="articles.id")
    original_id: str = Field(foreign_key="articles.id", index=True)
    similarity: float


class ClaimKey(SQLModel, table=True):
    """What a claim can be found by: its normalized quantities, names and content words (kb.factcheck.claim_index).
    Derived from the claim, so it goes with it (as do its matches)."""

    __tablename__ = "claim_keys"

    key: str = Field(primary_key=True)
    claim_id: str = Field(primary_key=True, foreign_key="claims.id", index=True, ondelete="CASCADE")


class ClaimMatch(SQLModel, table=True):
    """Two claims of different articles saying the same thing (or the same figure, or contradicting). One row each way."""

    __tablename__ = "claim_matches"

    id: str = Field(primary_key=True)
    claim_id: str = Field(foreign_key="claims.id", index=True, ondelete="CASCADE")
    other_claim_id: str = Field(foreign_key="claims.id", index=True, ondelete="CASCADE")
    kind: str = Field(index=True)
    score: float
    detail: str
