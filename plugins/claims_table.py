"""The claims table's rows rendered in Python (kb.publish.claims_table), as a Jinja filter for its template."""

from datasette import hookimpl

from kb.publish.claims_table import HIDDEN_COLUMNS, rows_html


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["claims_rows"] = rows_html
    env.globals["claims_hidden_columns"] = HIDDEN_COLUMNS
