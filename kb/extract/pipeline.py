"""The spaCy pipelines: a blank language, our sentence boundaries, our quantity spans."""

import logging
from functools import lru_cache

import jieba

import spacy
from spacy.language import Language

import kb.extract.quantities  # noqa: F401  (registers the "quantities" factory)
import kb.extract.sentences  # noqa: F401  (registers the "claim_sentences" factory)

LANGUAGES = ("zh", "en")
jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not the user's business


@lru_cache(maxsize=None)
def get_nlp(lang: str, with_quantities: bool = True) -> Language:
    """One pipeline per language, built once per process (jieba loads its dictionary once)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    config = {"nlp": {"tokenizer": {"segmenter": "jieba"}}} if lang == "zh" else {}
    nlp = spacy.blank(lang, config=config)
    nlp.add_pipe("claim_sentences")
    if with_quantities:
        nlp.add_pipe("quantities")
    return nlp
