"""The draft of an event inside one article, before it becomes a validated record.

Rules produce drafts; the pipeline then dates them by occasion, merges repeats within the
article and turns them into Pydantic records.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dipevents.schema import Actor

from .dating import UNKNOWN, DateChoice


@dataclass
class Draft:
    """One event as the rules see it in one article."""

    event_type: str
    rule: str
    sentence: int
    start: int
    end: int
    anchor: int
    participants: list[tuple[Actor, str]]
    status: str = "occurred"
    date: DateChoice = UNKNOWN
    location: str | None = None
    location_country: str | None = None
    mode: str | None = None
    document: str | None = None
    quote: str | None = None
    stance: str | None = None
    earlier_occasion: bool = False
    extra_mentions: list[tuple[int, int, str, str | None]] = field(default_factory=list)

    def actors(self, *roles: str) -> list[Actor]:
        """Actors in one of ``roles`` (all when none given)."""
        return [a for a, r in self.participants if not roles or r in roles]

    def principal_countries(self) -> frozenset[str]:
        """Countries of participants other than targets."""
        return frozenset(a.country for a, r in self.participants if r != "target" and a.country)

    def add_participant(self, actor: Actor, role: str) -> None:
        """Add ``actor`` in ``role`` unless the same actor already has that role."""
        if all(not (a.key == actor.key and r == role) for a, r in self.participants):
            self.participants.append((actor, role))
