"""Score a release against gold labels: the built-in ``dipevents evaluate``.

The matching is that of the project's reference scorer (``shared/eval/score.py``), so the
numbers printed here and there agree exactly:

* Per gold article, the predicted events are the release's events with a mention in it.
* A prediction matches a gold event of the same type when their text spans overlap;
  a statement also needs the right speaker; a meeting or signing also matches without
  overlap when the participant countries mostly agree (Jaccard >= 0.5) and the two share
  a person's name token or a country.
* Candidate pairs are assigned greedily, best first (span overlap counts double, then
  country Jaccard), one to one.
* Precision, recall and F1 per event type and overall; on matched pairs, the accuracy of
  the date (at the gold precision), the countries of the principal participants (all
  but targets), the speaker of statements and the location.

One deliberate difference: a null predicted location is no location here, whereas the
reference, reading it as pandas' NaN, compares the text "nan" (so it would accept a gold
"Nanjing"); no dev-gold location contains "nan", so the scores agree there.

``evaluate`` returns a JSON-ready dict ``{"scores": ..., "errors": ...}``; ``errors`` lists
every missed gold event and every spurious prediction with its article and evidence, so
that a researcher can see where the extractors fail.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple

import pandas as pd

TYPES: tuple[str, ...] = ("meeting", "signing", "statement")
RELEASE_TABLES: tuple[str, ...] = ("events", "participants", "actors", "mentions")

Span = tuple[int, int]
Record = dict[str, Any]


@dataclass(frozen=True)
class ScoredEvent:
    """One event as the matcher sees it, gold or predicted.

    ``participants`` are dicts with ``name``, ``kind``, ``country`` and ``role`` (gold
    labels as written; predictions joined from participants and actors).
    """

    type: str
    spans: list[Span]
    participants: list[Record]
    date: Any = None
    precision: str | None = "none"
    location: str | None = None
    event_id: str | None = None
    evidence: Any = None


class Keys(NamedTuple):
    """Comparable keys of a participant list."""

    countries: frozenset[str]
    persons: frozenset[str]
    organizations: frozenset[str]


@dataclass
class Release:
    """The parts of a release the scorer needs, indexed for lookup per article."""

    events: dict[str, Record]
    participants: dict[str, list[Record]]
    # article -> event -> mention spans, both in order of first appearance in mentions.parquet
    mentions: dict[str, dict[str, list[Span]]]


@dataclass
class Tally:
    """Running counts of a scoring pass."""

    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fn: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # field name -> [correct, total], in order of first use
    fields: dict[str, list[int]] = field(default_factory=dict)
    errors: list[Record] = field(default_factory=list)

    def check(self, name: str, correct: bool) -> None:
        """Count one field comparison on a matched pair."""
        counts = self.fields.setdefault(name, [0, 0])
        counts[0] += int(correct)
        counts[1] += 1


# --- reading ---------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    """True for None and the NaN/NaT pandas uses for nulls."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _clean(record: Record) -> Record:
    """A row dict with pandas' null markers replaced by None."""
    return {k: (None if _missing(v) else v) for k, v in record.items()}


def load_release(release_dir: str | Path) -> Release:
    """Read the events, participants, actors and mentions tables of a release folder."""
    folder = Path(release_dir)
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in RELEASE_TABLES}
    events = {r["event_id"]: _clean(r) for r in tables["events"].to_dict("records")}
    joined = tables["participants"].merge(tables["actors"], on="actor_id", how="left")
    participants: dict[str, list[Record]] = defaultdict(list)
    for row in joined.to_dict("records"):
        participants[row["event_id"]].append(_clean(row))
    mentions: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for row in tables["mentions"].to_dict("records"):
        mentions[row["article_id"]][row["event_id"]].append((int(row["char_start"]), int(row["char_end"])))
    return Release(events=events, participants=dict(participants), mentions=mentions)


