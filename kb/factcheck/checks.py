"""Numbers that check each other: arithmetic checks between an article's quantities.

A check reads named quantities (a claim and the quantity's text, which survive
re-ingest), computes an expression over them with simpleeval, and compares the
result with what the claim asserts: a quantity of the claim itself (不到3.5%
asserts "< 3.5") or a stated operator and value. The result, `holds` or
`fails`, is kept in `checks` with the figures it read in `check_inputs`.
"""

import re
from dataclasses import asdict, dataclass, field
from itertools import combinations

import sqlite_utils
from simpleeval import InvalidExpression, simple_eval

from kb import KBError
from kb.store.ids import content_id

KINDS = ("ratio", "difference", "sum", "share", "conversion")
OPS = {"lt": "<", "lte": "≤", "gt": ">", "gte": "≥", "approx": "≈", "exact": "="}
DEFAULT_TOLERANCE = {"approx": 0.1, "exact": 0.005}
COMPARATIVE = re.compile(r"不到|不足|仅为|只有|分之|倍|超过|领先|高于|低于|less than|fraction|tenth|third|quarter|times|more than|ahead of|higher than|lower than", re.I)
NEIGHBOUR_CLAIMS = 3


@dataclass
class QuantityRef:
    claim: str
    text: str


@dataclass
class CheckSpec:
    """A check as a fact-check file keeps it."""

    claim: str
    kind: str
    description: str
    expression: str
    inputs: dict[str, QuantityRef]
    target: QuantityRef | None = None
    op: str | None = None
    expected: float | None = None
    tolerance: float | None = None
    added_at: str | None = None
    id: str = field(init=False, default="")

    def __post_init__(self):
        if self.kind not in KINDS:
            raise KBError(f"unknown check kind {self.kind!r}; use one of {', '.join(KINDS)}")
        names = ",".join(f"{k}={v.claim}:{v.text}" for k, v in sorted(self.inputs.items()))
        target = f"{self.target.claim}:{self.target.text}" if self.target else f"{self.op}{self.expected}"
        self.id = content_id("check", self.claim, self.expression, names, target)

    def to_dict(self) -> dict:
        data = {k: v for k, v in asdict(self).items() if v is not None and k != "id"}
        return {"id": self.id, **data}

    @classmethod
    def from_dict(cls, data: dict, where: str) -> "CheckSpec":
        data = dict(data)
        data.pop("id", None)
        try:
            data["inputs"] = {name: QuantityRef(**ref) for name, ref in data["inputs"].items()}
            if data.get("target"):
                data["target"] = QuantityRef(**data["target"])
            return cls(**data)
        except (KeyError, TypeError, AttributeError) as exc:
            raise KBError(f"{where}: malformed check ({exc})") from None
        except KBError as exc:
            raise KBError(f"{where}: {exc}") from None


def resolve(db: sqlite_utils.Database, ref: QuantityRef, where: str) -> dict:
    rows = list(db["quantities"].rows_where("claim_id = ? and text = ?", [ref.claim, ref.text]))
    if len(rows) != 1:
        found = "no" if not rows else f"{len(rows)}"
        raise KBError(f"{where}: {found} quantity {ref.text!r} in claim {ref.claim}")
    return rows[0]


def evaluate(db: sqlite_utils.Database, spec: CheckSpec, where: str) -> tuple[dict, list[dict]]:
    """Compute a check: the `checks` row and its `check_inputs` rows."""
    quantities = {name: resolve(db, ref, f"{where} input {name}") for name, ref in spec.inputs.items()}
    values = {name: q["value"] for name, q in quantities.items()}
    try:
        computed = float(simple_eval(spec.expression, names=values))
    except (InvalidExpression, ZeroDivisionError, TypeError, SyntaxError) as exc:
        raise KBError(f"{where}: cannot compute {spec.expression!r}: {exc}") from None
    target = resolve(db, spec.target, f"{where} target") if spec.target else None
    op = spec.op or (target["qualifier"] if target and target["qualifier"] in OPS else "approx")
    expected = spec.expected if spec.expected is not None else (target["value"] if target else None)
    if expected is None:
        raise KBError(f"{where}: a check needs a target quantity or an expected value")
    tolerance = spec.tolerance if spec.tolerance is not None else DEFAULT_TOLERANCE.get(op, 0.0)
    holds = judge(computed, op, expected, tolerance)
    figures = ", ".join(f"{name} = {_fmt(v)}" for name, v in sorted(values.items()))
    detail = f"{spec.expression} = {_fmt(computed)} with {figures}; the claim says {OPS[op]} {_fmt(expected)}"
    if op in ("approx", "exact"):
        detail += f" (within {tolerance:.1%})"
    row = {
        "id": spec.id,
        "claim_id": spec.claim,
        "target_id": target["id"] if target else None,
        "kind": spec.kind,
        "description": spec.description,
        "expression": spec.expression,
        "op": op,
        "expected": expected,
        "tolerance": tolerance,
        "computed": computed,
        "result": "holds" if holds else "fails",
        "detail": detail,
        "added_at": spec.added_at,
    }
    inputs = [
        {"id": f"{spec.id}-{name}", "check_id": spec.id, "name": name, "quantity_id": q["id"], "claim_id": q["claim_id"], "value": q["value"]}
        for name, q in quantities.items()
    ]
    return row, inputs


