"""Facets that stay fast at a million claims: counts kept in a table, samples for large filtered sets.

Datasette's column facet runs `select col, count(*) from (<the page's query>)
group by col` for every facet on every page view. Over a million claims that is
a full scan per facet (0.2-0.4 s each), whatever indexes exist. So:

- **Unfiltered table page** (no filter, no search): the counts come from
  `facet_counts`, one row per (table, column, value) with its count. Triggers on
  the counted tables keep it exact on every insert, update and delete, whichever
  code path writes (kb ingest, kb build, verdicts, a user's own SQL); a bulk load
  may suspend the triggers and `rebuild` the counts in one pass instead.
- **Filtered or searched page**: one query reads the facet columns of the first
  `SAMPLE_ROWS + 1` matching rows (one, not one per facet: each re-runs the
  page's search) and the counts are made from them: exact when at most
  `SAMPLE_ROWS` rows match; over more, counts of the first `SAMPLE_ROWS`, and the
  facet says so (`"sampled": SAMPLE_ROWS` in JSON, `status (in the first 1,000
  matches)` in HTML). A sample answers "what kinds of rows match" at a bounded cost, never
  a full scan of the matches.
- **A facet the user adds with `?_facet=`** is Datasette's own (exact, with
  Datasette's facet time limit).

Which columns are counted is declared here (COUNTED) and used in metadata.yml
as `facets: [{counted: status}, ...]`; `plugins/facets.py` registers the facet
class and hides `facet_counts` from the table list.
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager

import sqlite_utils

COUNTS_TABLE = "facet_counts"
COUNTED: dict[str, tuple[str, ...]] = {
    "claims": ("status", "unit", "section", "article_id"),
    "quantities": ("unit", "qualifier"),
}
SAMPLE_ROWS = 1_000  # as many as a broad search lists (kb.store.search.SEARCH_LIMIT)
FACET_TYPE = "counted"


# --- the counts table and its triggers ------------------------------------------------


def _trigger_sql(table: str, column: str) -> list[str]:
    key = f"'{table}', '{column}'"
    inc = (
        f"insert into {COUNTS_TABLE} (tbl, col, value, n) select {key}, new.[{column}], 1 "
        f"where new.[{column}] is not null on conflict (tbl, col, value) do update set n = n + 1;"
    )
    dec = (
        f"update {COUNTS_TABLE} set n = n - 1 where tbl = '{table}' and col = '{column}' and value = old.[{column}];"
        f" delete from {COUNTS_TABLE} where tbl = '{table}' and col = '{column}' and value = old.[{column}] and n <= 0;"
    )
    name = f"{COUNTS_TABLE}_{table}_{column}"
    return [
        f"create trigger if not exists [{name}_ai] after insert on [{table}] begin {inc} end",
        f"create trigger if not exists [{name}_ad] after delete on [{table}] begin {dec} end",
        f"create trigger if not exists [{name}_au] after update of [{column}] on [{table}]"
        f" when old.[{column}] is not new.[{column}] begin {dec} {inc} end",
    ]


def trigger_names(db: sqlite_utils.Database) -> list[str]:
    return [
        name
        for (name,) in db.execute(
            "select name from sqlite_master where type = 'trigger' and name like ?", [f"{COUNTS_TABLE}%"]
        ).fetchall()
        if name.startswith(COUNTS_TABLE + "_")
    ]


def ensure_counts(db: sqlite_utils.Database) -> None:
    """Create the counts table and its triggers if missing, counting the rows already there."""
    created = not db[COUNTS_TABLE].exists()
    db.execute(
        f"create table if not exists {COUNTS_TABLE} (tbl text not null, col text not null, value, n integer not null,"
        " primary key (tbl, col, value))"
    )
    db.execute(f"create index if not exists {COUNTS_TABLE}_by_n on {COUNTS_TABLE} (tbl, col, n desc, value)")
    missing = not trigger_names(db)
    install_triggers(db)
    if created or missing:
        rebuild(db)


def install_triggers(db: sqlite_utils.Database) -> None:
    for table, columns in COUNTED.items():
        if db[table].exists():
            for column in columns:
                for sql in _trigger_sql(table, column):
                    db.execute(sql)


def rebuild(db: sqlite_utils.Database) -> None:
    """Recount every counted column from scratch (one GROUP BY each)."""
    db.execute(f"delete from {COUNTS_TABLE}")
    for table, columns in COUNTED.items():
        if not db[table].exists():
            continue
        for column in columns:
            db.execute(
                f"insert into {COUNTS_TABLE} (tbl, col, value, n) select ?, ?, [{column}], count(*)"
                f" from [{table}] where [{column}] is not null group by [{column}]",
                [table, column],
            )


@contextmanager
def suspended(db: sqlite_utils.Database):
    """For a bulk load: drop the triggers, and recount once at the end."""
    for name in trigger_names(db):
        db.execute(f"drop trigger [{name}]")
    try:
        yield
    finally:
        install_triggers(db)
        rebuild(db)


def counts(conn, table: str, column: str, limit: int) -> list[tuple] | None:
    """(value, count) of a column over the whole table, most frequent first; None if not kept."""
    if column not in COUNTED.get(table, ()):
        return None
    try:
        found = conn.execute(
            f"select value, n from {COUNTS_TABLE} where tbl = ? and col = ? order by n desc, value limit ?",
            [table, column, limit],
        ).fetchall()
        kept = found or conn.execute(f"select 1 from {COUNTS_TABLE} limit 1").fetchall()
    except Exception:  # no counts table: a database made before it existed
        return None
    return found if kept else None


# --- the Datasette facet --------------------------------------------------------------


def is_unfiltered(sql: str, params, table: str) -> bool:
    """Datasette's facet query for a table page with no filter and no search: `select ... from table `."""
    if params:
        return False
    escaped = re.escape(table)
    return re.fullmatch(rf"select .+ from (?:{escaped}|\[{escaped}\]|\"{escaped}\")\s*", sql, re.S) is not None


