"""Connection settings for serving large databases (kb.publish.serve.CONNECTION_PRAGMAS)."""

from datasette import hookimpl

from kb.publish.serve import tune_connection


@hookimpl
def prepare_connection(conn):
    tune_connection(conn)
