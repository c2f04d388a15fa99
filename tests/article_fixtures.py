"""Furniture and metadata on the saved-page and text fixtures: `python -m tests.article_fixtures`
(`--extractors`: trafilatura's and htmldate's metadata against ours on the saved pages).

Each fixture `X.html` / `X.txt` in tests/data/pages and tests/data/texts has an
annotation `X.yml`: `body`, the story's paragraphs as published (what must
become claims: nothing else, nothing less), `sections` (the first words of the
paragraph a heading stands above -> the heading; paragraphs above the first
heading have none) and `expect`, the metadata the page or byline carries.
"""

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.extract.article import read_article
from kb.extract.claims import split_claims

DATA = Path(__file__).resolve().parent / "data"
FOLDERS = (DATA / "pages", DATA / "texts")
FIELDS = ("title", "published_at", "site", "author", "origin", "language", "canonical_url")


@dataclass
class FixtureResult:
    name: str
    outlet: str
    claims: int = 0
    furniture_claims: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    wrong_sections: list[str] = field(default_factory=list)
    metadata: dict[str, tuple] = field(default_factory=dict)  # field -> (expected, got)

    @property
    def metadata_wrong(self) -> dict[str, tuple]:
        return {k: v for k, v in self.metadata.items() if v[0] != v[1]}


def fixtures() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in folder.iterdir() if p.suffix in (".html", ".txt"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def measure(path: Path) -> FixtureResult:
    notes = yaml.safe_load(path.with_suffix(".yml").read_text(encoding="utf-8"))
    article = read_article(path)
    claims = split_claims(article, "fixture")
    result = FixtureResult(path.name, notes["outlet"], len(claims))
    body = [_squash(p) for p in notes["body"]]
    result.furniture_claims = [c.text for c in claims if not any(_squash(c.text) in p for p in body)]
    claimed = "".join(_squash(c.text) for c in claims)
    result.lost = [p for p in notes["body"] if _squash(p) not in claimed]
    # a paragraph's section: the last annotated one at or above it (None above the first heading)
    sections, current = notes.get("sections") or {}, None
    for paragraph in notes["body"]:
        current = next((s for start, s in sections.items() if paragraph.startswith(start)), current)
        for claim in claims:
            if _squash(claim.text) in _squash(paragraph) and claim.section != current:
                result.wrong_sections.append(f"{claim.text[:20]}: {claim.section!r} != {current!r}")
    for key in FIELDS:
        if key in notes["expect"]:
            result.metadata[key] = (str(notes["expect"][key]), getattr(article, key))
    return result


def main() -> int:
    results = [measure(path) for path in fixtures()]
    outlets = {r.outlet.split(" ")[0] for r in results}
    print(f"{len(results)} fixtures, {len(outlets)} outlets")
    for r in results:
        wrong = r.metadata_wrong
        print(f"{r.name:24} claims {r.claims:3}  furniture claims {len(r.furniture_claims)}  body lost {len(r.lost)}  "
              f"sections wrong {len(r.wrong_sections)}  metadata {len(r.metadata) - len(wrong)}/{len(r.metadata)}"
              + "".join(f"\n    {k}: expected {e!r}, got {g!r}" for k, (e, g) in wrong.items())
              + "".join(f"\n    furniture claim: {t}" for t in r.furniture_claims)
              + "".join(f"\n    lost: {t}" for t in r.lost)
              + "".join(f"\n    section: {t}" for t in r.wrong_sections))
    fields = sum(len(r.metadata) for r in results)
    right = fields - sum(len(r.metadata_wrong) for r in results)
    print(f"total: claims {sum(r.claims for r in results)}, furniture claims {sum(len(r.furniture_claims) for r in results)}, "
          f"body paragraphs lost {sum(len(r.lost) for r in results)}, metadata fields right {right}/{fields}")
    return 0


def compare_extractors() -> None:
    """The candidates measured on the saved pages, field by field: exact matches with the annotation
    (for the date also: the day right). Why kb.extract.metadata reads some fields itself."""
    from htmldate import find_date
    from trafilatura import extract_metadata

    from kb.extract.article import decode_source

    pages = [p for p in fixtures() if p.suffix == ".html"]
    scores: dict[str, list[int]] = {}

    def score(name: str, expected, got, day: bool = False) -> None:
        row = scores.setdefault(name, [0, 0])
        row[1] += 1
        if expected is not None and got is not None and (str(got)[:10] == str(expected)[:10] if day else str(got) == str(expected)):
            row[0] += 1

    for path in pages:
        expect = yaml.safe_load(path.with_suffix(".yml").read_text(encoding="utf-8"))["expect"]
        html = decode_source(path.read_bytes(), str(path))
        found = extract_metadata(html)
        ours = read_article(path)
        stamp = find_date(html, original_date=True, extensive_search=True, outputformat="%Y-%m-%dT%H:%M:%S%z")
        for key, theirs in (("title", found.title), ("site", found.sitename), ("author", found.author),
                            ("canonical_url", found.url)):
            if key in expect:
                score(f"{key:13} trafilatura.extract_metadata", expect[key], theirs)
                score(f"{key:13} claimkb", expect[key], getattr(ours, key))
        if "published_at" in expect:
            score("published_at  trafilatura (day)", expect["published_at"], found.date, day=True)
            score("published_at  htmldate (day)", expect["published_at"], stamp, day=True)
            iso = stamp and (stamp[:-2] + ":" + stamp[-2:] if stamp[-5] in "+-" else stamp)
            score("published_at  htmldate %Y-%m-%dT%H:%M:%S%z (exact)", expect["published_at"], iso)
            score("published_at  claimkb (exact)", expect["published_at"], ours.published_at)
    for name, (right, total) in sorted(scores.items()):
        print(f"{name:55} {right:2}/{total}")


if __name__ == "__main__" and "--extractors" in sys.argv:
    compare_extractors()
    sys.exit(0)


if __name__ == "__main__":
    sys.exit(main())
