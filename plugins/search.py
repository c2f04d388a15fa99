"""Chinese-aware table search: replaces Datasette's `escape_fts` SQL function.

`trylast=True` so this runs after Datasette's own prepare_connection, which
registers the stock escape_fts on the same connection.
"""

from datasette import hookimpl

from kb.search import escape_fts_query


@hookimpl(trylast=True)
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, escape_fts_query, deterministic=True)
