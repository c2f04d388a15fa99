"""The body of the claims table (and of search results) as HTML, built in Python.

Datasette renders templates with Jinja in async mode, where every output piece
of every cell is awaited: 51 rows of 11 cells took ~12 ms a page, a third of a
search's time at a million claims. The same markup joined here takes under 1 ms
(templates/_table-claims-claims.html calls it as the `claims_rows` filter).
"""

from datasette.utils import to_css_class
from markupsafe import Markup, escape

from kb.store.search import SEARCH_COLUMNS

HIDDEN_COLUMNS = SEARCH_COLUMNS  # for the index, not for reading


def _cell(cell) -> str:
    column = cell["column"]
    if column == "status" and cell["raw"]:
        return f'<td class="col-status type-str"><span class="badge status-{escape(cell["raw"])}">{escape(cell["raw"])}</span></td>'
    return f'<td class="col-{to_css_class(column)} type-{cell["value_type"]}">{escape(cell["value"])}</td>'


def rows_html(display_rows) -> Markup:
    """`<tr>` per row, hidden columns left out; cell values are Datasette's rendered (escaped) values."""
    return Markup(
        "\n".join(
            "<tr>" + "".join(_cell(cell) for cell in row if cell["column"] not in HIDDEN_COLUMNS) + "</tr>"
            for row in display_rows
        )
    )
