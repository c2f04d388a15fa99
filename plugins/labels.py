"""Jinja filters for the templates: statuses and qualifiers in words, status colours (kb.publish.labels)."""

from datasette import hookimpl

from kb.publish import labels


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["status_label"] = labels.status_label
    env.filters["facet_label"] = labels.facet_label
    env.filters["qualifier_label"] = lambda q: labels.QUALIFIER_LABELS.get(q, q)
    env.globals["status_colours"] = labels.STATUS_COLOURS
