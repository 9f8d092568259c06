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
* reports are taken per block (type, status, participant states) in the order of their
  date (the start of the period they name; undated ones first), then input order; each
  joins the earliest-created compatible event of its block, and never an event that
  already holds a report of the same article (the extractor already merged within each
  article);
* the most precise date wins; other values are the most common (ties: longest, then
  smallest); values that disagree stay visible in the extra ``conflicts`` column (JSON).

Memory does not grow with the corpus (only with the actors, which are few). Merging
runs in two phases over an SQLite file on disk (in the build's temporary folder):

1. :meth:`Merger.add` writes every *member* (what one article says about one event, in
   compact form) and its mentions to the file, with the article rows;
2. :meth:`Merger.rows` reads the members back sorted by block, date and input order and
   clusters them with a sliding window: an event whose best date ends before the next
   member's date begins can never be joined again (members only come later), so it is
   finished, written to the file as its rows and dropped from memory. Only the events
   open at one date of one block are held (``Merger.stats.max_open``). Every table then
   comes back from the file sorted by ``SORT_KEYS``.

The event id is ``"E" + digest(member key)`` of the event's canonical member (the
smallest member key), where a member key hashes what one article says: type, status,
mode, date, precision, sorted participant keys and roles, document and quote. So ids
are stable across rebuilds, and articles that do not touch an event leave its id alone.
Two unmergeable events with the same canonical member (rare) are told apart by a
counter, given in the order the events are finished, which depends only on the input.

Incremental merges (:meth:`Merger.resume`): the spill file of a finished merge holds its
events, each with its block and *window* (a stretch of the block's dates at whose start
no event was open, so that it clusters as if the block began there). After more
articles are added, only the windows their members fall in are clustered again (until
a window ends where an old one began), plus those of events naming an actor whose
chosen name changed and, for the counter above, those sharing a canonical member with
a changed event. :meth:`Merger.rows` then gives only the rows that changed, and
:attr:`Merger.removed_event_ids` the events they replace: the release tables are the
earlier ones with those rows swapped, the same as a full merge gives.
"""
from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import pickle
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, Iterable, Iterator

from dipevents.schema.ids import digest, normalise_name
from dipevents.schema.models import Actor, Article, ArticleResult
from dipevents.schema.tables import ArticleRow

from .rows import article_row, summarise

FAILED_PREFIX = "extraction failed: "
_RANK = {"none": 0, "year": 1, "month": 2, "week": 3, "day": 4}
_SPECIFIC_ROLES = {"host", "visitor", "signatory"}
_VALUE_NAMES = ("mode", "location", "location_country", "stance", "cameo")
_CONFLICT_NAMES = ("mode", "location", "location_country", "stance", "cameo", "document", "quote")
_BLOCK_SEP = "\x1f"
_BATCH = 5000
_PRAGMAS = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
_NOT_SAME = "AND {} NOT IN (SELECT eid FROM temp.same)"  # events made again unchanged (resumed merges)
_STATE_INDEXES = """
    CREATE INDEX IF NOT EXISTS members_order ON members(block, start, seq);
    CREATE INDEX IF NOT EXISTS mentions_member ON mentions(member);
    CREATE INDEX IF NOT EXISTS events_block ON events(block, wstart);
    CREATE INDEX IF NOT EXISTS events_canonical ON events(canonical);
    CREATE INDEX IF NOT EXISTS participants_eid ON participants(eid);
    CREATE INDEX IF NOT EXISTS participants_actor ON participants(actor_key);
    CREATE INDEX IF NOT EXISTS member_event_eid ON member_event(eid);
