"""Evidence: citations and verdicts, their files, arithmetic checks, corroboration."""
