"""Words and colours for statuses, stances and qualifiers: one table for the templates, the table cells and the facets."""

from markupsafe import Markup

STATUS_LABELS = {
    "unverified": "Unverified",
    "supported": "Supported",
    "partly_supported": "Partly supported",
    "misleading": "Misleading",
    "refuted": "Refuted",
    "unverifiable": "Unverifiable",
}
# (background, text, border): green for borne out, amber for misleading, red for refuted.
STATUS_COLOURS = {
    "unverified": ("#eceff1", "#37474f", "#b0bec5"),
    "supported": ("#e3f4e5", "#1b5e20", "#81c784"),
    "partly_supported": ("#eef6dc", "#33691e", "#aed581"),
    "misleading": ("#fff3e0", "#8a4b00", "#ffb74d"),
    "refuted": ("#fdecea", "#b71c1c", "#e57373"),
    "unverifiable": ("#ede7f6", "#4527a0", "#b39ddb"),
}
QUALIFIER_LABELS = {
    "exact": "exact",
    "approx": "about",
    "lt": "under",
    "lte": "at most",
    "gt": "more than",
    "gte": "at least",
    "range": "between",
    "vague": "several",
}
STANCE_LABELS = {"supports": "Supports", "refutes": "Refutes", "context": "Context"}


def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status or "", (status or "").replace("_", " ").capitalize())


def status_style(status: str | None) -> str:
    background, colour, border = STATUS_COLOURS.get(status or "", STATUS_COLOURS["unverified"])
    return f"background: {background}; color: {colour}; border-color: {border}"


def status_badge(status: str | None) -> Markup:
    """A status in words with its colours inline, for pages that do not load templates/_claimkb_style.html."""
    return Markup('<span class="badge status-{}" style="{}; border: 1px solid; padding: 0 0.4em; border-radius: 0.8em">{}</span>').format(
        status or "", status_style(status), status_label(status)
    )


def facet_label(column: str, value) -> str:
    """A facet value as a reader says it: `Partly supported`, not `partly_supported`."""
    if column in ("status", "previous_status") and isinstance(value, str) and value in STATUS_LABELS:
        return STATUS_LABELS[value]
    if column == "qualifier" and isinstance(value, str) and value in QUALIFIER_LABELS:
        return QUALIFIER_LABELS[value]
    return value
