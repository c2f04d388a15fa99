"""The database: table models, ids, ingest, search and facet counts."""
