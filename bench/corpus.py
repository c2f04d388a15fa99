"""A generated news corpus: real sentence shapes with varied numbers, made at bench time.

Chinese articles reuse the paragraphs and headings of the seed article
(articles/000_*.txt); English articles reuse the paragraphs below, written in
the same register. Every number not glued to a name (GPT-5, K2, R1 keep theirs)
is redrawn with the same number of digits and decimals, so quantities, units
and search terms vary the way a real corpus varies while the sentence shapes
stay those the pipeline meets in production. Deterministic for a given seed.
Nothing generated here is kept in git (bench/out/ is ignored).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kb import ARTICLES

SEED_ARTICLE = ARTICLES / "000_b9019d560c415411.txt"
SITES = ["chineseheadlinenews.com", "news.example.cn", "tech.example.com", "finance.example.org", "wire.example.net"]
ZH_ORIGINS = ["新智元", "量子位", "机器之心", "36氪", "财新", "澎湃新闻"]
EN_ORIGINS = ["Reuters", "Bloomberg", "The Information", "TechCrunch", "Financial Times"]
# A number not part of a name: no letter, hyphen, digit or point glued before it.
_NUMBER = re.compile(r"(?<![A-Za-z0-9.\-])(\d+)(\.\d+)?(?![A-Za-z0-9])")
KEEP_NUMBER = 0.3  # share of numbers left as written (so 71.3 stays searchable)

EN_SECTIONS: list[tuple[str, list[str]]] = [
    ("The first crack in the consensus", [
        "Before 2025, the industry believed that only closed models and huge budgets could build the strongest systems.",
        "OpenAI and its partners drew up a $1.4 trillion plan for data centers over eight years.",
        "Training GPT-4 reportedly cost about $100 million, according to people familiar with the matter.",
        "DeepSeek said it trained its R1 model for about $5.6 million, roughly a tenth of what Meta spent on Llama.",
        "Within a week of its release, the DeepSeek app topped the free chart of Apple's App Store in the United States.",
        "Nvidia's market value fell by about 17% in a single day, or roughly $600 billion.",
    ]),
    ("Open weights at a low price", [
        "Moonshot AI released Kimi K2 Thinking this week, an open-weight model with 1 trillion parameters.",
        "K2 Thinking scored 71.3% on SWE-Bench Verified, slightly ahead of GPT-5.",
        "On BrowseComp it reached 60.2%, against 54.9% for GPT-5 and 24.1% for Claude Sonnet 4.5.",
        "The model activates 32 billion parameters per token and handles a context of 256,000 tokens.",
        "Its API costs $0.60 per million input tokens and $2.50 per million output tokens.",
        "That is between 6 and 10 times cheaper than comparable closed models.",
        "Training reportedly cost $4.6 million, though the company has not confirmed the figure.",
    ]),
    ("Architecture over brute force", [
        "The model uses a mixture-of-experts design with 384 experts, of which 8 are active for each token.",
        "The MuonClip optimizer kept training stable across 15.5 trillion tokens without a single loss spike.",
        "Engineers cut memory use by about 40% with 4-bit quantization during inference.",
        "A cluster of 2,048 GPUs ran for roughly 2 months to finish pre-training.",
        "Inference throughput rose to 120 tokens per second on a single node.",
    ]),
    ("The economics of openness", [
        "Analysts estimate that open models now account for 35% of enterprise deployments, up from 12% a year ago.",
        "Small companies pay less than $1,000 a month to run a capable model on their own servers.",
        "OpenAI's annual revenue is expected to reach $13 billion, while its losses exceed $5 billion.",
        "Investors poured more than $50 billion into AI start-ups in the first half of the year.",
        "The last 20% of performance may matter less to most users than a price cut of 90%.",
    ]),
    ("A cooler story for investors", [
        "Venture firms say valuations above 100 times revenue are becoming harder to justify.",
        "Shares of chip makers have recovered about 25% since the January sell-off.",
        "At least 3 large funds have trimmed their AI positions by more than 10% this quarter.",
        "The next model from OpenAI is expected to cost over $1 billion to train.",
    ]),
]


@dataclass(frozen=True)
class Template:
    section: str | None
    text: str


def seed_templates() -> list[Template]:
    """The seed article's body paragraphs, each with the heading it stands under."""
    from kb.extract.article import read_article

    article = read_article(SEED_ARTICLE)
    return [Template(block.section.split(" / ")[-1] if block.section else None, block.text) for block in article.blocks]


