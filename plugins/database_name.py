"""Any file name serves the same site: the claims database is served as `claims` (kb.publish.serve.name_claims_database)."""

from datasette import hookimpl

from kb.publish.serve import name_claims_database


@hookimpl
def startup(datasette):
    name_claims_database(datasette)
