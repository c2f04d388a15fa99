"""Chinese-aware, bounded table search (kb.store.search).

Two replacements of Datasette's own search:
- `escape_fts`, the SQL function that turns a user's query into an FTS5
  expression: ours spaces out Chinese characters and keeps phrases within a
  clause. `trylast=True` so it runs after Datasette's prepare_connection, which
  registers the stock one on the same connection.
- the `_search` filter: Datasette's (datasette/filters.py, `search_filters`) is
  unregistered and called from `bounded_search`, which keeps its SQL and, for a
  plain search matching more than kb.store.search.SEARCH_LIMIT claims, keeps only the
  newest matches and says so. Datasette's other two filters are re-registered
  unchanged.
"""

import types

from datasette import filters as datasette_filters
from datasette import hookimpl
from datasette.plugins import pm

from kb.store import search
from kb.store.search import bounded, bounded_description, escape_fts_query, is_plain_search


def _unregister_datasette_search() -> None:
    """Swap Datasette's filters module for one without its search filter (once per process)."""
    if pm.get_plugin("datasette.filters") is not datasette_filters:
        return
    pm.unregister(datasette_filters)
    kept = types.ModuleType("datasette.filters")  # the name keeps it listed as a default plugin
    kept.where_filters = datasette_filters.where_filters
    kept.through_filters = datasette_filters.through_filters
    pm.register(kept, "datasette.filters")


_unregister_datasette_search()


@hookimpl(trylast=True)
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, escape_fts_query, deterministic=True)


@hookimpl(specname="filters_from_request")
def bounded_search(request, database, table, datasette):
    datasette_search = datasette_filters.search_filters(request, database, table, datasette)

    async def inner():
        arguments = await datasette_search()
        if not (arguments.where_clauses and is_plain_search(request.args)):
            return arguments
        limit = search.SEARCH_LIMIT
        clause, count_sql = bounded(arguments.where_clauses[0], limit)
        matches = (await datasette.get_database(database).execute(count_sql, arguments.params)).single_value()
        if matches > limit:
            arguments.where_clauses[0] = clause
            arguments.human_descriptions[0] = bounded_description(request.args["_search"], limit)
        return arguments

    return inner
