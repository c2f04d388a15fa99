"""An article to its claims: every body sentence, with offsets, section and quantities."""

from dataclasses import dataclass, field, replace

from kb.extract.article import ParsedArticle
from kb.store.ids import claim_id
from kb.extract.pipeline import get_nlp
from kb.extract.money import variant_of
from kb.extract.quantities import Quantity, find_quantities, main_quantity
from kb.extract.sentences import sentence_offsets

BATCH_SIZE = 256


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

    The `quantities` component is skipped and its function, `find_quantities`,
    called on each paragraph instead: the same quantities, without the Span
    objects and extension attributes that would only be read back here.
    """
    nlp = get_nlp(article.language)
    drafts: list[ClaimDraft] = []
    seen: dict[str, int] = {}
    variant = variant_of(article.language, article.site)  # where 元 is CNY, TWD or HKD
    texts = (block.text for block in article.blocks)
    for block, doc in zip(article.blocks, nlp.pipe(texts, batch_size=BATCH_SIZE, disable=["quantities"])):
        # In text order and non-overlapping; taken off the front as the sentences advance.
        pending = find_quantities(block.text, article.language, variant)
        taken = 0
        for sent_start, sent_end in sentence_offsets(doc, len(block.text)):
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


def _is_sentence(text: str) -> bool:
    """A claim says something: at least one letter or digit, not punctuation alone."""
    return any(ch.isalnum() for ch in text)


def _shift(quantity: Quantity, delta: int) -> Quantity:
    """Quantity offsets relative to the claim's own text (most paragraphs are one sentence: no copy)."""
    if not delta:
        return quantity
    return replace(quantity, start=quantity.start + delta, end=quantity.end + delta)
