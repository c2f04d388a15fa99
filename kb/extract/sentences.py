"""A sentence-boundary component for Chinese and English news text.

spaCy's stock `sentencizer` splits `1.4万亿` at the decimal point and puts a
closing quote after 。 into the next sentence. This component works on tokens:
a sentence ends at a terminal punctuation token, and closing quotes and brackets
that follow it stay with it.
"""

import numpy
from spacy.attrs import IDX, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

TERMINALS = ("。", "！", "？", "!", "?", "…", "……", ".", "...", "!!", "??", "?!", "!?", "！！", "？！", "！？", "。。。")
CLOSERS = set("”’」』》）)]】\"'")


@Language.factory("claim_sentences", default_config={"english_lowercase_continues": True})
def make_claim_sentences(nlp: Language, name: str, english_lowercase_continues: bool):
    """`english_lowercase_continues`: in English, `"Really?" she asked.` stays one sentence."""
    return ClaimSentences(english_lowercase_continues and nlp.lang == "en")


def doc_text(doc: Doc) -> str:
    """`doc.text` from the token arrays: `doc.text` builds a Token object per token on every call."""
    strings = doc.vocab.strings
    return "".join(strings[orth] + " " if space else strings[orth] for orth, space in doc.to_array([ORTH, SPACY]).tolist())


def sentence_offsets(doc: Doc, text_length: int) -> list[tuple[int, int]]:
    """(start, end) character offsets of each sentence, read from the SENT_START array.

    The same sentences as `doc.sents` without building a Token per token, which
    is most of what `doc.sents` costs on a long article.
    """
    if not len(doc):
        return []
    rows = doc.to_array([SENT_START, IDX]).tolist()
    starts = [idx for flag, idx in rows if flag == 1]
    return list(zip(starts, starts[1:] + [text_length]))


class ClaimSentences:
    def __init__(self, lowercase_continues: bool):
        self.lowercase_continues = lowercase_continues

    def __call__(self, doc: Doc) -> Doc:
        """Works on token texts and offsets (doc.to_array), not Token objects: a tenth of the cost."""
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, SPACY]).tolist()
        words = [strings[orth] for orth, _ in rows]
        # spaced[i]: whitespace follows token i (a trailing space, or a whitespace token)
        spaced = [bool(space) or (n + 1 < len(words) and words[n + 1].isspace()) for n, (_, space) in enumerate(rows)]
        starts = numpy.full((len(words), 1), -1, dtype="int64")
        starts[0] = 1
        i = 0
        while i < len(words):
            if not self._is_terminal(words, spaced, i):
                i += 1
                continue
            end = i + 1
            while end < len(words) and words[end] in CLOSERS and not spaced[end - 1]:
                end += 1
            if end < len(words) and not (self.lowercase_continues and words[end][:1].islower()):
                starts[end] = 1
            i = end
        doc.from_array([SENT_START], starts.astype("uint64"))
        return doc

    @staticmethod
    def _is_terminal(words: list[str], spaced: list[bool], i: int) -> bool:
        word = words[i]
        if word not in TERMINALS and not (len(word) > 1 and all(ch in "。！？!?." for ch in word)):
            return False
        if word == "." and 0 < i < len(words) - 1:
            # `1.4万亿`: a point between digits with no space is a decimal point.
            if words[i - 1][-1:].isdigit() and words[i + 1][:1].isdigit() and not spaced[i - 1] and not spaced[i]:
                return False
        return True
