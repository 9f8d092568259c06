"""Turning extracted records into release-table rows and readable text.

``summary`` writes the one readable line of ``events.summary`` (who, what, where);
``event_to_json`` is the record ``dipevents extract`` prints; ``actor_row`` and
``article_row`` build the rows of ``actors.parquet`` and ``articles.parquet``.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Sequence

from dipevents.schema.models import Actor, Article
from dipevents.schema.tables import ActorRow, ArticleRow

# Roles listed first in a summary: the side that acts.
_ROLE_ORDER = {"host": 0, "speaker": 0, "signatory": 1, "participant": 1, "visitor": 2, "target": 3}
_QUOTE_CHARS = 90


def actor_label(actor: Actor) -> str:
    """How an actor reads in a summary: people with their country code, others by name."""
    if actor.kind == "person" and actor.country:
        return f"{actor.name} ({actor.country})"
    return actor.name


def _principal_labels(participants: Sequence[tuple[Actor, str]], roles: Iterable[str]) -> list[str]:
    """Labels of the actors in ``roles``; a state is left out when a person speaks for it."""
    wanted = set(roles)
    chosen = [(a, r) for a, r in participants if r in wanted]
    person_countries = {a.country for a, _ in chosen if a.kind == "person" and a.country}
    labels: list[str] = []
    for actor, role in sorted(chosen, key=lambda ar: _ROLE_ORDER.get(ar[1], 9)):
        if actor.kind == "state" and actor.country in person_countries:
            continue
        label = actor_label(actor)
        if label not in labels:
            labels.append(label)
    return labels


def _join(labels: Sequence[str]) -> str:
    if not labels:
        return "unnamed actors"
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rstrip() + "…"


def summarise(
    event_type: str,
    participants: Sequence[tuple[Actor, str]],
    *,
    status: str = "occurred",
    mode: str | None = None,
    location: str | None = None,
    document: str | None = None,
    quote: str | None = None,
) -> str:
    """One readable line for an event given as parts (used for merged events too).

    E.g. ``"Yasukazu Hamada (JPN) met Benjamin Gantz (ISR) in Tokyo"``.
    """
    planned = status == "planned"
    if event_type == "statement":
        speakers = _join(_principal_labels(participants, ["speaker"]))
        targets = _principal_labels(participants, ["target"])
        verb = "will make a statement" if planned else "said"
        line = f"{speakers} {verb}"
        if targets:
            line += f" about {_join(targets)}"
        if quote:
            line += f": \u201c{_short(quote)}\u201d"
    elif event_type == "signing":
        signers = _join(_principal_labels(participants, ["signatory", "participant", "host", "visitor"]))
        line = f"{signers} {'will sign' if planned else 'signed'} {document or 'an agreement'}"
    else:
        if mode == "visit":
            visitors = _principal_labels(participants, ["visitor"])
            hosts = _principal_labels(participants, ["host", "participant"])
            if visitors and hosts:
                verb = "will visit" if planned else "visited"
                line = f"{_join(visitors)} {verb} {_join(hosts)}"
            else:
                line = f"{_join(visitors + hosts)} {'will meet' if planned else 'met'}"
        else:
            labels = _principal_labels(participants, ["host", "participant", "visitor", "signatory"])
            if len(labels) == 2 and mode != "multilateral":
                if mode == "call":
                    verb = "will speak by phone with" if planned else "spoke by phone with"
                else:
                    verb = "will meet" if planned else "met"
                line = f"{labels[0]} {verb} {labels[1]}"
            elif mode == "call":
                line = f"{_join(labels)} {'will hold' if planned else 'held'} a call"
            else:
                line = f"{_join(labels)} {'will meet' if planned else 'met'}"
    if location and event_type != "statement":
        line += f" in {location}"
    return line


def summary(event: Any) -> str:
    """The readable line of one extracted event (Meeting, Signing or Statement)."""
    return summarise(
        event.event_type,
        [(p.actor, p.role) for p in event.participants],
        status=event.status,
        mode=getattr(event, "mode", None),
        location=event.location,
        document=getattr(event, "document", None),
        quote=getattr(event, "quote", None),
    )


def event_to_json(event: Any) -> dict[str, Any]:
    """A JSON-ready dict of one extracted event, with its summary: what ``dipevents extract`` prints."""
    record = event.model_dump(mode="json")
    record["summary"] = summary(event)
    for participant in record["participants"]:
        actor = participant["actor"]
        actor["actor_id"] = Actor(**actor).actor_id
    return record


def actor_row(actor: Actor) -> ActorRow:
    """The actors.parquet row of one actor (id derived from its identity key)."""
    return ActorRow(actor_id=actor.actor_id, kind=actor.kind, name=actor.name, title=actor.title, country=actor.country)


def article_row(article: Article, status: str = "ok", error: str | None = None) -> ArticleRow:
    """The articles.parquet row of one article read from the input."""
    extra = json.dumps(article.extra, ensure_ascii=False, sort_keys=True, default=str) if article.extra else None
    return ArticleRow(
        article_id=article.article_id,
        title=article.title,
        published=article.published,
        source=article.source,
        url=article.url,
        sha256=article.sha256,
        status=status,  # type: ignore[arg-type]
        error=error,
        extra=extra,
    )