def read_gold(gold_path: str | Path) -> Iterator[Record]:
    """Yield the gold records (``article_id``, ``events``) of a JSON Lines file."""
    with open(gold_path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{gold_path}:{number}: not JSON: {exc}") from exc


def gold_events(record: Record, types: Iterable[str] = TYPES) -> list[ScoredEvent]:
    """The gold events of one article, of the scored types, in file order."""
    wanted = set(types)
    return [
        ScoredEvent(
            type=g["type"],
            spans=[(int(a), int(b)) for a, b in g.get("spans") or []],
            participants=list(g.get("participants") or []),
            date=g.get("date"),
            precision=g.get("precision", "none"),
            location=g.get("location"),
            evidence=g.get("evidence", g.get("spans")),
        )
        for g in record.get("events", [])
        if g["type"] in wanted
    ]


def predicted_events(release: Release, article_id: str, types: Iterable[str] = TYPES) -> list[ScoredEvent]:
    """The release's events with a mention in the article, with that article's spans only."""
    wanted = set(types)
    found = []
    for event_id, spans in release.mentions.get(article_id, {}).items():
        row = release.events.get(event_id)
        if row is None or row["event_type"] not in wanted:
            continue
        found.append(
            ScoredEvent(
                type=row["event_type"],
                spans=list(spans),
                participants=release.participants.get(event_id, []),
                date=row.get("date"),
                location=row.get("location"),
                event_id=event_id,
            )
        )
    return found


# --- comparing -------------------------------------------------------------------------


def participant_keys(participants: Iterable[Record]) -> Keys:
    """Countries, person name tokens and organisation names of a participant list.

    A person contributes the first and last token of the name (tokens of one letter
    dropped), so "HAMADA Yasukazu" and "Yasukazu Hamada" share keys whatever the order.
    """
    countries, persons, orgs = set(), set(), set()
    for p in participants:
        country = p.get("country")
        if isinstance(country, str) and country:
            countries.add(country)
        name = p.get("name")
        if p.get("kind") == "person":
            tokens = [t.lower() for t in str(name or "").replace(".", " ").split() if len(t) > 1]
            persons.update(tokens[-1:] + tokens[:1])
        elif p.get("kind") == "organization" and isinstance(name, str):
            orgs.add(name.lower())
    return Keys(frozenset(countries), frozenset(persons), frozenset(orgs))


def speakers_agree(gold: ScoredEvent, pred: ScoredEvent) -> bool:
    """Whether the predicted speaker is the gold one.

    A gold person speaker needs a shared name token; an organisation needs the same name
    or country; a state the same country.
    """
    gold_speakers = [p for p in gold.participants if p.get("role") == "speaker"]
    pred_speakers = [p for p in pred.participants if p.get("role") == "speaker"]
    if not gold_speakers or not pred_speakers:
        return False
    g, p = participant_keys(gold_speakers), participant_keys(pred_speakers)
    if g.persons:
        return bool(g.persons & p.persons)
    if g.organizations and p.organizations:
        return bool(g.organizations & p.organizations) or bool(g.countries & p.countries)
    return bool(g.countries & p.countries)


def spans_overlap(a: Iterable[Span], b: Iterable[Span]) -> bool:
    """Whether any half-open character span of ``a`` overlaps one of ``b``."""
    b = list(b)
    return any(a0 < b1 and b0 < a1 for a0, a1 in a for b0, b1 in b)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a & b| / |a | b|, 0.0 for two empty sets."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _iso(value: Any) -> str:
    """ISO text of a date, datetime, Timestamp or date string."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)[:10]


def dates_agree(gold_date: str | None, precision: str | None, pred_date: Any) -> bool:
    """Whether the predicted date equals the gold one at the gold precision.

    ``week`` compares ISO (year, week) pairs, so any day of the labelled week counts.
    """
    if _missing(pred_date) or gold_date is None:
        return False
    pred = _iso(pred_date)
    prefix = {"day": 10, "month": 7, "year": 4}
    if precision in prefix:
        return pred[: prefix[precision]] == gold_date[: prefix[precision]]
    if precision == "week":
        try:
            a, b = date.fromisoformat(pred[:10]), date.fromisoformat(gold_date[:10])
        except ValueError:
            return False
        return a.isocalendar()[:2] == b.isocalendar()[:2]
    return False


def locations_agree(gold_location: str, pred_location: str | None) -> bool:
    """Whether the predicted place names the gold one: containment either way or a shared word."""
    pred, gold = str(pred_location or "").lower(), gold_location.lower()
    if not pred:
        return False
    return pred in gold or gold in pred or bool(set(pred.split()) & set(gold.split()))


def match_score(gold: ScoredEvent, pred: ScoredEvent) -> float | None:
    """Strength of a candidate pair (2 for span overlap + country Jaccard), None if no match."""
    if gold.type != pred.type:
        return None
    overlap = spans_overlap(gold.spans, pred.spans)
    g, p = participant_keys(gold.participants), participant_keys(pred.participants)
    jac = jaccard(g.countries, p.countries)
    if gold.type == "statement":
        ok = overlap and speakers_agree(gold, pred)
    else:
        ok = overlap or (jac >= 0.5 and bool(g.persons & p.persons or g.countries & p.countries))
    return 2 * overlap + jac if ok else None


def assign(gold: list[ScoredEvent], preds: list[ScoredEvent]) -> list[tuple[int, int]]:
    """Greedy best-first one-to-one assignment of predictions to gold events.

    Returns (gold index, prediction index) pairs. Ties are broken towards the higher gold,
    then prediction, index, as the reference scorer does, so counts agree exactly.
    """
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            score = match_score(g, p)
            if score is not None:
                candidates.append((score, gi, pi))
    candidates.sort(reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return pairs


# --- scoring ---------------------------------------------------------------------------


def _principal(participants: list[Record]) -> list[Record]:
    return [p for p in participants if p.get("role") != "target"]


def check_fields(tally: Tally, gold: ScoredEvent, pred: ScoredEvent) -> None:
    """Count the field comparisons of one matched pair."""
    if gold.precision != "none" and gold.date:
        tally.check("date", dates_agree(gold.date, gold.precision, pred.date))
    gold_countries = participant_keys(_principal(gold.participants)).countries
    pred_countries = participant_keys(_principal(pred.participants)).countries
    tally.check("countries", gold_countries == pred_countries)
    if gold.type == "statement":
        tally.check("speaker", speakers_agree(gold, pred))
    if gold.location:
        tally.check("location", locations_agree(gold.location, pred.location))


def score_article(tally: Tally, article_id: str, gold: list[ScoredEvent], preds: list[ScoredEvent]) -> None:
    """Match one article's predictions to its gold events and add the outcome to the tally."""
    pairs = assign(gold, preds)
    for gi, pi in pairs:
        tally.tp[gold[gi].type] += 1
        check_fields(tally, gold[gi], preds[pi])
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    for gi, g in enumerate(gold):
        if gi not in matched_gold:
            tally.fn[g.type] += 1
            tally.errors.append({"article_id": article_id, "error": "missed", "type": g.type,
                                 "spans": [list(s) for s in g.spans], "evidence": g.evidence})
    for pi, p in enumerate(preds):
        if pi not in matched_pred:
            tally.fp[p.type] += 1
            tally.errors.append({"article_id": article_id, "error": "spurious", "type": p.type,
                                 "event_id": p.event_id, "spans": [list(s) for s in p.spans]})


def prf(tp: int, fp: int, fn: int) -> Record:
    """Counts with precision, recall and F1 rounded to three places (0.0 when undefined)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn,
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def summarise(tally: Tally, types: Iterable[str] = TYPES) -> Record:
    """Scores per type, ``all``, then ``<field>_accuracy`` entries, as the reference prints them."""
    types = list(types)
    out: Record = {t: prf(tally.tp[t], tally.fp[t], tally.fn[t]) for t in types}
    out["all"] = prf(sum(tally.tp[t] for t in types), sum(tally.fp[t] for t in types),
                     sum(tally.fn[t] for t in types))
    for name, (correct, total) in tally.fields.items():
        out[f"{name}_accuracy"] = {"correct": correct, "total": total,
                                   "accuracy": round(correct / total, 3) if total else None}
    return out


def evaluate(gold_path: str | Path, release_dir: str | Path, types: Iterable[str] = TYPES) -> dict:
    """Score the release in ``release_dir`` against the gold JSON Lines file ``gold_path``.

    Returns ``{"scores": {type: {tp, fp, fn, precision, recall, f1}, "all": ...,
    "<field>_accuracy": {correct, total, accuracy}}, "errors": [...]}`` where each error is
    a missed gold event (with its spans and evidence) or a spurious prediction (with its
    event id and spans). Only articles in the gold file are scored; an article with no
    gold events counts every prediction in it as spurious.
    """
    types = list(types)
    release = load_release(release_dir)
    tally = Tally()
    for record in read_gold(gold_path):
        article_id = record["article_id"]
        score_article(tally, article_id, gold_events(record, types), predicted_events(release, article_id, types))
    return {"scores": summarise(tally, types), "errors": tally.errors}


def format_scores(scores: dict) -> str:
    """A plain-text table of an ``evaluate`` result: counts and P/R/F1 per type, then field accuracies."""
    table = scores.get("scores", scores)
    rows = [f"{'type':<10} {'tp':>5} {'fp':>5} {'fn':>5} {'precision':>9} {'recall':>7} {'F1':>6}"]
    for name, s in table.items():
        if "tp" in s:
            rows.append(f"{name:<10} {s['tp']:>5} {s['fp']:>5} {s['fn']:>5} "
                        f"{s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f}")
    accuracies = [(n.removesuffix("_accuracy"), s) for n, s in table.items() if n.endswith("_accuracy")]
    if accuracies:
        rows.append("")
        rows.append(f"{'field':<10} {'correct':>7} {'total':>5} {'accuracy':>8}")
        for name, s in accuracies:
            acc = "-" if s["accuracy"] is None else f"{s['accuracy']:.3f}"
            rows.append(f"{name:<10} {s['correct']:>7} {s['total']:>5} {acc:>8}")
    errors = scores.get("errors")
    if errors is not None:
        missed = sum(e["error"] == "missed" for e in errors)
        rows.append("")
        rows.append(f"{missed} missed, {len(errors) - missed} spurious (listed with --json)")
    return "\n".join(rows)
