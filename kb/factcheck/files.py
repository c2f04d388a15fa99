"""Fact-check files: citations and verdicts as reviewable YAML in the repo.

One file per article (`ingest/factchecks/<article id>.yml` for the project's
claims.db, `<db name>.factchecks/` beside any other database: kb.project),
grouped by claim. `kb build` applies them, so `claims.db` can always be
rebuilt; the `cite`, `uncite`, `verdict` and `checks accept/unaccept` commands
write the file and the database in one step. Removed evidence stays in the
file (`removed:`, `removed_checks:`) with who, when and why.
"""

import csv
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

import sqlite_utils
import yaml

from kb import KBError
from kb.factcheck import checks as checks_module
from kb.factcheck import removal
from kb.factcheck.checks import CheckSpec
from kb.factcheck.yamlsafe import load_yaml_text, read_text
from kb.project import FACTCHECKS
from kb.store.db import now, writing
from kb.store.ids import claim_id
from kb.factcheck.evidence import (
    CitationInput,
    ClaimRef,
    Removed,
    shallow,
    VerdictInput,
    add_citation,
    add_verdict,
    citation_id,
    closest_claims,
    find_claim,
    reindex_quotes,
    restore_claim,
    validate_citation,
    validate_verdict,
)

CITATION_FIELDS = {f.name for f in fields(CitationInput)}
VERDICT_FIELDS = {f.name for f in fields(VerdictInput)}


def path_for(folder: Path, article_id: str) -> Path:
    return folder / f"{article_id}.yml"


@dataclass
class FactFile:
    article_id: str
    title: str = ""
    claims: list[ClaimRef] = field(default_factory=list)
    checks: list[CheckSpec] = field(default_factory=list)
    removed_checks: list[Removed] = field(default_factory=list)

    def claim(self, row: dict) -> ClaimRef:
        """The entry for a claim row, added (with a snapshot of the claim) if missing."""
        ref = next((r for r in self.claims if r.id == row["id"]), None)
        if ref is None:
            ref = ClaimRef(row["id"], row["text"], row["position"], row["section"], row["start"], row["end"])
            self.claims.append(ref)
        return ref


def load(path: Path) -> FactFile:
    """Read and validate a fact-check file; errors name the file and the entry."""
    data = load_yaml_text(read_text(path), str(path)) or {}
    if not isinstance(data, dict) or "article" not in data:
        raise KBError(f"{path}: a fact-check file is a mapping with `article:` and `claims:`")
    file = FactFile(str(data["article"]), data.get("title") or "")
    for n, entry in enumerate(data.get("claims") or [], start=1):
        where = f"{path}: claims[{n}]"
        try:
            citations = [_citation(c, f"{where} citations[{i}]") for i, c in enumerate(entry.pop("citations", []) or [], 1)]
            verdicts = [_verdict(v, f"{where} verdicts[{i}]") for i, v in enumerate(entry.pop("verdicts", []) or [], 1)]
            removed = [_removed(r, "citation", lambda c, w: _citation(c, w), f"{where} removed[{i}]")
                       for i, r in enumerate(entry.pop("removed", []) or [], 1)]
            file.claims.append(ClaimRef(id=entry.pop("claim"), **entry, citations=citations, verdicts=verdicts, removed=removed))
        except (TypeError, KeyError, AttributeError) as exc:
            raise KBError(f"{where}: malformed entry ({exc})") from None
    file.checks = [CheckSpec.from_dict(c, f"{path}: checks[{n}]") for n, c in enumerate(data.get("checks") or [], start=1)]
    file.removed_checks = [_removed(r, "check", CheckSpec.from_dict, f"{path}: removed_checks[{n}]")
                           for n, r in enumerate(data.get("removed_checks") or [], start=1)]
    return file


