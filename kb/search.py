"""Full-text search that works for Chinese.

SQLite FTS5's unicode61 tokenizer keeps a run of Chinese characters as one
token, and its trigram tokenizer cannot match under three characters. So the
indexed column spaces out every CJK character (each becomes a token), and a
query is turned into FTS5 phrases spaced the same way: a phrase matches only
adjacent characters, never across two rows (each claim is its own row).
"""

import re

_CJK_CHAR = re.compile(r"([\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])")
_QUERY_BITS = re.compile(r'\s+|(".*?")')


def segment(text: str) -> str:
    """The indexed form of a text: every CJK character a separate token."""
    return " ".join(_CJK_CHAR.sub(r" \1 ", text).split())


def escape_fts_query(query: str) -> str:
    """Datasette's `escape_fts`, with each quoted phrase segmented like the index."""
    if query.count('"') % 2:
        query += '"'
    bits = [bit for bit in _QUERY_BITS.split(query) if bit and bit != '""']
    phrases = (bit[1:-1] if bit.startswith('"') else bit for bit in bits)
    return " ".join('"{}"'.format(segment(phrase).replace('"', "")) for phrase in phrases)
