"""Full-text search that works for Chinese.

SQLite FTS5's unicode61 tokenizer keeps a run of Chinese characters as one
token, and its trigram tokenizer cannot match under three characters. So the
indexed columns space out every CJK character (each becomes a token), and a
query is turned into an FTS5 phrase spaced the same way: a phrase matches only
adjacent characters, in order.

A phrase must not match across two sentences either. Each claim is its own
row, but the quotes of a claim's citations share one column (joined by " | "),
and a sentence or quote may have clauses. So `segment` writes a boundary token
`|` after every clause or sentence end (。，、；：！？, and their ASCII forms when
they end a clause) and keeps the `|` between quotes; the FTS table is created
with `tokenchars '|'` (kb.store.db.FTS_TOKENIZE) so `|` is a token that sits between
the two sides. A query is segmented the same way, so a query that contains the
punctuation still matches it.

A search is bounded at a million claims. Datasette's own `?_search=` finds
every match three times per page (rows, count, facets): ~2 µs per matching
claim, 200 ms for a term in 100,000 claims. So a plain search (nothing else
narrowing or sorting the rows) that matches more than SEARCH_LIMIT claims lists
the SEARCH_LIMIT added last (highest rowid, read straight off the index) and
says so; with a filter or a sort the search is exact, at that cost
(plugins/search.py).

Query syntax (Datasette's search box and `?_search=`):
- `混合专家`, `GPT-5`, `71.3`: a word (no space) is a phrase: its characters
  adjacent, in order.
- `DeepSeek 成本`: words separated by spaces must all occur in the claim's
  sentence (in any order), or all among its citation quotes.
- `"K2 Thinking"`: a quoted part stays one phrase, spaces and all.
- `台积电` finds `台積電` and the reverse: both sides are folded to Simplified
  (kb.extract.chinese.fold) in the search columns only; claims keep their text.

`query_parts`, `matches` and `hit_spans` read a query the same way in Python,
to tell which hits were found only through a quote and to mark the terms in
the results.
"""

import functools
import re

from kb.extract.chinese import fold

# CJK ideographs, CJK punctuation and fullwidth forms: each becomes its own token.
_CJK_CHAR = re.compile(r"([\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])")
# Where a clause or sentence ends. ASCII , and : are boundaries unless a digit
# follows (1,000 and 10:30 stay one number); . only before a space, the end or
# a Chinese character (71.3 and U.S stay whole).
_BOUNDARY = re.compile(r"[。！？；，、：…|!?;]|[,:](?!\d)|\.(?=\s|$|[\u3400-\u9fff])")
_QUOTED = re.compile(r'"([^"]*)"')
_TOKEN = re.compile(r"[^\W_]")
_FTS_TOKEN = re.compile(r"[^\W_]+|\|")
# Between two tokens of a phrase: anything the tokenizer skips that is not a clause end.
_GAP = r"[^\w。！？；，、：…|!?;]*?"
_LATIN_ALNUM = r"[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
BOUNDARY_TOKEN = "|"
SEARCH_COLUMNS = ("search_text", "quote_search")
SEARCH_LIMIT = 1_000
# Arguments that narrow or order a table page besides the search (Datasette's column
# filters are the arguments without a leading _, or with __ in them).
_NARROWING = ("_where", "_through", "_sort", "_sort_desc", "_search_")


def _mark(match: re.Match) -> str:
    char = match.group()
    return f" {BOUNDARY_TOKEN} " if char == BOUNDARY_TOKEN else f" {char} {BOUNDARY_TOKEN} "


@functools.lru_cache(maxsize=20_000)  # a repeated sentence (copies, re-ingest) is segmented once
def segment(text: str) -> str:
    """The indexed form of a text: every CJK character a token (Traditional folded to Simplified,
    so 台積電 and 台积电 are one word to search), `|` after each clause end."""
    tokens = _CJK_CHAR.sub(r" \1 ", _BOUNDARY.sub(_mark, fold(text))).split()
    # one boundary between two clauses, however many marks (also makes segment idempotent)
    return " ".join(t for n, t in enumerate(tokens) if not (t == BOUNDARY_TOKEN and n and tokens[n - 1] == BOUNDARY_TOKEN))


# PRAGMA user_version from which the search columns hold folded text (see `fold_search_columns`).
FOLDED_VERSION = 1