def save(path: Path, file: FactFile) -> Path:
    """Write beside the target; the caller renames it into place once the database has committed."""
    entries = []
    for ref in file.claims:
        entry = {"claim": ref.id, **{k: v for k, v in shallow(ref).items() if k not in ("id", "citations", "verdicts", "removed")}}
        entry["citations"] = [_compact(shallow(c)) for c in ref.citations]
        entry["verdicts"] = [_compact(shallow(v)) for v in ref.verdicts]
        if ref.removed:
            entry["removed"] = [_removed_dict(r, "citation", _compact(shallow(r.item))) for r in ref.removed]
        entries.append(entry)
    data = {"article": file.article_id, "title": file.title, "claims": entries}
    if file.checks:
        data["checks"] = [check.to_dict() for check in file.checks]
    if file.removed_checks:
        data["removed_checks"] = [_removed_dict(r, "check", r.item.to_dict()) for r in file.removed_checks]
    tmp = path.with_name(path.name + ".tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    # libyaml's dumper when present: the same text, five times faster (10,000 citations: 12 s -> 2 s)
    body = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False, width=1000)
    header = f"# Citations, checks and verdicts for: {file.title}\n# Written by `kb cite`, `kb uncite`, `kb checks accept/unaccept`, `kb verdict`; applied by `kb build`.\n"
    tmp.write_text(header + body, encoding="utf-8")
    return tmp


def apply(db: sqlite_utils.Database, path: Path, warnings: list[str] | None = None) -> tuple[int, int, int]:
    """Apply one file (inside the caller's transaction); returns citations, checks and verdicts added.

    With a `warnings` list (what `kb build` passes), evidence that an edited
    article has made impossible to replay does not stop the build: a check
    whose figures are gone is left out, and a verdict that needed it is kept
    all the same; each is a warning naming the file, so a person reviews it.
    Without one, both are errors.

    Verdicts come after all the evidence they may have needed (also evidence
    removed since), and removals last: history replays as it was made.
    An entry whose claim is gone is restored as superseded only if its id is
    the id of its own snapshot's sentence (a sentence the article really had),
    with a warning; any other unknown id is an error naming the closest claims.
    """
    file = load(path)
    if not db["articles"].count_where("id = ?", [file.article_id]):
        raise OrphanFile(f"{path}: article {file.article_id} is not in the database (its source is not in articles/)")
    for n, ref in enumerate(file.claims, start=1):
        if not db["claims"].count_where("id = ?", [ref.id]):
            if not is_own_id(file.article_id, ref):
                raise KBError(f"{path}: claims[{n}]: claim {ref.id!r} is not a claim of article {file.article_id}"
                              f"{closest_claims(db, ref.id, ref.text)}")
            restore_claim(db, file.article_id, ref, now())
            if warnings is not None:
                warnings.append(f"warning: {path}: claims[{n}]: claim {ref.id} ({ref.text[:40]}) is no longer in its article; "
                                "kept as superseded with its evidence")
    citations = sum(add_citation(db, ref.id, c, index_quotes=False) for ref in file.claims for c in ref.citations)
    for ref in file.claims:
        for r in ref.removed:
            add_citation(db, ref.id, r.item, index_quotes=False)
    reindex_quotes(db, [ref.id for ref in file.claims if ref.citations or ref.removed])

    def store_check(spec: CheckSpec, where: str) -> bool:
        try:
            return checks_module.store(db, spec, where)
        except KBError as exc:
            if warnings is None:
                raise
            warnings.append(f"warning: {exc}; the check is left out (its article changed): review claim {spec.claim}")
            return False

    def replay_verdict(ref: ClaimRef, v: VerdictInput, where: str) -> bool:
        try:
            return add_verdict(db, ref.id, v, where)
        except KBError as exc:
            if warnings is None:
                raise
            warnings.append(f"warning: {exc}; the verdict is kept as it was given: review claim {ref.id}")
            return add_verdict(db, ref.id, v, where, require_evidence=False)

    checks = sum(store_check(spec, f"{path}: check {spec.id}") for spec in file.checks)
    for r in file.removed_checks:
        store_check(r.item, f"{path}: removed check {r.item.id}")
    verdicts = sum(
        replay_verdict(ref, v, f"{path}: claims[{n}] ({ref.id})")
        for n, ref in enumerate(file.claims, start=1)
        for v in ref.verdicts
    )
    _replay_removals(db, file)
    return citations, checks, verdicts


def is_own_id(article_id: str, ref: ClaimRef, occurrences: int = 50) -> bool:
    """Whether the id is what kb.store.ids gives the snapshot's sentence in that article (a real, superseded claim)."""
    return any(claim_id(article_id, ref.text or "", k) == ref.id for k in range(occurrences))