def judge(computed: float, op: str, expected: float, tolerance: float) -> bool:
    if op in ("approx", "exact"):
        return abs(computed - expected) <= tolerance * abs(expected)
    return {"lt": computed < expected, "lte": computed <= expected, "gt": computed > expected, "gte": computed >= expected}[op]


def store(db: sqlite_utils.Database, spec: CheckSpec, where: str) -> bool:
    """Compute and upsert a check; True if it was new."""
    row, inputs = evaluate(db, spec, where)
    new = not db["checks"].count_where("id = ?", [spec.id])
    db["checks"].upsert(row, pk="id")
    db["check_inputs"].upsert_all(inputs, pk="id")
    return new


def suggest(db: sqlite_utils.Database, article_id: str) -> list[CheckSpec]:
    """Checks worth making in one article: comparative claims against nearby figures, and bracketed conversions."""
    claims = list(db["claims"].rows_where("article_id = ? and superseded_at is null", [article_id], order_by="position"))
    by_claim = {c["id"]: list(db["quantities"].rows_where("claim_id = ?", [c["id"]], order_by="start")) for c in claims}
    specs = []
    for i, claim in enumerate(claims):
        if not COMPARATIVE.search(claim["text"]):
            continue
        nearby = [q for c in claims[max(0, i - NEIGHBOUR_CLAIMS) : i + 1] for q in by_claim[c["id"]]]
        for target in by_claim[claim["id"]]:
            specs += _comparisons(claim, target, nearby)
    specs += _conversion_checks(claims, by_claim)
    unique = {spec.id: spec for spec in specs}
    return list(unique.values())


def _comparisons(claim: dict, target: dict, nearby: list[dict]) -> list[CheckSpec]:
    """The target is a fraction (十分之一), a share (3.5%) or a multiple (百倍) of two other figures."""
    if target["unit"] not in (None, "%", "x") or target["value"] is None:
        return []
    specs = []
    for a, b in combinations([q for q in nearby if q["id"] != target["id"] and q["unit"] not in (None, "%", "x")], 2):
        if (a["unit"], a["per_unit"]) != (b["unit"], b["per_unit"]) or not a["value"] or not b["value"]:
            continue
        small, large = sorted((a, b), key=lambda q: q["value"])
        if target["unit"] == "x":
            expression, num, den, kind = "a / b", large, small, "ratio"
        elif target["unit"] == "%":
            expression, num, den, kind = "a / b * 100", small, large, "share"
        elif target["value"] < 1:
            expression, num, den, kind = "a / b", small, large, "ratio"
        else:
            continue
        per = f" per {num['per_unit']}" if num["per_unit"] else ""
        specs.append(
            CheckSpec(
                claim=claim["id"],
                kind=kind,
                description=f"{num['text']} against {den['text']} ({num['unit']}{per}) compared with {target['text']}",
                expression=expression,
                inputs={"a": QuantityRef(num["claim_id"], num["text"]), "b": QuantityRef(den["claim_id"], den["text"])},
                target=QuantityRef(target["claim_id"], target["text"]),
            )
        )
    return specs


def _conversion_checks(claims: list[dict], by_claim: dict[str, list[dict]]) -> list[CheckSpec]:
    """Two amounts each followed by a bracketed conversion, 1.25美元(约9元) ... 10美元(约71元), should imply one rate."""
    conversions = []
    for claim in claims:
        quantities = by_claim[claim["id"]]
        for a, b in zip(quantities, quantities[1:]):
            between = claim["text"][a["end"] : b["start"]].strip()
            if between in ("(", "（") and a["unit"] and b["unit"] and a["unit"] != b["unit"] and a["value"] and b["value"]:
                conversions.append((claim, a, b))
    specs = []
    for (claim, a1, b1), (_, a2, b2) in combinations(conversions, 2):
        if (a1["unit"], b1["unit"]) != (a2["unit"], b2["unit"]):
            continue
        specs.append(
            CheckSpec(
                claim=claim["id"],
                kind="conversion",
                description=f"the rates implied by {a1['text']}({b1['text']}) and {a2['text']}({b2['text']}) agree",
                expression="(b1 / a1) / (b2 / a2)",
                inputs={name: QuantityRef(q["claim_id"], q["text"]) for name, q in (("a1", a1), ("b1", b1), ("a2", a2), ("b2", b2))},
                op="approx",
                expected=1.0,
                tolerance=0.05,
            )
        )
    return specs


def _fmt(value: float) -> str:
    return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
