"""Measured quality of copy detection and claim matching, printed by `make eval`.

Copies: a generated corpus. Three originals on one topic (the seed; and an
article on DeepSeek's training bill in Chinese and one in English, written for
this project: tests/data/deepseek_costs_*.txt) each get copies with a new title
and byline, boilerplate added, 0-20 % of sentences edited (a figure changed, a
sentence dropped, a phrase added), some in Traditional characters. Everything
is ingested through `kb.store.ingest` in shuffled order into a scratch database;
a pair counts as linked when both have the same original. The same shingles
under SimHash (64 bits, Hamming distance ≤ k) are scored alongside, as the
alternative the method was chosen against.

Claim pairs: tests/gold/claim_pairs.yml, scored with kb.factcheck.matching.compare.
"""

from __future__ import annotations

import hashlib
import random
import re
import tempfile
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import yaml

from kb import ARTICLES, PROJECT_ROOT

ORIGINALS = [
    ARTICLES / "000_b9019d560c415411.txt",
    PROJECT_ROOT / "tests" / "data" / "deepseek_costs_zh.txt",
    PROJECT_ROOT / "tests" / "data" / "deepseek_costs_en.txt",
]
CLAIM_PAIRS = PROJECT_ROOT / "tests" / "gold" / "claim_pairs.yml"
EDIT_RATES = (0.0, 0.01, 0.05, 0.10, 0.15, 0.20)
COPIES_PER_RATE = 8
SIMHASH_DISTANCES = (3, 10)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_ZH_SENTENCE = re.compile(r"(?<=[。！？])")
_EN_SENTENCE = re.compile(r"(?<=[.!?])\s+")
ZH_BOILERPLATE = ("本文转载自合作媒体，版权归原作者所有，如有侵权请联系删除。", "欢迎关注我们的公众号，获取更多科技资讯。")
EN_BOILERPLATE = ("This story was republished from a partner site under license.", "Sign up for our newsletter to get the day's top stories.")
ZH_INSERT, EN_INSERT = "据悉，", "According to reports, "


def _vary(sentence: str, rng: random.Random) -> str:
    return _NUMBER.sub(lambda m: str(int(float(m.group()) * rng.uniform(1.2, 3)) + 1), sentence, count=1)


def make_copy(text: str, language: str, rate: float, rng: random.Random, n: int) -> str:
    """A republication of `text` (title, byline, paragraphs separated by blank lines) with `rate` of sentences edited."""
    title, byline, *paragraphs = [p for p in text.strip().split("\n\n")]
    split = _ZH_SENTENCE if language == "zh" else _EN_SENTENCE
    sentences = [[s for s in split.split(p) if s.strip()] for p in paragraphs]
    places = [(i, j) for i, p in enumerate(sentences) for j in range(len(p))]
    for i, j in rng.sample(places, round(rate * len(places))):
        edit = rng.choice(("figure", "drop", "insert"))
        if edit == "drop":
            sentences[i][j] = ""
        elif edit == "insert":
            sentences[i][j] = (ZH_INSERT if language == "zh" else EN_INSERT) + sentences[i][j].lstrip()
        else:
            sentences[i][j] = _vary(sentences[i][j], rng)
    joiner = "" if language == "zh" else " "
    body = [joiner.join(s for s in p if s) for p in sentences]
    body = [p for p in body if p]
    boilerplate = ZH_BOILERPLATE if language == "zh" else EN_BOILERPLATE
    if rng.random() < 0.5:
        body = [boilerplate[0], *body, boilerplate[1]]
    new_title = (f"转载｜{title}（{n}）" if language == "zh" else f"{title} | Republished ({n})")
    date = f"2026-0{rng.randint(1, 9)}-{rng.randint(10, 28)} {rng.randint(10, 23)}:00:00"
    site = rng.choice(["news.example.net", "wire.example.org", "portal.example.cn"])
    source = "来源" if language == "zh" else "Source"
    origin = byline.rsplit(":", 1)[-1].strip()
    out = "\n\n".join([new_title, f"{date} · {site} · {source}: {origin}", *body]) + "\n"
    if language == "zh" and rng.random() < 0.2:
        from kb.extract.chinese import to_traditional

        out = to_traditional(out)
    return out


@dataclass
class CopyCorpus:
    paths: list[Path]
    group: dict[str, int]  # file name -> index of its original
    rate: dict[str, float]


def write_copy_corpus(folder: Path, seed: int = 15) -> CopyCorpus:
    from kb.extract.article import detect_language

    rng = random.Random(seed)
    paths, group, rates = [], {}, {}
    for g, original in enumerate(ORIGINALS):
        text = original.read_text(encoding="utf-8")
        language = detect_language(text)
        target = folder / f"o{g}.txt"
        target.write_text(text, encoding="utf-8")
        paths.append(target)
        group[target.name], rates[target.name] = g, 0.0
        for rate in EDIT_RATES:
            for k in range(COPIES_PER_RATE):
                target = folder / f"c{g}_{int(rate * 100):02d}_{k}.txt"
                target.write_text(make_copy(text, language, rate, rng, k), encoding="utf-8")
                paths.append(target)
                group[target.name], rates[target.name] = g, rate
    rng.shuffle(paths)
    return CopyCorpus(paths, group, rates)