def _replay_removals(db: sqlite_utils.Database, file: FactFile) -> None:
    """Remove what the file lists as removed, unless it was added back later (still listed as current)."""
    for ref in file.claims:
        current = {citation_id(ref.id, c) for c in ref.citations}
        for r in ref.removed:
            cid = citation_id(ref.id, r.item)
            if cid in current or not db["citations"].count_where("id = ?", [cid]):
                removal.record_only(db, "citation", {"id": cid, "claim_id": ref.id, **asdict(r.item)}, r.removed_by, r.reason, r.removed_at)
            else:
                removal.remove_citation(db, cid, r.removed_by, r.reason, r.removed_at, validate=False)
    current_checks = {spec.id for spec in file.checks}
    for r in file.removed_checks:
        if r.item.id in current_checks or not db["checks"].count_where("id = ?", [r.item.id]):
            removal.record_only(db, "check", {"id": r.item.id, "claim_id": r.item.claim, **r.item.to_dict()}, r.removed_by, r.reason, r.removed_at)
        else:
            removal.remove_check(db, r.item.id, r.removed_by, r.reason, r.removed_at, validate=False)


class OrphanFile(KBError):
    """A fact-check file whose article is not in the database: skipped by `kb build`, with a warning."""


def apply_folder(db: sqlite_utils.Database, folder: Path = FACTCHECKS) -> list[str]:
    """Apply every file; a line per file. An orphan file (its article left articles/) is a
    `warning:` line, not a failure: the project must always build, and the file is kept
    for when the article comes back."""
    lines = []
    for path in sorted(folder.glob("*.yml")):
        warnings: list[str] = []
        try:
            with db.atomic():  # a savepoint: an orphan leaves nothing behind
                c, k, v = apply(db, path, warnings)
        except OrphanFile as exc:
            lines.append(f"warning: {exc}; file skipped, the build goes on")
            continue
        lines += [*warnings, f"{path.name}: {c} citations, {k} checks, {v} verdicts"]
    return lines


def record(db: sqlite_utils.Database, folder: Path, items: list[tuple[dict, list[CitationInput], list[VerdictInput]]],
           checks: list[CheckSpec] = ()) -> tuple[int, int, int]:
    """Add citations, checks and verdicts to the database and to the fact-check files, all or nothing.

    `items` pairs a claim row with what to add to it. Files are written beside
    their targets first and renamed into place only after the database commits.
    The file is the source of truth, so what it lacks is written to it even when
    the database has it already: re-running a command heals a file that a crash
    between commit and rename left behind.
    """
    stamp = now()
    files: dict[str, FactFile] = {}
    counts = [0, 0, 0]

    def file_for(article_id: str) -> FactFile:
        if article_id not in files:
            path = path_for(folder, article_id)
            files[article_id] = load(path) if path.exists() else FactFile(article_id)
            files[article_id].title = db["articles"].get(article_id)["title"]
        return files[article_id]

    with writing(db):
        for spec in checks:
            claim = db["claims"].get(spec.claim)
            spec.added_at = spec.added_at or stamp
            file = file_for(claim["article_id"])
            counts[1] += checks_module.store(db, spec, f"check {spec.id}")
            if all(c.id != spec.id for c in file.checks):
                file.checks.append(spec)
        refs: dict[str, tuple[ClaimRef, set]] = {}
        for claim, citations, verdicts in items:
            if claim["id"] not in refs:
                ref = file_for(claim["article_id"]).claim(claim)
                refs[claim["id"]] = (ref, {known.key for known in ref.citations})
            ref, keys = refs[claim["id"]]
            for c in citations:
                c.added_at = c.added_at or stamp
                counts[0] += add_citation(db, claim["id"], c, index_quotes=False)
                if c.key not in keys:
                    keys.add(c.key)
                    ref.citations.append(c)
            for v in verdicts:
                v.created_at = v.created_at or stamp
                if add_verdict(db, claim["id"], v, f"claim {claim['id']}"):
                    ref.verdicts.append(v)
                    counts[2] += 1
        reindex_quotes(db, [claim["id"] for claim, citations, _ in items if citations])
        written = []
        try:
            for aid, file in files.items():
                written.append((save(path_for(folder, aid), file), path_for(folder, aid)))
        except BaseException:  # the transaction rolls back; no half-written file is left beside the targets
            for tmp, _ in written:
                tmp.unlink(missing_ok=True)
            for aid in files:
                tmp = path_for(folder, aid).with_name(path_for(folder, aid).name + ".tmp")
                tmp.unlink(missing_ok=True)
            raise
    for tmp, target in written:
        os.replace(tmp, target)
    return counts[0], counts[1], counts[2]


