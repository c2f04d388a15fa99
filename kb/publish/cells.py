"""How a cell of a Datasette table or canned query shows a value (plugins/cells.py's render_cell).

Numbers as people write them (kb.publish.numbers), statuses and qualifiers in
words. Only the HTML changes: JSON and CSV keep the stored values.
"""

from markupsafe import Markup

from kb.publish.labels import QUALIFIER_LABELS, STATUS_LABELS, status_badge
from kb.publish.numbers import format_number, format_quantity, language_of

FIGURE_COLUMNS = ("value",)  # shown with the row's unit and qualifier
NUMBER_COLUMNS = ("high", "per_value", "computed", "expected", "tolerance")
QUANTITY_FIELDS = ("value", "high", "unit", "qualifier", "per_value", "per_unit")
TEXT_COLUMNS = ("claim", "text", "description")  # what tells a row's language


def _fields(row) -> dict:
    try:
        return {key: row[key] for key in row.keys()}
    except AttributeError:
        return dict(row or {})


def row_language(fields: dict) -> str:
    for column in TEXT_COLUMNS:
        if isinstance(fields.get(column), str):
            return language_of(fields[column])
    return "en"


def render(row, value, column: str) -> Markup | str | None:
    """The cell's HTML, or None to leave it to Datasette."""
    if column in ("status", "previous_status") and value in STATUS_LABELS:
        return status_badge(value)
    if column == "qualifier" and value in QUALIFIER_LABELS:
        return QUALIFIER_LABELS[value]
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    fields = _fields(row)
    lang = row_language(fields)
    if column in FIGURE_COLUMNS:
        quantity = {key: fields.get(key) for key in QUANTITY_FIELDS}
        quantity["value"] = value
        return Markup('<span title="{}">{}</span>').format(repr(value), format_quantity(quantity, lang))
    if column in NUMBER_COLUMNS:
        return Markup('<span title="{}">{}</span>').format(repr(value), format_number(value, lang, significant=4))
    return None
