"""Table and canned-query cells in words (kb.publish.cells): figures, statuses, qualifiers."""

from datasette import hookimpl

from kb.publish import cells


@hookimpl
def render_cell(row, value, column, table, database):
    if table in (None, "claims", "quantities", "checks", "check_inputs", "verdicts", "citations"):
        return cells.render(row, value, column)
    return None
