"""The scripts users run: `python -m ingest.article`, `ingest.citation`, `ingest.verdict`."""
