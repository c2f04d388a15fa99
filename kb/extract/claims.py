"""An article to its claims: every body sentence, with offsets, section and quantities."""

import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from kb import KBError

from kb.extract.article import ParsedArticle
from kb.store.ids import claim_id
from kb.extract.pipeline import get_nlp
from kb.extract.money import variant_of
from kb.extract.quantities import Quantity, find_quantities, main_quantity
from kb.extract.sentences import sentence_offsets

BATCH_SIZE = 256
# Paragraph analyses kept per process: thousands of articles' worth of paragraphs, and at most
# this many characters of paragraph text (a few tens of MB, whatever the paragraphs' length).
PARAGRAPH_CACHE_SIZE = 20_000
PARAGRAPH_CACHE_CHARS = 5_000_000
# A claim is a sentence: a news sentence is rarely over 300 characters. A longer one is cut
# at clause punctuation; a stretch this long with none at all is not prose, and is refused
# before the pipeline runs (its tokenizers' work on one endless token is what took minutes).
MAX_CLAIM_CHARS = 1000
CLAUSE_ENDS = "，,；;：:、—"
_UNPUNCTUATED = re.compile(r"[^。！？!?.…；;，,、：:—\n]{%d,}" % (MAX_CLAIM_CHARS + 1))
# A run of punctuation or symbols this long is a rule line or noise, not prose; spaCy's tokenizer
# strips such a run one suffix at a time, rescanning it each time (minutes for 5 MB of 。).
MAX_SYMBOL_RUN = 100
_SYMBOLS = re.compile(r"[^\w\s]{%d,}" % (MAX_SYMBOL_RUN + 1))
_CLAUSE_END = re.compile(f"[{re.escape(CLAUSE_ENDS)}]+")


@dataclass
class ClaimDraft:
    id: str
    position: int
    section: str | None
    text: str
    start: int
    end: int
    quantities: list[Quantity] = field(default_factory=list)

    @property
    def main(self) -> Quantity | None:
        return main_quantity(self.quantities)


def split_claims(article: ParsedArticle, article_id: str) -> list[ClaimDraft]:
    """Run the pipeline over the body paragraphs; offsets are into `article.text`.

    Each paragraph is analysed once per process (see `ParagraphCache`): a
    republished copy, a re-ingest or an agency's boilerplate costs a lookup.
    """
    check_claimable(article)
    variant = variant_of(article.language, article.site)  # where 元 is CNY, TWD or HKD
    analyses = analyse_paragraphs([block.text for block in article.blocks], article.base_language, variant)
    drafts: list[ClaimDraft] = []
    seen: dict[str, int] = {}
    for block in article.blocks:
        analysis = analyses[block.text]
        # In text order and non-overlapping; taken off the front as the sentences advance.
        pending = analysis.quantities
        taken = 0
        for sent_start, sent_end in analysis.sentences:
            raw = block.text[sent_start:sent_end]
            text = raw.strip()
            if not _is_sentence(text):
                continue
            offset = sent_start + len(raw) - len(raw.lstrip())
            occurrence = seen.get(text, 0)
            seen[text] = occurrence + 1
            quantities = []
            while taken < len(pending) and pending[taken].start < sent_end:
                quantity = pending[taken]
                taken += 1
                if quantity.start >= sent_start and quantity.end <= sent_end:
                    quantities.append(_shift(quantity, -offset))
            start = block.start + offset
            drafts.append(
                ClaimDraft(
                    id=claim_id(article_id, text, occurrence),
                    position=len(drafts) + 1,
                    section=block.section,
                    text=text,
                    start=start,
                    end=start + len(text),
                    quantities=quantities,
                )
            )
    return drafts


@dataclass(frozen=True)
class ParagraphAnalysis:
    """What the pipeline finds in one paragraph: its sentences (bounded) and its quantities, by offset."""

    sentences: tuple[tuple[int, int], ...]
    quantities: tuple[Quantity, ...]


