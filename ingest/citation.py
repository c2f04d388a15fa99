"""Add citations: `python -m ingest.citation CLAIM --url ... --stance ...` or `--file citations.yml` (the same as `kb cite`)."""

from kb.cli import cite

if __name__ == "__main__":
    cite()