def load_bulk(path: Path, db: sqlite_utils.Database) -> list[tuple[dict, list[CitationInput], list[VerdictInput]]]:
    """Rows of a YAML list or CSV file of citations; every row is checked before any is applied."""
    rows = _read_rows(path)
    items = []
    for n, row in enumerate(rows, start=1):
        where = f"{path}: row {n}"
        if not isinstance(row, dict):
            raise KBError(f"{where}: expected a mapping of column to value")
        row = {k: (v if v != "" else None) for k, v in row.items()}
        claim_key, match = row.pop("claim", None), row.pop("match", None)
        try:
            claim = find_claim(db, claim_key, match)
        except KBError as exc:
            raise KBError(f"{where}: {exc}") from None
        items.append((claim, [_citation(row, where)], []))
    return items


def _read_rows(path: Path) -> list:
    text = read_text(path, encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        return list(csv.DictReader(text.splitlines()))
    data = load_yaml_text(text, str(path))
    if not isinstance(data, list):
        raise KBError(f"{path}: expected a list of citations (YAML) or a CSV with a header row")
    return data


def _citation(data: dict, where: str) -> CitationInput:
    unknown = set(data) - CITATION_FIELDS
    if unknown:
        raise KBError(f"{where}: unknown fields {sorted(unknown)}; allowed: claim or match, {', '.join(sorted(CITATION_FIELDS))}")
    if not data.get("url") or not data.get("stance"):
        raise KBError(f"{where}: a citation needs url and stance")
    values = {k: (str(v) if v is not None else None) for k, v in data.items()}
    return validate_citation(CitationInput(**values), where)


def _verdict(data: dict, where: str) -> VerdictInput:
    unknown = set(data) - VERDICT_FIELDS
    if unknown:
        raise KBError(f"{where}: unknown fields {sorted(unknown)}")
    values = {k: str(v) for k, v in data.items() if v is not None}
    return validate_verdict(VerdictInput(**{"status": "", "note": "", "author": "", **values}), where)


def record_removal(db: sqlite_utils.Database, folder: Path, kind: str, item_id: str, removed_by: str, reason: str) -> tuple[dict, Path]:
    """Remove a citation or an accepted check from the database and move it to the `removed` list
    of its fact-check file, all or nothing; returns the removed row and the file."""
    if not (removed_by or "").strip() or not (reason or "").strip():
        raise KBError("a removal needs an author and a reason")
    stamp = now()
    with writing(db):
        if kind == "citation":
            row = removal.remove_citation(db, item_id, removed_by, reason, stamp)
        else:
            row = removal.remove_check(db, item_id, removed_by, reason, stamp)
        claim = db["claims"].get(row["claim_id"])
        target = path_for(folder, claim["article_id"])
        file = load(target) if target.exists() else FactFile(claim["article_id"])
        file.title = db["articles"].get(claim["article_id"])["title"]
        if kind == "citation":
            ref = file.claim(claim)
            item = CitationInput(**{f: row[f] for f in CITATION_FIELDS})
            ref.citations = [c for c in ref.citations if citation_id(claim["id"], c) != item_id]
            ref.removed.append(Removed(item, removed_by, reason, stamp))
        else:
            spec = next((s for s in file.checks if s.id == item_id), None)
            if spec is None:
                raise KBError(f"check {item_id} is in the database but not in {target}; cannot record its removal there")
            file.checks = [s for s in file.checks if s.id != item_id]
            file.removed_checks.append(Removed(spec, removed_by, reason, stamp))
        tmp = save(target, file)
    os.replace(tmp, target)
    return row, target


def _removed(data: dict, kind: str, parse, where: str) -> Removed:
    if not isinstance(data, dict) or kind not in data:
        raise KBError(f"{where}: a removed entry has `{kind}:`, `removed_at`, `removed_by` and `reason`")
    return Removed(parse(data[kind], where), str(data.get("removed_by") or ""), str(data.get("reason") or ""),
                   str(data.get("removed_at") or ""))


def _removed_dict(r: Removed, kind: str, item: dict) -> dict:
    return {kind: item, "removed_at": r.removed_at, "removed_by": r.removed_by, "reason": r.reason}


def _compact(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}
