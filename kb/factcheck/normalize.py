"""Text folded for comparison: one script (Simplified), one case, one width.

Copy detection and claim matching compare texts that outlets print
differently: a Taiwanese or Hong Kong republication in Traditional characters,
fullwidth digits, capitalised headlines. Traditional characters fold to
Simplified through the same OpenCC table search uses (kb.extract.chinese).
"""

import re
import unicodedata

from kb.extract.chinese import fold as fold_script

_WORD = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*")


def fold(text: str) -> str:
    """NFKC (fullwidth to ASCII), Simplified characters, lower case."""
    return fold_script(unicodedata.normalize("NFKC", text)).lower()


def words(text: str) -> list[str]:
    """Runs of letters and digits of folded text (a Chinese run is one word here)."""
    return _WORD.findall(fold(text))
