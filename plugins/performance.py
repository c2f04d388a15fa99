"""Connection settings for serving large databases (kb.publish.CONNECTION_PRAGMAS)."""

from datasette import hookimpl

from kb.publish import tune_connection


@hookimpl
def prepare_connection(conn):
    tune_connection(conn)
