"""Canned-query results: a `claim_id` column links to the claim page."""

from datasette import hookimpl
from markupsafe import Markup


@hookimpl
def render_cell(value, column, table, database, datasette):
    if table is None and database == "claims" and column == "claim_id" and isinstance(value, str) and value:
        return Markup('<a href="{}">{}</a>').format(datasette.urls.row("claims", "claims", value), value)
    return None