def en_templates() -> list[Template]:
    return [Template(section, text) for section, paragraphs in EN_SECTIONS for text in paragraphs]


def vary_numbers(text: str, rng: random.Random) -> str:
    def redraw(m: re.Match) -> str:
        whole, frac = m.group(1), m.group(2) or ""
        if rng.random() < KEEP_NUMBER:
            return m.group()
        if len(whole) == 4 and whole[:2] in ("19", "20"):  # a year stays a plausible year
            return str(rng.randint(2015, 2026))
        digits = len(whole)
        low = 10 ** (digits - 1) if digits > 1 else 1
        new = str(rng.randint(low, 10**digits - 1))
        if frac:
            new += "." + "".join(str(rng.randint(0, 9)) for _ in range(len(frac) - 1))
        return new

    return _NUMBER.sub(redraw, text)


@dataclass
class GeneratedArticle:
    name: str
    language: str
    text: str
    paragraphs: int


class Corpus:
    """Articles of about `claims_per_article` claims, drawn from a language's templates."""

    def __init__(self, language: str, seed: int = 8, paragraphs_per_article: int = 24):
        self.language = language
        self.rng = random.Random(f"{language}-{seed}")
        self.templates = seed_templates() if language == "zh" else en_templates()
        self.paragraphs_per_article = paragraphs_per_article
        self.origins = ZH_ORIGINS if language == "zh" else EN_ORIGINS

    def article(self, n: int) -> GeneratedArticle:
        rng = self.rng
        count = rng.randint(self.paragraphs_per_article // 2, self.paragraphs_per_article * 3 // 2)
        start = rng.randrange(len(self.templates))
        # a run of consecutive paragraphs (sections stay in order), wrapping around
        picked = [self.templates[(start + i) % len(self.templates)] for i in range(count)]
        lines: list[str] = []
        section = None
        for template in picked:
            if template.section != section and template.section:
                lines.append(template.section)
            section = template.section
            lines.append(vary_numbers(template.text, rng))
        headline = vary_numbers(picked[0].text, rng)[:28].rstrip(",，。.")
        title = f"{headline} ({n})" if self.language == "en" else f"{headline}（{n}）"
        when = f"20{rng.randint(20, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        source = "来源" if self.language == "zh" else "Source"
        byline = f"{when} · {rng.choice(SITES)} · {source}: {rng.choice(self.origins)}"
        text = "\n\n".join([title, byline, *lines]) + "\n"
        return GeneratedArticle(f"{self.language}_{n:07d}.txt", self.language, text, count)

    def articles(self, start: int = 0) -> Iterator[GeneratedArticle]:
        n = start
        while True:
            yield self.article(n)
            n += 1


def mixed(seed: int = 8, zh_share: float = 0.5) -> Iterator[GeneratedArticle]:
    """Chinese and English articles interleaved (about zh_share Chinese)."""
    zh, en = Corpus("zh", seed), Corpus("en", seed)
    rng = random.Random(seed)
    n = 0
    while True:
        yield (zh if rng.random() < zh_share else en).article(n)
        n += 1


def write_articles(folder: Path, language: str, count: int, seed: int = 8) -> list[Path]:
    """`count` article files of one language in folder (replacing what was there)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    paths = []
    corpus = Corpus(language, seed)
    for n in range(count):
        article = corpus.article(n)
        path = folder / article.name
        path.write_text(article.text, encoding="utf-8")
        paths.append(path)
    return paths
