"""Text folded for comparison: one script (Simplified), one case, one width.

Copy detection and claim matching compare texts that outlets print
differently: a Taiwanese or Hong Kong republication in Traditional characters,
fullwidth digits, capitalised headlines. OpenCC (opencc-python-reimplemented,
the package the search helper uses) folds Traditional to Simplified; it is pure
Python and costs ~2 µs a character, so text with no Traditional character (the
common case, told by a set lookup) skips it.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc

_WORD = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters OpenCC's t2s table changes (TSCharacters.txt: `繁<TAB>简 ...`)."""
    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if source and targets.split() and targets.split()[0] != source:
            chars.add(source)
    return frozenset(chars)


def to_simplified(text: str) -> str:
    if _traditional_chars().isdisjoint(text):
        return text
    return _converter().convert(text)


def fold(text: str) -> str:
    """NFKC (fullwidth to ASCII), Simplified characters, lower case."""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


def words(text: str) -> list[str]:
    """Runs of letters and digits of folded text (a Chinese run is one word here)."""
    return _WORD.findall(fold(text))
