"""Publishing with Datasette: claim pages, the claims table, serve settings."""
