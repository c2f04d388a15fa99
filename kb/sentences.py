"""A sentence-boundary component for Chinese and English news text.

spaCy's stock `sentencizer` splits `1.4万亿` at the decimal point and puts a
closing quote after 。 into the next sentence. This component works on tokens:
a sentence ends at a terminal punctuation token, and closing quotes and brackets
that follow it stay with it.
"""

from spacy.language import Language
from spacy.tokens import Doc

TERMINALS = ("。", "！", "？", "!", "?", "…", "……", ".", "...", "!!", "??", "?!", "!?", "！！", "？！", "！？", "。。。")
CLOSERS = set("”’」』》）)]】\"'")


@Language.factory("claim_sentences", default_config={"english_lowercase_continues": True})
def make_claim_sentences(nlp: Language, name: str, english_lowercase_continues: bool):
    """`english_lowercase_continues`: in English, `"Really?" she asked.` stays one sentence."""
    return ClaimSentences(english_lowercase_continues and nlp.lang == "en")


class ClaimSentences:
    def __init__(self, lowercase_continues: bool):
        self.lowercase_continues = lowercase_continues

    def __call__(self, doc: Doc) -> Doc:
        tokens = list(doc)
        for token in tokens:
            token.is_sent_start = token.i == 0
        i = 0
        while i < len(tokens):
            if not self._is_terminal(doc, i):
                i += 1
                continue
            end = i + 1
            while end < len(tokens) and tokens[end].text in CLOSERS and not tokens[end - 1].whitespace_:
                end += 1
            if end < len(tokens) and not self._continues(tokens[end]):
                tokens[end].is_sent_start = True
            i = end
        return doc

    def _is_terminal(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        text = token.text
        if text not in TERMINALS and not (len(text) > 1 and all(ch in "。！？!?." for ch in text)):
            return False
        if text == "." and 0 < i < len(doc) - 1:
            before, after = doc[i - 1], doc[i + 1]
            # `1.4万亿`: a point between digits with no space is a decimal point.
            if before.text[-1:].isdigit() and after.text[:1].isdigit() and not before.whitespace_ and not token.whitespace_:
                return False
        return True

    def _continues(self, token) -> bool:
        return self.lowercase_continues and token.text[:1].islower()