def _simhash(shingles: set[str]) -> int:
    weights = [0] * 64
    for s in shingles:
        h = int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def _pr(predicted: set, gold: set) -> tuple[float, float]:
    hit = len(predicted & gold)
    return (hit / len(predicted) if predicted else 1.0), (hit / len(gold) if gold else 1.0)


def copies_report() -> list[str]:
    from kb.extract.article import read_article
    from kb.factcheck.copies import body_text, shingles
    from kb.store.db import open_db
    from kb.store.ingest import ingest_paths

    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_copy_corpus(Path(tmp))
        db = open_db(Path(tmp) / "copies.db")
        results = ingest_paths(db, corpus.paths)
        name_of = {r.article_id: Path(r.path).name for r in results}
        root = {r.article_id: r.article_id for r in results}
        root.update(dict(db.execute("select id, original_id from article_copies").fetchall()))
        names = sorted(name_of.values())
        ids = {v: k for k, v in name_of.items()}
        gold = {(a, b) for a, b in combinations(names, 2) if corpus.group[a] == corpus.group[b]}
        linked = {(a, b) for a, b in combinations(names, 2) if root[ids[a]] == root[ids[b]]}
        precision, recall = _pr(linked, gold)
        right_original = sum(
            1 for n in names if n.startswith("c") and name_of[root[ids[n]]] == f"o{corpus.group[n]}.txt"
        )
        copies = sum(1 for n in names if n.startswith("c"))
        lines = [f"copies: {len(names)} articles ({len(ORIGINALS)} originals, {copies} copies, edit rates "
                 f"{', '.join(f'{r:.0%}' for r in EDIT_RATES)}), ingested in shuffled order"]
        lines.append(f"  MinHash/LSH (kb ingest)   pairs {len(gold):5d}  precision {precision:.3f}  recall {recall:.3f}"
                     f"  copies linked to their true original {right_original}/{copies}")
        similarity = dict(db.execute("select id, similarity from article_copies").fetchall())
        for rate in EDIT_RATES:
            at_rate = [n for n in names if n.startswith("c") and corpus.rate[n] == rate]
            linked_right = sum(1 for n in at_rate if name_of[root[ids[n]]] == f"o{corpus.group[n]}.txt")
            scores = [similarity[ids[n]] for n in at_rate if ids[n] in similarity]
            lines.append(f"    edit rate {rate:4.0%}: {linked_right}/{len(at_rate)} linked to their original,"
                         f" estimated similarity at link {min(scores, default=0):.2f}-{max(scores, default=0):.2f}")
        from kb.factcheck.copies import Signature

        stored = {aid: Signature.from_blob(blob, n) for aid, blob, n in db.execute("select * from article_signatures")}
        originals = [ids[f"o{g}.txt"] for g in range(len(ORIGINALS))]
        distinct = max(stored[a].similarity(stored[b]) for a, b in combinations(originals, 2))
        lines.append(f"    distinct articles on the topic (the originals): highest estimated similarity {distinct:.2f}")
        sigs = {}
        for path in corpus.paths:
            article = read_article(path)
            sigs[path.name] = _simhash(shingles(body_text(article), article.language))
        for k in SIMHASH_DISTANCES:
            near = {(a, b) for a, b in combinations(names, 2) if bin(sigs[a] ^ sigs[b]).count("1") <= k}
            p, r = _pr(near, gold)
            lines.append(f"  SimHash 64 bit, distance ≤ {k:2d} pairs  precision {p:.3f}  recall {r:.3f}")
        db.close()
    return lines


def claim_pairs_report(path: Path = CLAIM_PAIRS) -> list[str]:
    from kb.extract.quantities import find_quantities
    from kb.factcheck.claim_index import ClaimView, QuantityView
    from kb.factcheck.matching import SAME_CLAIM, compare

    def view(text: str, language: str, name: str) -> ClaimView:
        quantities = [QuantityView(q.text, q.start, q.end, q.value, q.unit, q.qualifier, q.per_unit)
                      for q in find_quantities(text, language)]
        return ClaimView(name, name, text, language, quantities)

    kinds = {"same": SAME_CLAIM, "figure": "same figure", "contradicts": "contradicts", "unrelated": None}
    pairs = yaml.safe_load(path.read_text(encoding="utf-8"))
    lines = [f"claim pairs ({path.relative_to(PROJECT_ROOT)}): `same claim` precision / recall, and all four kinds right"]
    for name in ("zh", "en", "zh-en", "all"):
        chosen = [p for p in pairs if name in ("all", p["set"])]
        tp = fp = fn = right = 0
        for p in chosen:
            la, _, lb = p["set"].partition("-")
            match = compare(view(p["a"], la, "a"), view(p["b"], lb or la, "b"))
            predicted = match.kind if match else None
            gold = kinds[p["kind"]]
            tp += predicted == SAME_CLAIM and gold == SAME_CLAIM
            fp += predicted == SAME_CLAIM and gold != SAME_CLAIM
            fn += predicted != SAME_CLAIM and gold == SAME_CLAIM
            right += predicted == gold
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        lines.append(f"  {name:6} pairs {len(chosen):3d}  same claim: precision {precision:.3f} recall {recall:.3f}"
                     f"   kind right {right}/{len(chosen)}")
    return lines


def main() -> None:
    print()
    print("\n".join(copies_report()))
    print()
    print("\n".join(claim_pairs_report()))


if __name__ == "__main__":
    main()
