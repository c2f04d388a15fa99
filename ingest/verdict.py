"""Set a verdict: `python -m ingest.verdict CLAIM --status ... --note ... --author ...` (the same as `kb verdict`)."""

from kb.cli import verdict

if __name__ == "__main__":
    verdict()