def sample_sql(columns: list[str], sql: str, limit: int, metadata: dict | None = None) -> str:
    """The facet columns of the first `limit` rows of `sql`, in the table's default order when it has one.

    The order is what lets SQLite walk an index on (filtered column, sort column)
    and stop: unordered, and with statistics saying most claims share a status, it
    scanned the whole table for a rare one (status=refuted at a million claims: 130 ms).
    """
    from datasette.utils import escape_sqlite

    metadata = metadata or {}
    order = ""
    if metadata.get("sort"):
        order = f" order by {escape_sqlite(metadata['sort'])}"
    elif metadata.get("sort_desc"):
        order = f" order by {escape_sqlite(metadata['sort_desc'])} desc"
    return f"select {', '.join(escape_sqlite(c) for c in columns)} from ({sql}){order} limit {limit}"


def tally(values, limit: int) -> list[tuple]:
    """(value, count) of the non-null values, most frequent first, then by value (as Datasette orders facets)."""
    found = Counter(v for v in values if v is not None)
    return sorted(found.items(), key=lambda item: (-item[1], _sort_key(item[0])))[:limit]


def _sort_key(value):
    # SQLite orders numbers before text before blobs
    return (0, value, "") if isinstance(value, (int, float)) else (1, 0, str(value)) if isinstance(value, str) else (2, 0, repr(value))


def _facet_class():
    from datasette.database import QueryInterrupted
    from datasette.facets import ColumnFacet
    from datasette.utils import path_with_added_args, path_with_removed_args

    class CountedFacet(ColumnFacet):
        """A column facet answered from `facet_counts`, or from a bounded sample of a large filtered set."""

        type = FACET_TYPE

        async def suggest(self):
            return []

        async def _sample(self, columns: list[str]) -> tuple[list[tuple], bool]:
            """The facet columns of the first SAMPLE_ROWS matching rows (in the table's default order),
            in one query for every facet (each query re-runs the page's search); True if that is all of them."""
            result = await self.ds.execute(
                self.database,
                sample_sql(columns, self.sql, SAMPLE_ROWS + 1, self.metadata),
                self.params,
                truncate=False,
                custom_time_limit=self.ds.setting("facet_time_limit_ms"),
            )
            rows = [tuple(row) for row in result.rows]
            return rows[:SAMPLE_ROWS], len(rows) <= SAMPLE_ROWS

        async def facet_results(self):
            facet_results, timed_out = [], []
            qs_pairs = self.get_querystring_pairs()
            facet_size = self.get_facet_size()
            configs = [(c["config"].get("column") or c["config"]["simple"], c["source"]) for c in self.get_configs()]
            unfiltered = self.table and is_unfiltered(self.sql, self.params, self.table)
            db = self.ds.get_database(self.database)
            sampled_rows, complete = None, True
            for index, (column, source) in enumerate(configs):
                rows = None
                if unfiltered:  # the whole table: the kept counts (None if this file has none)
                    rows = await db.execute_fn(lambda conn: counts(conn, self.table, column, facet_size + 1))
                from_counts = rows is not None
                try:
                    if rows is None and sampled_rows is None:
                        sampled_rows, complete = await self._sample([c for c, _ in configs])
                except QueryInterrupted:
                    timed_out += [c for c, _ in configs]
                    break
                if rows is None:
                    rows = tally((row[index] for row in sampled_rows), facet_size + 1)
                sample = None if from_counts or complete else SAMPLE_ROWS
                shown = rows[:facet_size]
                expanded = (
                    await self.ds.expand_foreign_keys(self.database, self.table, column, [v for v, _ in shown])
                    if self.table
                    else {}
                )
                values = []
                for value, count in shown:
                    column_qs = f"{column}__exact" if column.startswith("_") else column
                    selected = (column_qs, str(value)) in qs_pairs
                    toggle = (
                        path_with_removed_args(self.request, {column_qs: str(value)})
                        if selected
                        else path_with_added_args(self.request, {column_qs: value})
                    )
                    values.append(
                        {
                            "value": value,
                            "label": expanded.get((column, value), value),
                            "count": count,
                            "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
                            "selected": selected,
                        }
                    )
                facet_results.append(
                    {
                        "name": column,
                        # Datasette's template prints a non-"column" type after the name: there it says a count is a sample
                        "type": f"in the first {sample:,} matches" if sample else "column",
                        "hideable": source != "metadata",
                        "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
                        "results": values,
                        "truncated": len(rows) > facet_size,
                        "sampled": sample,
                    }
                )
            return facet_results, timed_out

    return CountedFacet


_CLASS = None


def facet_class():
    """The Datasette facet class (built once, on first use, so kb imports without Datasette loaded)."""
    global _CLASS
    if _CLASS is None:
        _CLASS = _facet_class()
    return _CLASS
