"""Time extraction: `python -m bench.extract_speed`.

find_quantities per paragraph: the seed article's paragraphs (zh) and a fixed set
of English and Traditional Chinese news-style paragraphs (written for this bench),
each repeated 200 times; best of 5 runs, CPU microseconds per paragraph (process
time: other processes on the machine do not count).

split_claims per claim (sentences and quantities, the whole extraction of an
article already read): the seed, its Traditional version and the DeepSeek test
articles in both languages, best of 7, the paragraph cache emptied before each run
(a distinct article, not a repeat).

Run the same file with PYTHONPATH set to another checkout to compare trees.
"""

from __future__ import annotations

import time

from kb.evaluate import load_seed_gold
from kb.extract.quantities import find_quantities

EN = [
    "The running back finished with 517 rushing yards and four touchdowns over the last three games, while the defence forced eight more picks.",
    "Shares rose 3.2% to $41.50 after the company reported revenue of $14.5bn for the quarter, up from $12.1bn a year earlier.",
    "Unemployment was revised down by 80,000 to 105,000, and the jobless rate edged up from 4.1 per cent to 4.2 per cent.",
    "The Bank of England cut rates by 25 basis points to 4.5%, the third cut since August, with petrol at 135p a litre.",
    "Temperatures reached 41.2C in Seville, about 6 degrees Celsius above the seasonal average, and 2,300 hectares burned.",
    "The carmaker sold roughly 850,000 cars abroad last year and plans 400 charging stations, each delivering 350 kW.",
    "She scored 31 points and added 11 rebounds and nine assists in 36 minutes as the team won its fifth straight game.",
    "Oil output fell to 9.8 million barrels per day, while Brent crude traded at $82 a barrel on Tuesday afternoon.",
    "The government pledged 10.5 million Australian dollars for 1,200 new homes, a plan critics said was far too small.",
    "Nothing in the FTSE 100 or the S&P 500 moved more than 1.5 per cent as traders awaited the iPhone 17 launch.",
]
ZH_HANT = [
    "台積電去年12月營收新台幣3350億元，月減2.5%，年增20.4%，全年營收約2兆7629.64億元。",
    "行政院預估今年經濟成長率達3.1%，較去年下修0.2個百分點，失業率維持在3.4%左右。",
    "氣象署表示，今年夏季平均氣溫較常年偏高1.01℃，台北最高溫逾38度，雨量只有往年的六成。",
]


def paragraphs() -> list[tuple[str, str]]:
    body, _ = load_seed_gold()
    zh = [(p, "zh") for p in body.split("\n") if p.strip()]
    return zh + [(p, "en") for p in EN] + [(p, "zh") for p in ZH_HANT]


def main(repeat: int = 200, runs: int = 5) -> None:
    paras = paragraphs()
    best = {}
    for lang in ("zh", "en"):
        items = [p for p, l in paras if l == lang]
        times = []
        for _ in range(runs):
            t0 = time.process_time()
            for _ in range(repeat):
                for p in items:
                    find_quantities(p, lang)
            times.append(time.process_time() - t0)
        best[lang] = min(times) / (repeat * len(items)) * 1e6
        print(f"{lang}: {len(items)} paragraphs x {repeat}: best {best[lang]:.1f} µs per paragraph")
    split_per_claim()


SPLIT_FILES = ("articles/000_b9019d560c415411.txt", "tests/data/seed_traditional.txt",
               "tests/data/deepseek_costs_zh.txt", "tests/data/deepseek_costs_en.txt")


def split_per_claim(runs: int = 7) -> None:
    from pathlib import Path

    from kb.extract import claims
    from kb.extract.article import read_article

    root = Path(__file__).resolve().parent.parent
    for name in SPLIT_FILES:
        article = read_article(root / name)
        drafts = claims.split_claims(article, "bench")
        best = float("inf")
        for _ in range(runs):
            if hasattr(claims, "PARAGRAPHS"):
                claims.PARAGRAPHS.clear()
            t0 = time.process_time()
            claims.split_claims(article, "bench")
            best = min(best, time.process_time() - t0)
        print(f"split_claims {Path(name).name}: {len(drafts)} claims, best {best / len(drafts) * 1e6:.0f} µs per claim")


if __name__ == "__main__":
    main()
