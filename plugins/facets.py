"""Facets that stay fast at a million claims (kb.store.facets): registers the `counted` facet type
that metadata.yml uses, and hides the counts table from the table list."""

from datasette import hookimpl

from kb.store import facets


@hookimpl
def register_facet_classes():
    return [facets.facet_class()]


@hookimpl
def get_metadata(datasette, key, database, table):
    return {"databases": {name: {"tables": {facets.COUNTS_TABLE: {"hidden": True}}} for name in datasette.databases}}
