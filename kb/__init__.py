"""claimkb: a fact-check knowledge base for the claims made in news articles."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTICLES = PROJECT_ROOT / "articles"
ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}


class KBError(Exception):
    """A user-facing error: the message names the file, row or claim at fault."""


def article_files(folder: Path) -> list[Path]:
    """The article sources in a folder and below, in name order: regular files, no symlink leading outside (kb.sources)."""
    from kb.sources import folder_files

    return folder_files(folder)[0]