"""
STATE_FORMAT = "merge-state-5"


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


def _pick(counter: Counter) -> Any:
    """Most common value; ties go to the longest, then the smallest (deterministic)."""
    if not counter:
        return None
    return min(counter, key=lambda v: (-counter[v], -len(str(v)), str(v)))


@dataclass(slots=True)
class _Member:
    """What one article says about one event, in the compact form merging needs."""

    seq: int
    key: str
    article_id: str
    date: dt.date | None
    precision: str
    date_source: str
    people: tuple[tuple[str, frozenset[str]], ...]
    document: str | None
    quote: str | None
    roles: tuple[tuple[str, str], ...]
    values: tuple[Any, ...]  # in the order of _VALUE_NAMES
    n_mentions: int
    # Worked out once per member (not stored): the last day of its date's period, and its
    # document and quote normalised (None when empty), for the merge rules' checks.
    hi: dt.date | None = None
    texts: tuple[str | None, str | None] = (None, None)

    def __post_init__(self) -> None:
        self.hi = date_range(self.date, self.precision)[1] if self.date else None
        self.texts = (normalise_name(self.document) if self.document else None,
                      normalise_name(self.quote) if self.quote else None)

    def pack(self) -> bytes:
        """The member as stored in the spill file (``seq`` is the row's key)."""
        return pickle.dumps((self.key, self.article_id, self.date, self.precision, self.date_source,
                             self.people, self.document, self.quote, self.roles, self.values, self.n_mentions),
                            protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def unpack(cls, seq: int, data: bytes) -> "_Member":
        return cls(seq, *pickle.loads(data))


@dataclass(slots=True)
class _Cluster:
    """An event being merged: open while later members may still join it."""

    event_type: str
    status: str
    parties: tuple[str, ...]
    canonical: str
    best: tuple[dt.date | None, str, str]
    end: dt.date | None  # last day of the best date's period
    members: list[int] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)
    n_mentions: int = 0
    dates: set[tuple[dt.date | None, str]] = field(default_factory=set)
    people: dict[str, set[str]] = field(default_factory=dict)
    roles: set[tuple[str, str]] = field(default_factory=set)
    values: dict[str, Counter] = field(default_factory=dict)
    texts: tuple[set[str], set[str]] = field(default_factory=lambda: (set(), set()))  # documents, quotes normalised

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


@dataclass
class MergeStats:
    """What the clustering phase did: members read, events made, most events open at once.

    ``max_open`` is the memory bound of the merge: it depends on how many events of one
    block overlap in time, not on the size of the corpus.
    """

    members: int = 0
    events: int = 0
    max_open: int = 0


def _member_key(event: Any, parts: list[str]) -> str:
    return digest(
        event.event_type, event.status, getattr(event, "mode", None) or "",
        event.date.isoformat() if event.date else "", event.date_precision,
        ";".join(parts), getattr(event, "document", None), getattr(event, "quote", None), length=32,
    )


def _compatible(cluster: _Cluster, member: _Member) -> bool:
    """Whether the member may join the cluster (same block assumed): the merge rules."""
    if member.article_id in cluster.articles:
        return False
    first = cluster.best[0]  # dates_compatible, with both periods' ends worked out once
    if first is None or member.date is None:
        if first is not None or member.date is not None:
            return False
    elif first > member.hi or member.date > cluster.end:  # type: ignore[operator]
        return False
    for party, keys in member.people:
        known = cluster.people.get(party)
        if known and keys.isdisjoint(known):
            return False
    # Two documents (quotes) contradict when neither contains the other, normalised.
    for text, known in zip(member.texts, cluster.texts):
        if text is not None and any(text not in other and other not in text for other in known):
            return False
    return True


def _new_cluster(block: tuple[str, str, tuple[str, ...]], member: _Member) -> _Cluster:
    best = (member.date, member.precision, member.date_source)
    end = date_range(member.date, member.precision)[1] if member.date else None
    return _Cluster(event_type=block[0], status=block[1], parties=block[2], canonical=member.key, best=best, end=end)


def _join(cluster: _Cluster, member: _Member) -> None:
    cluster.members.append(member.seq)
    cluster.articles.add(member.article_id)
    cluster.n_mentions += member.n_mentions
    cluster.canonical = min(cluster.canonical, member.key)
    cluster.dates.add((member.date, member.precision))
    candidate = (member.date, member.precision, member.date_source)
    if (_RANK[candidate[1]], candidate[2] == "text") > (_RANK[cluster.best[1]], cluster.best[2] == "text"):
        cluster.best = candidate
        cluster.end = date_range(member.date, member.precision)[1] if member.date else None
    for party, keys in member.people:
        cluster.people.setdefault(party, set()).update(keys)
    cluster.roles.update(member.roles)
    for name, value in zip(_VALUE_NAMES, member.values):
        cluster.count(name, value)
    cluster.count("document", member.document)
    cluster.count("quote", member.quote)
    for text, known in zip(member.texts, cluster.texts):
        if text is not None:
            known.add(text)


def _still_open(cluster: _Cluster, date: dt.date | None) -> bool:
    """Whether a member dated ``date`` (members come in date order) may still join the cluster."""
    if date is None or cluster.end is None:
        return date is None and cluster.end is None
    return cluster.end >= date


def _date_order(value: Any) -> tuple[int, str]:
    """Sort key of a window start or member date as ISO text (None, the undated, first)."""
    return (0, "") if value is None else (1, value)


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def cluster_windows(members: Iterable[_Member], block: tuple[str, str, tuple[str, ...]],
                    stats: MergeStats | None = None) -> Iterator[tuple[dt.date | None, list[_Cluster]]]:
    """Cluster one block's members, given in (date, input) order, window by window.

    A cluster is finished once the members' dates have passed the end of its best date
    (for an undated cluster: at the first dated member), or at the end of the block. A
    *window* ends where every cluster is finished: what follows is clustered as if the
    block began there. Yields each window's first date (None: the undated members) and
    its clusters in the order they finished. ``stats.max_open`` records the most
    clusters open at once.
    """
    open_: list[_Cluster] = []
    finished: list[_Cluster] = []
    last: Any = ()
    start: Any = ()
    for member in members:
        if member.date != last:
            keep = []
            for cluster in open_:
                (keep if _still_open(cluster, member.date) else finished).append(cluster)
            open_, last = keep, member.date
            if not open_:
                if finished:
                    yield start, finished
                finished, start = [], member.date
        for cluster in open_:
            if _compatible(cluster, member):
                break
        else:
            cluster = _new_cluster(block, member)
            open_.append(cluster)
            if stats is not None and len(open_) > stats.max_open:
                stats.max_open = len(open_)
        _join(cluster, member)
    finished += open_
    if finished:
        yield start, finished


def cluster_block(members: Iterable[_Member], block: tuple[str, str, tuple[str, ...]],
                  stats: MergeStats | None = None) -> Iterator[_Cluster]:
    """Cluster one block's members, given in (date, input) order; yield each finished cluster."""
    for _, clusters in cluster_windows(members, block, stats):
        yield from clusters


class Merger:
    """Accumulates articles and their results; yields the sorted rows of every table.

    Call :meth:`admit` for every readable article in input order (it says whether to
    extract it), :meth:`reject` for records the reader rejected, and :meth:`add` for
    each extraction result, in input order. Then :meth:`rows` gives each table's rows.
    """

    def __init__(self, workdir: Path | str | None = None) -> None:
        path = str(Path(workdir) / "merge.sqlite") if workdir else ":memory:"
        self._db = sqlite3.connect(path)
        self._db.executescript(_PRAGMAS)
        self._db.executescript(
            """
            CREATE TABLE articles(seq INTEGER PRIMARY KEY, article_id TEXT, title TEXT, published TEXT,
                source TEXT, url TEXT, sha256 TEXT, status TEXT, error TEXT, extra TEXT, counted INTEGER);
            CREATE TABLE ids(article_id TEXT PRIMARY KEY, sha256 TEXT, seq INTEGER);
            CREATE TABLE texts(sha256 TEXT PRIMARY KEY, article_id TEXT);
            CREATE TABLE members(seq INTEGER PRIMARY KEY, block TEXT, start TEXT, data BLOB);
            CREATE TABLE mentions(member INTEGER, article_id TEXT, char_start INTEGER, char_end INTEGER,
                text TEXT, rule TEXT, date_text TEXT);
            CREATE TABLE events(eid INTEGER PRIMARY KEY, block TEXT, wstart TEXT, ord INTEGER, canonical TEXT,
                event_id TEXT, data BLOB, sig BLOB, msig BLOB);
            CREATE TABLE participants(eid INTEGER, role TEXT, actor_key TEXT, actor_id TEXT);
            CREATE TABLE member_event(member INTEGER PRIMARY KEY, eid INTEGER);
            """
        )
        self.counts = ArticleCounts()
        self.stats = MergeStats()
        self._actors: dict[str, _ActorAcc] = {}
        self._picked: dict[str, Actor] | None = None
        self._members: list[tuple] = []
        self._mentions: list[tuple] = []
        self._seq = 0
        self._member_seq = 0
        self._next_eid = 1
        self._clustered = False
        # What an incremental merge starts from (see resume()): nothing for a fresh merger.
        self._resumed = False
        self._old_seq = 0
        self._first_new_eid = 1
        self._old_picks: dict[str, tuple[str, str | None]] = {}  # (name, title) chosen before resume()
        self._touched: set[str] = set()  # actors mentioned since resume()
        self._dirty: set[tuple[str, str | None]] = set()  # (block, date) of members added since resume()
        self.removed_event_ids: set[str] = set()
        self._dropped: dict[str, bytes] = {}  # signatures of the events a resumed merge removed
        self._reusable: dict[bytes, tuple[bytes, bytes]] = {}  # members' digest -> (row, signature) of those
        self._renamed: set[str] = set()  # actors whose chosen name changed since resume()
        self._db.execute("CREATE TEMP TABLE same(eid INTEGER PRIMARY KEY)")

    # --- articles ------------------------------------------------------------------

    def _insert_article(self, row: ArticleRow, counted: bool = True) -> int:
        self._seq += 1
        self._db.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (self._seq, row.article_id, row.title, row.published.isoformat() if row.published else None,
             row.source, row.url, row.sha256, row.status, row.error, row.extra, int(counted)),
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
        self._insert_article(row, counted=False)

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

    # --- phase 1: members to disk ---------------------------------------------------------

    def add(self, result: ArticleResult) -> None:
        """Record the events of one admitted article; a failed extraction rejects the article."""
        if self._clustered:
            raise RuntimeError("Merger.add after rows(): the events are already merged")
        failed = [n for n in result.notes if n.startswith(FAILED_PREFIX)]
        if failed:
            self._fail(result.article.article_id, failed[0])
            return
        for event in result.events:
            self._add_event(result.article.article_id, event)
        if len(self._members) >= _BATCH:
            self._flush()

    def _add_event(self, article_id: str, event: Any) -> None:
        parts, people, parties = [], {}, set()
        for p in event.participants:
            actor = p.actor
            key = actor.key
            parts.append(f"{key}={p.role}")
            acc = self._actors.get(key)
            if self._resumed:
                self._touched.add(key)
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
        self._member_seq += 1
        member = _Member(
            seq=self._member_seq, key=_member_key(event, parts), article_id=article_id,
            date=event.date, precision=event.date_precision, date_source=event.date_source,
            people=tuple((party, frozenset(keys)) for party, keys in sorted(people.items())),
            document=getattr(event, "document", None), quote=getattr(event, "quote", None),
            roles=tuple(tuple(part.rsplit("=", 1)) for part in parts),
            values=tuple(getattr(event, name, None) for name in _VALUE_NAMES),
            n_mentions=len(event.mentions),
        )
        block = _BLOCK_SEP.join((event.event_type, event.status, *sorted(parties)))
        if self._resumed:
            self._dirty.add((block, event.date.isoformat() if event.date else None))
        self._members.append((member.seq, block, event.date.isoformat() if event.date else None, member.pack()))
        for m in event.mentions:
            self._mentions.append((member.seq, m.article_id, m.char_start, m.char_end, m.text, m.rule, m.date_text))

    def _flush(self) -> None:
        if self._members:
            self._db.executemany("INSERT INTO members VALUES (?,?,?,?)", self._members)
            self._members.clear()
        if self._mentions:
            self._db.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?)", self._mentions)
            self._mentions.clear()

    # --- phase 2: clustering with a sliding window -------------------------------------------

    def _actor(self, key: str) -> Actor:
        acc = self._actors[key]
        return Actor(kind=acc.kind, name=_pick(acc.names), title=_pick(acc.titles), country=acc.country)

    def _chosen(self, key: str) -> Actor:
        """The actor as the release shows it: chosen afresh if mentioned since resume(), else as before."""
        if key in self._touched or key not in self._old_picks:
            return self._actor(key)
        acc = self._actors[key]
        name, title = self._old_picks[key]
        return Actor.model_construct(kind=acc.kind, name=name, title=title, country=acc.country)

    def _block_members(self) -> Iterator[tuple[str, Iterator[_Member]]]:
        """Each block with its members in (date, input) order, read lazily from the spill file."""
        cursor = self._db.execute("SELECT block, seq, data FROM members ORDER BY block, start, seq")
        for block, rows in groupby(cursor, key=itemgetter(0)):
            yield block, (_Member.unpack(seq, data) for _, seq, data in rows)

    def _cluster(self) -> None:
        """Phase 2: merge members into events and write their rows to the spill file.

        A fresh merger clusters every block. A resumed one (see :meth:`resume`) re-clusters
        only the *dirty* blocks: those that gained members, those with an actor whose chosen
        name changed (summaries), and, until nothing changes, those holding an event whose
        canonical member one of the re-clustered events shares (id numbering). Every other
        block would cluster exactly as before, so its events are kept.
        """
        self._flush()
        self._clustered = True
        self._picked = {key: self._chosen(key) for key in self._actors}
        self._actor_ids = {key: actor.actor_id for key, actor in self._picked.items()}
        if not self._resumed:
            self._cluster_blocks()
            self._number(None)
            return
        renamed = [k for k in self._touched if k in self._old_picks and self._old_picks[k][0] != self._picked[k].name]
        self._renamed = set(renamed)
        seeds: dict[str, set[str | None]] = {}
        for block, start in self._dirty:
            seeds.setdefault(block, set()).add(start)
        if renamed:
            marks = ",".join("?" * len(renamed))
            for block, start in self._db.execute(
                    f"SELECT DISTINCT e.block, e.wstart FROM participants p JOIN events e ON e.eid = p.eid "
                    f"WHERE p.actor_key IN ({marks})", renamed):
                seeds.setdefault(block, set()).add(start)
        canonicals: set[str] = set()
        while seeds:
            for block, dates in sorted(seeds.items()):
                canonicals |= self._recluster(block, dates)
            seeds = self._windows_holding(canonicals)
        self._number(canonicals)
        self._keep_unchanged()

    def _keep_unchanged(self) -> None:
        """Events made again exactly as they were (same id and signature) are not changes:
        their rows stay where they are (``temp.same``), their ids leave ``removed_event_ids``."""
        same = [(eid, event_id) for eid, event_id, sig in self._db.execute(
            "SELECT eid, event_id, sig FROM events WHERE eid >= ?", (self._first_new_eid,))
            if self._dropped.get(event_id) == sig]
        self._db.executemany("INSERT INTO temp.same VALUES (?)", ((eid,) for eid, _ in same))
        self.removed_event_ids.difference_update(event_id for _, event_id in same)

    def _recluster(self, block: str, seeds: set[str | None]) -> set[str]:
        """Cluster again the windows of ``block`` around the dates ``seeds`` (ISO text; None: undated).

        From the start of the window holding a seed, members are clustered until a window
        ends where a kept window began (the earlier clustering ended one there too, and
        nothing after it changed up to the next seed). Returns the canonical keys of the
        events removed and made.
        """
        starts = sorted({w for (w,) in self._db.execute("SELECT DISTINCT wstart FROM events WHERE block=?", (block,))},
                        key=_date_order)
        rows = self._db.execute("SELECT seq, start, data FROM members WHERE block=? ORDER BY start, seq",
                                (block,)).fetchall()
        event_type, status, *parties = block.split(_BLOCK_SEP)
        key = (event_type, status, tuple(parties))
        canonicals: set[str] = set()
        kept = set(starts)
        pending = sorted(seeds, key=_date_order)
        i = 0
        while pending:
            seed = _date_order(pending[0])
            below = [w for w in starts if _date_order(w) <= seed]
            if below:  # else the seed comes before every window: start where the last region ended
                region = _date_order(below[-1])
                while i < len(rows) and _date_order(rows[i][1]) < region:
                    i += 1
            low = _date_order(rows[i][1]) if i < len(rows) else seed
            windows: list[tuple[str | None, list[_Cluster]]] = []
            end: tuple[int, str] | None = None  # where the region ends (None: at the end of the block)
            for start, clusters in cluster_windows((_Member.unpack(seq, data) for seq, _, data in rows[i:]),
                                                   key, self.stats):
                start_iso = _iso(start)
                if windows and start_iso in kept:
                    end = _date_order(start_iso)
                    break
                windows.append((start_iso, clusters))
            gone = [w for w in starts if low <= _date_order(w) and (end is None or _date_order(w) < end)]
            canonicals |= self._drop_windows(block, gone)
            canonicals |= self._insert_windows(block, windows)
            if end is None:
                break
            pending = [p for p in pending if _date_order(p) >= end]
            while i < len(rows) and _date_order(rows[i][1]) < end:
                i += 1
        return canonicals

    def _drop_windows(self, block: str, starts: list[str | None]) -> set[str]:
        """Delete the events of the windows ``starts`` of ``block`` (and their links); their canonical keys."""
        gone: list[tuple[int, str, str]] = []
        for start in starts:
            for eid, event_id, canonical, data, sig, msig in self._db.execute(
                    "SELECT eid, event_id, canonical, data, sig, msig FROM events WHERE block=? AND wstart IS ?",
                    (block, start)):
                gone.append((eid, event_id, canonical))
                self._reusable[msig] = (data, sig)
                if eid < self._first_new_eid:
                    self._dropped[event_id] = sig
        if not gone:
            return set()
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS gone(eid INTEGER PRIMARY KEY)")
        self._db.execute("DELETE FROM temp.gone")
        self._db.executemany("INSERT INTO temp.gone VALUES (?)", ((eid,) for eid, _, _ in gone))
        for table in ("participants", "member_event", "events"):
            self._db.execute(f"DELETE FROM {table} WHERE eid IN (SELECT eid FROM temp.gone)")
        self.removed_event_ids.update(event_id for eid, event_id, _ in gone if eid < self._first_new_eid)
        return {canonical for _, _, canonical in gone}

    def _windows_holding(self, canonicals: set[str]) -> dict[str, set[str | None]]:
        """Windows (by block) holding an event kept from before whose canonical key is in ``canonicals``."""
        found: dict[str, set[str | None]] = {}
        keys = sorted(canonicals)
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            for block, start in self._db.execute(
                    f"SELECT DISTINCT block, wstart FROM events WHERE eid < ? AND canonical IN ({','.join('?' * len(chunk))})",
                    [self._first_new_eid, *chunk]):
                found.setdefault(block, set()).add(start)
        return found

    def _cluster_blocks(self) -> None:
        """Cluster the members of every block into events (a fresh merger)."""
        events: list[tuple] = []
        participants: list[tuple] = []
        members: list[tuple] = []
        for block, block_members in self._block_members():
            event_type, status, *parties = block.split(_BLOCK_SEP)
            key = (event_type, status, tuple(parties))
            for start, clusters in cluster_windows(block_members, key, self.stats):
                self._rows_of(block, None if start is None else start.isoformat(), clusters,
                              events, participants, members)
                if len(members) >= _BATCH or len(events) >= _BATCH:
                    self._write_events(events, participants, members)
        self._write_events(events, participants, members)

    def _insert_windows(self, block: str, windows: list[tuple[str | None, list[_Cluster]]]) -> set[str]:
        events: list[tuple] = []
        participants: list[tuple] = []
        members: list[tuple] = []
        for start, clusters in windows:
            self._rows_of(block, start, clusters, events, participants, members)
        canonicals = {row[4] for row in events}
        self._write_events(events, participants, members)
        return canonicals

    def _rows_of(self, block: str, start: str | None, clusters: list[_Cluster],
                 events: list[tuple], participants: list[tuple], members: list[tuple]) -> None:
        """Append the rows of one window's events (in the order they finished) to the lists."""
        assert self._picked is not None
        for order, cluster in enumerate(clusters):
            self.stats.events += 1
            self.stats.members += len(cluster.members)
            eid = self._next_eid
            self._next_eid += 1
            seqs = sorted(cluster.members)
            msig = hashlib.sha256(pickle.dumps(seqs, protocol=4)).digest()
            earlier = self._reusable.get(msig) if self._resumed else None
            roles = self._roles(cluster) if earlier is not None else []
            if earlier is not None and not any(k in self._renamed for k, _ in roles):
                # The same members as an event dropped for re-clustering, no actor renamed:
                # its row is the same (a function of the members and the actors' names).
                event_id, (data, sig) = "E" + digest(cluster.canonical), earlier
            else:
                event_id, row, roles = self._event_row(cluster)
                data = pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL)
                # What the event's rows in every table are made of: equal signatures, equal rows.
                sig = hashlib.sha256(data + pickle.dumps((roles, seqs), protocol=4)).digest()
            events.append((eid, block, start, order, cluster.canonical, event_id, data, sig, msig))
            participants.extend((eid, r, k, self._actor_ids[k]) for k, r in roles)
            members.extend((seq, eid) for seq in cluster.members)

    def _write_events(self, events: list[tuple], participants: list[tuple], members: list[tuple]) -> None:
        self._db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)", events)
        self._db.executemany("INSERT INTO participants VALUES (?,?,?,?)", participants)
        self._db.executemany("INSERT INTO member_event VALUES (?,?)", members)
        events.clear()
        participants.clear()
        members.clear()

    def _number(self, canonicals: set[str] | None) -> None:
        """Tell apart unmergeable events with the same canonical member (rare): in the order of
        (block, window, order finished in the window), which is the order they finish in, the first keeps ``E + digest(key)``, the n-th
        gets ``E + digest(key, n)``. ``canonicals`` limits the work to those keys (None: all)."""
        if canonicals is None:
            groups = [c for (c,) in self._db.execute(
                "SELECT canonical FROM events GROUP BY canonical HAVING count(*) > 1")]
        else:
            groups = []
            keys = sorted(canonicals)
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                groups += [c for (c,) in self._db.execute(
                    f"SELECT canonical FROM events WHERE canonical IN ({','.join('?' * len(chunk))}) "
                    "GROUP BY canonical HAVING count(*) > 1", chunk)]
        for canonical in groups:
            eids = [eid for (eid,) in self._db.execute(
                "SELECT eid FROM events WHERE canonical=? ORDER BY block, wstart, ord", (canonical,))]
            for n, eid in enumerate(eids, 1):
                event_id = "E" + (digest(canonical) if n == 1 else digest(canonical, str(n)))
                self._db.execute("UPDATE events SET event_id=? WHERE eid=?", (event_id, eid))

    @staticmethod
    def _conflicts(cluster: _Cluster) -> str | None:
        found: dict[str, list[str]] = {}
        dated = sorted((d, p) for d, p in cluster.dates if d is not None)
        if any(not dates_compatible(a, b) for i, a in enumerate(dated) for b in dated[i + 1:]):
            found["date"] = [f"{d.isoformat()}/{p}" for d, p in dated]
        for name in _CONFLICT_NAMES:
            values = cluster.values.get(name)
            if values and len({normalise_name(str(v)) for v in values}) > 1:
                found[name] = sorted(str(v) for v in values)
        return json.dumps(found, ensure_ascii=False, sort_keys=True) if found else None

    @staticmethod
    def _roles(cluster: _Cluster) -> list[tuple[str, str]]:
        specific = {key for key, role in cluster.roles if role in _SPECIFIC_ROLES}
        return sorted((k, r) for k, r in cluster.roles if not (r == "participant" and k in specific))

    def _event_row(self, cluster: _Cluster) -> tuple[str, dict[str, Any], list[tuple[str, str]]]:
        """The event's first-choice id, its row (id left empty: it is the key it is stored under) and roles."""
        actors = self._picked
        assert actors is not None
        roles = self._roles(cluster)
        date, precision, source = cluster.best
        pick = {name: _pick(counter) for name, counter in cluster.values.items()}
        is_statement = cluster.event_type == "statement"
        row = {
            "event_id": None, "event_type": cluster.event_type, "status": cluster.status,
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
        }
        return "E" + digest(cluster.canonical), row, roles

    # --- output ----------------------------------------------------------------------

    def rows(self) -> dict[str, Iterator[dict[str, Any]]]:
        """Rows of every table as dicts, each table sorted by ``SORT_KEYS`` (iterators).

        The first call merges the events (phase 2); the iterators read the spill file,
        so consume each before closing the merger. A resumed merger gives only what is
        new since :meth:`resume` (events, their participants and mentions, articles; the
        events replaced are in :attr:`removed_event_ids`) and every actor. Article rows
        carry their input position as ``_seq`` (the last sort key).
        """
        if not self._clustered:
            self._cluster()
        assert self._picked is not None
        actor_rows = sorted(
            ({"actor_id": a.actor_id, "kind": a.kind, "name": a.name, "title": a.title, "country": a.country}
             for a in self._picked.values()),
            key=lambda r: r["actor_id"],
        )
        return {
            "events": self._event_rows(),
            "participants": self._participant_rows(),
            "actors": iter(actor_rows),
            "mentions": self._mention_rows(),
            "articles": self._article_rows(),
        }

    @property
    def resumed(self) -> bool:
        """Whether this merger continues an earlier one (:meth:`resume`): rows() gives only changes."""
        return self._resumed

    def _event_rows(self) -> Iterator[dict[str, Any]]:
        cursor = self._db.execute(
            f"SELECT event_id, data FROM events WHERE eid >= ? {_NOT_SAME.format('eid')} ORDER BY event_id", (self._first_new_eid,))
        for event_id, data in cursor:
            row = pickle.loads(data)
            row["event_id"] = event_id
            yield row

    def _participant_rows(self) -> Iterator[dict[str, Any]]:
        cursor = self._db.execute(
            "SELECT e.event_id, p.role, p.actor_id FROM participants p JOIN events e ON e.eid = p.eid "
            f"WHERE p.eid >= ? {_NOT_SAME.format('p.eid')} ORDER BY e.event_id, p.role, p.actor_id", (self._first_new_eid,))
        for event_id, role, actor_id in cursor:
            yield {"event_id": event_id, "actor_id": actor_id, "role": role}

    def _mention_rows(self) -> Iterator[dict[str, Any]]:
        cursor = self._db.execute(
            "SELECT e.event_id, m.article_id, m.char_start, m.char_end, m.text, m.rule, m.date_text "
            "FROM member_event me JOIN events e ON e.eid = me.eid JOIN mentions m ON m.member = me.member "
            f"WHERE me.eid >= ? {_NOT_SAME.format('me.eid')} "
            "ORDER BY e.event_id, m.article_id, m.char_start, m.char_end, m.rule, m.text, m.date_text",
            (self._first_new_eid,),
        )
        names = ("event_id", "article_id", "char_start", "char_end", "text", "rule", "date_text")
        for row in cursor:
            yield dict(zip(names, row))

    def _article_rows(self) -> Iterator[dict[str, Any]]:
        cursor = self._db.execute(
            "SELECT article_id, title, published, source, url, sha256, status, error, extra, seq FROM articles "
            "WHERE seq > ? ORDER BY article_id, sha256, status, error, seq", (self._old_seq,)
        )
        names = ("article_id", "title", "published", "source", "url", "sha256", "status", "error", "extra", "_seq")
        for row in cursor:
            record = dict(zip(names, row))
            if record["published"]:
                record["published"] = dt.date.fromisoformat(record["published"])
            yield record

    def input_lines(self) -> Iterator[bytes]:
        """The lines of the build's input digest for the records merged so far, in input order:
        ``article_id + 0x1f + sha256`` (empty for a record the reader rejected) and a newline."""
        cursor = self._db.execute("SELECT article_id, sha256, counted FROM articles ORDER BY seq")
        for article_id, sha, counted in cursor:
            yield f"{article_id}\x1f{sha if counted else ''}\n".encode()

    # --- incremental merges ------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Everything besides the spill file that :meth:`resume` needs (picklable).

        Call after :meth:`rows` was consumed; commits the spill file and adds the indexes
        an incremental merge looks blocks and events up with.
        """
        if not self._clustered:
            raise RuntimeError("Merger.state before rows(): nothing is merged yet")
        self._flush()
        self._db.executescript(_STATE_INDEXES)
        self._db.commit()
        return {"format": STATE_FORMAT, "counts": self.counts, "actors": self._actors, "seq": self._seq,
                "member_seq": self._member_seq, "next_eid": self._next_eid,
                "picks": {key: (actor.name, actor.title) for key, actor in (self._picked or {}).items()}}

    @classmethod
    def resume(cls, path: Path | str, state: dict[str, Any]) -> "Merger":
        """A merger continuing the one whose spill file is ``path`` (a copy: it is changed) and
        whose :meth:`state` is ``state``: admit and add more articles, then :meth:`rows`
        gives what changed. Raises ValueError for a state of another format."""
        if state.get("format") != STATE_FORMAT:
            raise ValueError(f"merge state format {state.get('format')!r}, expected {STATE_FORMAT!r}")
        merger = cls.__new__(cls)
        merger._db = sqlite3.connect(str(path))
        merger._db.executescript(_PRAGMAS)
        merger.counts = state["counts"]
        merger.stats = MergeStats()
        merger._actors = state["actors"]
        merger._picked = None
        merger._members, merger._mentions = [], []
        merger._seq = merger._old_seq = state["seq"]
        merger._member_seq = state["member_seq"]
        merger._next_eid = merger._first_new_eid = state["next_eid"]
        merger._clustered = False
        merger._resumed = True
        merger._old_picks = state["picks"]
        merger._touched = set()
        merger._dirty = set()
        merger.removed_event_ids = set()
        merger._dropped = {}
        merger._reusable = {}
        merger._renamed = set()
        merger._db.execute("CREATE TEMP TABLE same(eid INTEGER PRIMARY KEY)")
        return merger

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