def fold_search_columns(db) -> int:
    """Fold the search columns of a database written before Traditional was folded to Simplified;
    returns the rows changed. Runs once (PRAGMA user_version records it); folding the indexed
    form is the same as indexing the folded text, character for character."""
    if db.execute("PRAGMA user_version").fetchone()[0] >= FOLDED_VERSION:
        return 0
    changed = [
        (fold(search_text), fold(quote_search), rowid)
        for rowid, search_text, quote_search in db.execute("select rowid, search_text, quote_search from claims")
        if fold(search_text) != search_text or fold(quote_search) != quote_search
    ]
    db.conn.executemany("update claims set search_text = ?, quote_search = ? where rowid = ?", changed)
    db.execute(f"PRAGMA user_version = {FOLDED_VERSION}")
    return len(changed)


def _phrase(text: str) -> str | None:
    spaced = segment(text.replace('"', " "))
    return f'"{spaced}"' if _TOKEN.search(spaced) else None


def query_parts(query: str) -> list[str]:
    """The phrases of a query: each quoted part, and each unquoted word."""
    query = query.strip()
    if query.count('"') % 2:
        query += '"'
    bits = []
    for n, part in enumerate(_QUOTED.split(query)):
        bits += [part] if n % 2 else part.split()
    return [bit for bit in bits if _phrase(bit)]


def escape_fts_query(query: str) -> str:
    """Replaces Datasette's `escape_fts`: a user's query as an FTS5 expression.

    Each quoted part and each unquoted word is a phrase, and all of them must
    be in the same column: the claim sentence or the citation quotes.
    """
    phrases = [_phrase(bit) for bit in query_parts(query)]
    if len(phrases) <= 1:
        return phrases[0] if phrases else '""'
    together = " AND ".join(phrases)
    return " OR ".join(f"{{{column}}} : ({together})" for column in SEARCH_COLUMNS)


def _tokens(text: str, segmented: bool = False) -> list[str]:
    """The tokens FTS5's unicode61 tokenizer (with tokenchars '|') makes of the indexed form of `text`."""
    return _FTS_TOKEN.findall((text if segmented else segment(text)).lower())


def _contains(tokens: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1))


@functools.lru_cache(maxsize=64)
def _query_tokens(query: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_tokens(part.replace('"', " "))) for part in query_parts(query))


def matches(text: str, query: str, segmented: bool = False) -> bool:
    """True when `text` alone (one sentence, or one quote) has every phrase of `query`, as the search index reads it.

    `segmented=True` when `text` is already the indexed form (a claim's `search_text`).
    """
    parts = _query_tokens(query)
    tokens = _tokens(text, segmented)
    return bool(parts) and all(_contains(tokens, list(part)) for part in parts)


def _part_pattern(part: str) -> str:
    words = [t for t in _tokens(part) if t != BOUNDARY_TOKEN]
    pattern = _GAP.join(re.escape(word) for word in words)
    if words and not _CJK_CHAR.match(words[0][0]):
        pattern = f"(?<!{_LATIN_ALNUM})" + pattern
    if words and not _CJK_CHAR.match(words[-1][-1]):
        pattern += f"(?!{_LATIN_ALNUM})"
    return pattern


@functools.lru_cache(maxsize=64)
def _query_patterns(query: str) -> tuple[re.Pattern, ...]:
    patterns = (_part_pattern(part.replace('"', " ")) for part in query_parts(query))
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns if p)


def hit_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's phrases stand in `text` (start, end), in order, not overlapping: to mark them."""
    spans = [m.span() for pattern in _query_patterns(query) for m in pattern.finditer(text) if m.end() > m.start()]
    kept, end = [], -1
    for start, stop in sorted(spans):
        if start >= end:
            kept.append((start, stop))
            end = stop
    return kept


def is_plain_search(args) -> bool:
    """True when `_search` is all that selects and orders a table page's rows (pagination aside)."""
    if not args.get("_search"):
        return False
    return not any(
        (not key.startswith("_") or "__" in key) or key.startswith(_NARROWING) for key in args if key != "_search"
    )


def bounded(clause: str, limit: int) -> tuple[str, str]:
    """Datasette's search clause `pk in (select rowid from fts where fts match ...)` as
    (the same clause keeping the `limit` highest rowids, SQL counting matches up to limit + 1)."""
    pk, inner = clause.split(" in (", 1)
    inner = inner[:-1]
    return f"{pk} in ({inner} order by rowid desc limit {limit})", f"select count(*) from ({inner} limit {limit + 1})"


def bounded_description(search: str, limit: int) -> str:
    return (
        f'search matches "{search}": more than {limit:,} claims do, these are the {limit:,} added last'
        " (add a word, a filter or a sort to search them all)"
    )
