"""Invisible format characters: removed from what is stored and shown.

Bidi controls (U+202A-U+202E, U+2066-U+2069, U+200E/F, U+061C) reorder what a
reader sees: `‮2.3%` displays as `%3.2`. Zero-width spaces, joiners, the BOM and
the other Unicode "format" characters (category Cf) are invisible and can hide
a difference between two texts that look the same. None carries meaning in
Chinese or English news, so all are removed, except the zero-width joiner that
builds emoji sequences (U+200D). Unicode's category table (unicodedata) is the
list: no library does this removal for us, and the rule is one line.
"""

import re
import sys
import unicodedata

KEEP = {"\u200d"}


def _ranges(codepoints: list[int]) -> str:
    """A character class of runs `a-b`: re scans a class of 22 ranges 13x faster than one of 162 characters."""
    runs: list[list[int]] = []
    for c in codepoints:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)


_FORMAT = re.compile(
    "[" + _ranges([c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf" and chr(c) not in KEEP]) + "]"
)


def strip_invisible(text: str) -> str:
    return _FORMAT.sub("", text) if text else text


def has_invisible(text: str) -> bool:
    return bool(text) and _FORMAT.search(text) is not None
