"""Merging per-article results into release rows: one row per distinct event and actor.

Rules (event-guide.md, "Duplicates"): two events reported by different articles are one
event when their type and status are equal, their dates are equal to the precision both
have (their periods overlap), their participant states are the same (the countries of
the non-target participants; a country-less organisation counts by its own key), and
their people, document and quote do not contradict (per state, two non-empty sets of
people that share nobody; two documents or quotes of which neither contains the
other). Choices the guide leaves open, written down:

* an undated event merges only with undated ones (merging it into a dated one would
  invent its date);
* an event joins the earliest-created compatible event (input order), and never an
  event that already holds a report of the same article (the extractor already merged
  within each article);
* the most precise date wins; other values are the most common (ties: longest, then
  smallest); values that disagree stay visible in the extra ``conflicts`` column (JSON).

Memory grows per event and per actor, not per article: mentions and article rows go to
an SQLite file on disk (in the build's temporary folder) and come back sorted.
The event id is ``"E" + digest(member key)`` of the event's canonical member (the
smallest member key), where a member key hashes what one article says: type, status,
mode, date, precision, sorted participant keys and roles, document and quote. So ids
are stable across rebuilds, and articles that do not touch an event leave its id alone.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from dipevents.schema.ids import digest, normalise_name
from dipevents.schema.models import Actor, Article, ArticleResult
from dipevents.schema.tables import ArticleRow

from .rows import article_row, summarise

FAILED_PREFIX = "extraction failed: "
_RANK = {"none": 0, "year": 1, "month": 2, "week": 3, "day": 4}
_SPECIFIC_ROLES = {"host", "visitor", "signatory"}
_BATCH = 5000


def date_range(date: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """First and last day of the period a coded date stands for."""
    if precision == "week":
        return date, date + dt.timedelta(days=6)
    if precision == "month":
        return date, date.replace(day=calendar.monthrange(date.year, date.month)[1])
    if precision == "year":
        return date, date.replace(month=12, day=31)
    return date, date


def dates_compatible(a: tuple[dt.date | None, str], b: tuple[dt.date | None, str]) -> bool:
    """Equal to the precision both have: both undated, or periods that overlap."""
    if a[0] is None or b[0] is None:
        return a[0] is None and b[0] is None
    a0, a1 = date_range(a[0], a[1])
    b0, b1 = date_range(b[0], b[1])
    return a0 <= b1 and b0 <= a1


def _texts_contradict(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    na, nb = normalise_name(a), normalise_name(b)
    return na not in nb and nb not in na


def _pick(counter: Counter) -> Any:
    """Most common value; ties go to the longest, then the smallest (deterministic)."""
    if not counter:
        return None
    return min(counter, key=lambda v: (-counter[v], -len(str(v)), str(v)))


@dataclass(slots=True)
class _Member:
    """What one article says about one event, in the compact form merging needs."""

    key: str
    article_id: str
    event_type: str
    status: str
    parties: tuple[str, ...]
    date: dt.date | None
    precision: str
    date_source: str
    people: dict[str, frozenset[str]]
    document: str | None
    quote: str | None
    roles: frozenset[tuple[str, str]]


@dataclass(slots=True)
class _Cluster:
    index: int
    event_type: str
    status: str
    parties: tuple[str, ...]
    canonical: str
    best: tuple[dt.date | None, str, str]
    articles: set[str] = field(default_factory=set)
    n_mentions: int = 0
    dates: set[tuple[dt.date | None, str]] = field(default_factory=set)
    people: dict[str, set[str]] = field(default_factory=dict)
    roles: set[tuple[str, str]] = field(default_factory=set)
    values: dict[str, Counter] = field(default_factory=dict)

    def count(self, name: str, value: Any) -> None:
        if value is not None:
            self.values.setdefault(name, Counter())[value] += 1


@dataclass(slots=True)
class _ActorAcc:
    kind: str
    country: str | None
    names: Counter = field(default_factory=Counter)
    titles: Counter = field(default_factory=Counter)


@dataclass
class ArticleCounts:
    """How the input records ended: ok, duplicate or rejected, with the reasons."""

    ok: int = 0
    duplicate: int = 0
    rejected: int = 0
    reasons: Counter = field(default_factory=Counter)


def _member_key(event: Any, parts: list[str]) -> str:
    return digest(
        event.event_type, event.status, getattr(event, "mode", None) or "",
        event.date.isoformat() if event.date else "", event.date_precision,
        ";".join(parts), getattr(event, "document", None), getattr(event, "quote", None), length=32,
    )


def _cells(date: dt.date | None, precision: str) -> list[tuple]:
    """Index cells a cluster with this best date lives in."""
    if date is None:
        return [("N",)]
    if precision == "day":
        return [("D", date)]
    if precision == "year":
        return [("Y", date.year)]
    start, end = date_range(date, precision)
    return sorted({("M", start.year, start.month), ("M", end.year, end.month)})


def _probe_cells(date: dt.date | None, precision: str) -> list[tuple]:
    """Cells that may hold a cluster compatible with a member of this date."""
    if date is None:
        return [("N",)]
    start, end = date_range(date, precision)
    cells: list[tuple] = []
    day = start
    while day <= end:
        cells.append(("D", day))
        day += dt.timedelta(days=1)
    months = set()
    for year in range(start.year, end.year + 1):
        first = 1 if year > start.year else start.month
        last = 12 if year < end.year else end.month
        months.update((year, m) for m in range(first, last + 1))
        cells.append(("Y", year))
    cells.extend(("M", y, m) for y, m in sorted(months))
    return cells


class Merger:
    """Accumulates articles and their results; yields the sorted rows of every table.

    Call :meth:`admit` for every readable article in input order (it says whether to
    extract it), :meth:`reject` for records the reader rejected, and :meth:`add` for
    each extraction result, in input order. Then :meth:`rows` gives each table's rows.
    """

    def __init__(self, workdir: Path | str | None = None) -> None:
        path = str(Path(workdir) / "merge.sqlite") if workdir else ":memory:"
        self._db = sqlite3.connect(path)
        self._db.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;
            CREATE TABLE articles(seq INTEGER PRIMARY KEY, article_id TEXT, title TEXT, published TEXT,
                source TEXT, url TEXT, sha256 TEXT, status TEXT, error TEXT, extra TEXT);
            CREATE TABLE ids(article_id TEXT PRIMARY KEY, sha256 TEXT, seq INTEGER);
            CREATE TABLE texts(sha256 TEXT PRIMARY KEY, article_id TEXT);
            CREATE TABLE mentions(cluster INTEGER, article_id TEXT, char_start INTEGER, char_end INTEGER,
                text TEXT, rule TEXT, date_text TEXT);
            """
        )
        self.counts = ArticleCounts()
        self._clusters: list[_Cluster] = []
        self._index: dict[tuple, dict[tuple, list[int]]] = {}
        self._actors: dict[str, _ActorAcc] = {}
        self._pending: list[tuple] = []
        self._seq = 0

    # --- articles ------------------------------------------------------------------

    def _insert_article(self, row: ArticleRow) -> int:
        self._seq += 1
        self._db.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)",
            (self._seq, row.article_id, row.title, row.published.isoformat() if row.published else None,
             row.source, row.url, row.sha256, row.status, row.error, row.extra),
        )
        if row.status == "ok":
            self.counts.ok += 1
        elif row.status == "duplicate":
            self.counts.duplicate += 1
        else:
            self.counts.rejected += 1
            self.counts.reasons[row.error or "unknown"] += 1
        return self._seq

    def reject(self, row: ArticleRow) -> None:
        """Record an input record that could not be read as an article (status rejected)."""
        if row.status != "rejected":
            row = row.model_copy(update={"status": "rejected"})
        self._insert_article(row)

    def admit(self, article: Article) -> bool:
        """Record an article in input order; True when it is new and must be extracted.

        The same text given again is a ``duplicate``; the same id with another text is
        ``rejected`` (ids must name one text).
        """
        sha = article.sha256
        found = self._db.execute("SELECT sha256 FROM ids WHERE article_id=?", (article.article_id,)).fetchone()
        if found is not None:
            if found[0] == sha:
                self._insert_article(article_row(article, "duplicate", "the same article was given again"))
            else:
                self._insert_article(article_row(
                    article, "rejected",
                    f"article_id {article.article_id!r} was given before with a different text "
                    f"(sha256 {found[0][:12]}…, this one {sha[:12]}…)",
                ))
            return False
        first = self._db.execute("SELECT article_id FROM texts WHERE sha256=?", (sha,)).fetchone()
        if first is not None:
            self._insert_article(article_row(article, "duplicate", f"same text as article {first[0]!r}"))
            self._db.execute("INSERT INTO ids VALUES (?,?,?)", (article.article_id, sha, self._seq))
            return False
        seq = self._insert_article(article_row(article))
        self._db.execute("INSERT INTO ids VALUES (?,?,?)", (article.article_id, sha, seq))
        self._db.execute("INSERT INTO texts VALUES (?,?)", (sha, article.article_id))
        return True

    def _fail(self, article_id: str, error: str) -> None:
        seq = self._db.execute("SELECT seq FROM ids WHERE article_id=?", (article_id,)).fetchone()[0]
        self._db.execute("UPDATE articles SET status='rejected', error=? WHERE seq=?", (error, seq))
        self.counts.ok -= 1
        self.counts.rejected += 1
        self.counts.reasons[error] += 1

    # --- events ----------------------------------------------------------------------

    def add(self, result: ArticleResult) -> None:
        """Merge the events of one admitted article; a failed extraction rejects the article."""
        failed = [n for n in result.notes if n.startswith(FAILED_PREFIX)]
        if failed:
            self._fail(result.article.article_id, failed[0])
            return
        for event in result.events:
            self._add_event(result.article.article_id, event)
        if len(self._pending) >= _BATCH:
            self._flush()

    def _add_event(self, article_id: str, event: Any) -> None:
        parts, people, parties = [], {}, set()
        for p in event.participants:
            actor = p.actor
            key = actor.key
            parts.append(f"{key}={p.role}")
            acc = self._actors.get(key)
            if acc is None:
                acc = self._actors[key] = _ActorAcc(actor.kind, actor.country)
            acc.names[actor.name] += 1
            if actor.title:
                acc.titles[actor.title] += 1
            if p.role == "target":
                continue
            party = actor.country or key
            parties.add(party)
            if actor.kind == "person":
                people.setdefault(party, set()).add(key)
        parts.sort()
        member = _Member(
            key=_member_key(event, parts), article_id=article_id, event_type=event.event_type,
            status=event.status, parties=tuple(sorted(parties)), date=event.date,
            precision=event.date_precision, date_source=event.date_source,
            people={k: frozenset(v) for k, v in people.items()},
            document=getattr(event, "document", None), quote=getattr(event, "quote", None),
            roles=frozenset((part.rsplit("=", 1)[0], part.rsplit("=", 1)[1]) for part in parts),
        )
        cluster = self._find(member) or self._new_cluster(member)
        self._join(cluster, member, event)
        for m in event.mentions:
            self._pending.append((cluster.index, m.article_id, m.char_start, m.char_end, m.text, m.rule, m.date_text))

    def _find(self, member: _Member) -> _Cluster | None:
        block = self._index.get((member.event_type, member.status, member.parties))
        if not block:
            return None
        best: _Cluster | None = None
        seen: set[int] = set()
        for cell in _probe_cells(member.date, member.precision):
            for i in block.get(cell, ()):
                if i in seen or (best is not None and i >= best.index):
                    continue
                seen.add(i)
                cluster = self._clusters[i]
                if self._compatible(cluster, member):
                    best = cluster
        return best

    @staticmethod
    def _compatible(cluster: _Cluster, member: _Member) -> bool:
        if member.article_id in cluster.articles:
            return False
        if not dates_compatible(cluster.best[:2], (member.date, member.precision)):
            return False
        for party, keys in member.people.items():
            known = cluster.people.get(party)
            if known and keys.isdisjoint(known):
                return False
        for name, value in (("document", member.document), ("quote", member.quote)):
            if value and any(_texts_contradict(value, other) for other in cluster.values.get(name, ())):
                return False
        return True

    def _new_cluster(self, member: _Member) -> _Cluster:
        cluster = _Cluster(
            index=len(self._clusters), event_type=member.event_type, status=member.status,
            parties=member.parties, canonical=member.key, best=(member.date, member.precision, member.date_source),
        )
        self._clusters.append(cluster)
        self._place(cluster)
        return cluster

    def _place(self, cluster: _Cluster) -> None:
        block = self._index.setdefault((cluster.event_type, cluster.status, cluster.parties), {})
        for cell in _cells(cluster.best[0], cluster.best[1]):
            slot = block.setdefault(cell, [])
            if not slot or slot[-1] != cluster.index:
                slot.append(cluster.index)

    def _join(self, cluster: _Cluster, member: _Member, event: Any) -> None:
        cluster.articles.add(member.article_id)
        cluster.n_mentions += len(event.mentions)
        cluster.canonical = min(cluster.canonical, member.key)
        cluster.dates.add((member.date, member.precision))
        candidate = (member.date, member.precision, member.date_source)
        if (_RANK[candidate[1]], candidate[2] == "text") > (_RANK[cluster.best[1]], cluster.best[2] == "text"):
            cluster.best = candidate
            self._place(cluster)
        for party, keys in member.people.items():
            cluster.people.setdefault(party, set()).update(keys)
        cluster.roles.update(member.roles)
        cluster.count("mode", getattr(event, "mode", None))
        cluster.count("location", event.location)
        cluster.count("location_country", event.location_country)
        cluster.count("document", member.document)
        cluster.count("quote", member.quote)
        cluster.count("stance", getattr(event, "stance", None))
        cluster.count("cameo", event.cameo)

    def _flush(self) -> None:
        if self._pending:
            self._db.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?)", self._pending)
            self._pending.clear()

    # --- output ----------------------------------------------------------------------

    def _actor(self, key: str) -> Actor:
        acc = self._actors[key]
        return Actor(kind=acc.kind, name=_pick(acc.names), title=_pick(acc.titles), country=acc.country)

    def _event_ids(self) -> list[str]:
        ids: list[str] = []
        taken: set[str] = set()
        for cluster in self._clusters:
            event_id, n = "E" + digest(cluster.canonical), 1
            while event_id in taken:  # two unmergeable events saying exactly the same thing
                n += 1
                event_id = "E" + digest(cluster.canonical, str(n))
            taken.add(event_id)
            ids.append(event_id)
        return ids

    @staticmethod
    def _conflicts(cluster: _Cluster) -> str | None:
        found: dict[str, list[str]] = {}
        dated = sorted((d, p) for d, p in cluster.dates if d is not None)
        if any(not dates_compatible(a, b) for i, a in enumerate(dated) for b in dated[i + 1:]):
            found["date"] = [f"{d.isoformat()}/{p}" for d, p in dated]
        for name in ("mode", "location", "location_country", "stance", "cameo", "document", "quote"):
            values = cluster.values.get(name)
            if values and len({normalise_name(str(v)) for v in values}) > 1:
                found[name] = sorted(str(v) for v in values)
        return json.dumps(found, ensure_ascii=False, sort_keys=True) if found else None

    @staticmethod
    def _roles(cluster: _Cluster) -> list[tuple[str, str]]:
        specific = {key for key, role in cluster.roles if role in _SPECIFIC_ROLES}
        return sorted((k, r) for k, r in cluster.roles if not (r == "participant" and k in specific))

    def rows(self) -> dict[str, Iterator[dict[str, Any]]]:
        """Rows of every table as dicts, each table sorted by ``SORT_KEYS`` (iterators)."""
        self._flush()
        ids = self._event_ids()
        actors = {key: self._actor(key) for key in self._actors}
        events, participants = [], []
        for cluster, event_id in zip(self._clusters, ids):
            roles = self._roles(cluster)
            date, precision, source = cluster.best
            pick = {name: _pick(counter) for name, counter in cluster.values.items()}
            is_statement = cluster.event_type == "statement"
            events.append({
                "event_id": event_id, "event_type": cluster.event_type, "status": cluster.status,
                "mode": pick.get("mode") if cluster.event_type == "meeting" else None,
                "date": date, "date_precision": precision, "date_source": source,
                "location": pick.get("location"), "location_country": pick.get("location_country"),
                "countries": sorted({actors[k].country for k, _ in roles if actors[k].country}),
                "document": pick.get("document"), "quote": pick.get("quote"),
                "stance": (pick.get("stance") or "neutral") if is_statement else None,
                "summary": summarise(
                    cluster.event_type, [(actors[k], r) for k, r in roles], status=cluster.status,
                    mode=pick.get("mode"), location=pick.get("location"),
                    document=pick.get("document"), quote=pick.get("quote"),
                ),
                "cameo": pick.get("cameo"), "n_articles": len(cluster.articles), "n_mentions": cluster.n_mentions,
                "conflicts": self._conflicts(cluster),
            })
            participants.extend({"event_id": event_id, "actor_id": actors[k].actor_id, "role": r} for k, r in roles)
        events.sort(key=lambda r: r["event_id"])
        participants.sort(key=lambda r: (r["event_id"], r["role"], r["actor_id"]))
        actor_rows = sorted(
            ({"actor_id": a.actor_id, "kind": a.kind, "name": a.name, "title": a.title, "country": a.country}
             for a in actors.values()),
            key=lambda r: r["actor_id"],
        )
        self._db.execute("DROP TABLE IF EXISTS event_ids")
        self._db.execute("CREATE TABLE event_ids(cluster INTEGER PRIMARY KEY, event_id TEXT)")
        self._db.executemany("INSERT INTO event_ids VALUES (?,?)", enumerate(ids))
        return {
            "events": iter(events),
            "participants": iter(participants),
            "actors": iter(actor_rows),
            "mentions": self._mention_rows(),
            "articles": self._article_rows(),
        }

    def _mention_rows(self) -> Iterator[dict[str, Any]]:
        cursor = self._db.execute(
            "SELECT e.event_id, m.article_id, m.char_start, m.char_end, m.text, m.rule, m.date_text "
            "FROM mentions m JOIN event_ids e ON e.cluster = m.cluster "
            "ORDER BY e.event_id, m.article_id, m.char_start, m.char_end, m.rule, m.text, m.date_text"
        )
        names = ("event_id", "article_id", "char_start", "char_end", "text", "rule", "date_text")
        for row in cursor:
            yield dict(zip(names, row))

    def _article_rows(self) -> Iterator[dict[str, Any]]:
        cursor = self._db.execute(
            "SELECT article_id, title, published, source, url, sha256, status, error, extra FROM articles "
            "ORDER BY article_id, sha256, status, error, seq"
        )
        names = ("article_id", "title", "published", "source", "url", "sha256", "status", "error", "extra")
        for row in cursor:
            record = dict(zip(names, row))
            if record["published"]:
                record["published"] = dt.date.fromisoformat(record["published"])
            yield record

    def close(self) -> None:
        """Close the spill database."""
        self._db.close()


def merge_results(results: Iterable[ArticleResult], workdir: Path | str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Merge a sequence of results in memory: every table's rows, sorted (for tests and notebooks)."""
    merger = Merger(workdir)
    try:
        for result in results:
            if merger.admit(result.article):
                merger.add(result)
        return {name: list(rows) for name, rows in merger.rows().items()}
    finally:
        merger.close()

