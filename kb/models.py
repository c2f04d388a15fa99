"""The schema: one SQLModel class per table.

These names are a contract other tools read (see README). Ids are text derived
from content (kb.ids), so a rebuild or a reordered build gives the same rows.
"""

from typing import Optional

from sqlmodel import Field, SQLModel


class Article(SQLModel, table=True):
    __tablename__ = "articles"

    id: str = Field(primary_key=True)
    title: str
    url: Optional[str] = None
    site: Optional[str] = None
    origin: Optional[str] = None
    published_at: Optional[str] = None
    language: str
    text: str
    source_path: Optional[str] = None
    sha256: str
    ingested_at: str


class Claim(SQLModel, table=True):
    __tablename__ = "claims"

    id: str = Field(primary_key=True)
    article_id: str = Field(foreign_key="articles.id", index=True)
    position: int
    section: Optional[str] = Field(default=None, index=True)
    text: str
    start: int
    end: int
    value: Optional[float] = None
    unit: Optional[str] = Field(default=None, index=True)
    status: str = Field(default="unverified", index=True, sa_column_kwargs={"server_default": "unverified"})
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