class ParagraphCache:
    """The last `size` paragraph analyses, by (text, language, money variant).

    News repeats itself paragraph for paragraph (agency copy, republished
    stories, boilerplate), and an analysis depends on nothing else, so a
    paragraph seen before is not tokenized again. Bounded in entries and in
    characters, least recently used first out: memory stays flat over any
    number of articles.
    """

    def __init__(self, size: int = PARAGRAPH_CACHE_SIZE, chars: int = PARAGRAPH_CACHE_CHARS):
        self.size, self.chars = size, chars
        self._entries: OrderedDict[tuple[str, str, str | None], ParagraphAnalysis] = OrderedDict()
        self._held = 0  # characters of the paragraphs held

    def get(self, key: tuple[str, str, str | None]) -> ParagraphAnalysis | None:
        analysis = self._entries.get(key)
        if analysis is not None:
            self._entries.move_to_end(key)
        return analysis

    def put(self, key: tuple[str, str, str | None], analysis: ParagraphAnalysis) -> None:
        if key not in self._entries:
            self._held += len(key[0])
        self._entries[key] = analysis
        self._entries.move_to_end(key)
        while self._entries and (len(self._entries) > self.size or self._held > self.chars):
            old, _ = self._entries.popitem(last=False)
            self._held -= len(old[0])

    def clear(self) -> None:
        self._entries.clear()
        self._held = 0


PARAGRAPHS = ParagraphCache()


def analyse_paragraphs(texts: list[str], language: str, variant: str | None) -> dict[str, ParagraphAnalysis]:
    """Each distinct paragraph's analysis: from the cache, or through the pipeline in one batch.

    The `quantities` component is skipped and its function, `find_quantities`,
    called on each paragraph instead: the same quantities, without the Span
    objects and extension attributes that would only be read back here.
    """
    found: dict[str, ParagraphAnalysis] = {}
    missing: dict[str, None] = {}  # distinct, in text order
    for text in texts:
        if text in found or text in missing:
            continue
        analysis = PARAGRAPHS.get((text, language, variant))
        if analysis is None:
            missing[text] = None
        else:
            found[text] = analysis
    nlp = get_nlp(language)
    for text, doc in zip(missing, nlp.pipe(list(missing), batch_size=BATCH_SIZE, disable=["quantities"])):
        analysis = ParagraphAnalysis(
            sentences=tuple(bounded(sentence_offsets(doc, len(text)), text)),
            quantities=tuple(find_quantities(text, language, variant)),
        )
        PARAGRAPHS.put((text, language, variant), analysis)
        found[text] = analysis
    return found


def check_claimable(article: ParsedArticle) -> None:
    """Refuse, with its position, a stretch of text too long to be one sentence and without punctuation to cut it at."""
    for block in article.blocks:
        if run := _SYMBOLS.search(block.text):
            raise KBError(
                f"{article.source_path or 'article'}: characters {block.start + run.start() + 1:,} to {block.start + run.end():,}: "
                f"a run of {run.end() - run.start():,} punctuation marks or symbols (at most {MAX_SYMBOL_RUN}); not an article as written"
            )
        if len(block.text) > MAX_CLAIM_CHARS and (run := _UNPUNCTUATED.search(block.text)):
            start = block.start + run.start()
            raise KBError(
                f"{article.source_path or 'article'}: characters {start + 1:,} to {block.start + run.end():,}: "
                f"{run.end() - run.start():,} characters without sentence or clause punctuation "
                f"(a claim is a sentence of at most {MAX_CLAIM_CHARS:,}); not an article as written"
            )


def bounded(offsets: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sentences over MAX_CLAIM_CHARS cut after clause punctuation, into parts as long as fit."""
    out = []
    for start, end in offsets:
        if end - start <= MAX_CLAIM_CHARS:
            out.append((start, end))
            continue
        cuts = [m.end() for m in _CLAUSE_END.finditer(text, start, end)] + [end]
        part = start
        for previous, cut in zip([start, *cuts], cuts):
            if cut - part > MAX_CLAIM_CHARS and previous > part:
                out.append((part, previous))
                part = previous
        out.append((part, end))
    return out


def _is_sentence(text: str) -> bool:
    """A claim says something in words: at least one letter (any script), not a bare number or punctuation."""
    return any(ch.isalpha() for ch in text)


def _shift(quantity: Quantity, delta: int) -> Quantity:
    """Quantity offsets relative to the claim's own text (most paragraphs are one sentence: no copy)."""
    if not delta:
        return quantity
    return replace(quantity, start=quantity.start + delta, end=quantity.end + delta)
