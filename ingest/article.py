"""Add an article: `python -m ingest.article FILE...` (the same as `kb add`)."""

from kb.cli import add

if __name__ == "__main__":
    add()
