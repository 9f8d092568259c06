"""Small value types that the extraction stages hand to each other.

All offsets are character offsets into the article's text exactly as read.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dipevents.schema import Actor


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or headline/paragraph line) of the article, with its offsets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A place in the text that names (or refers back to) an actor.

    ``via`` says how it was recognised: ``name`` (a country or organisation name),
    ``demonym``, ``capital``, ``person`` (title and/or full name), ``surname``,
    ``title`` ("the minister"), ``pronoun``. ``head`` is True for the mention that
    defines the actor (its first full mention).
    """

    start: int
    end: int
    text: str
    actor: Actor
    via: str
    head: bool = False


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A normalised time expression.

    ``value`` is ISO-like by what the expression specifies: ``YYYY-MM-DD``, ``YYYY-Www``,
    ``YYYY-MM`` or ``YYYY``. ``date`` is the first day of that period (the Monday of a
    week), ``precision`` one of day/week/month/year. ``tense`` is ``future`` for
    expressions that point after the publication date ("next Monday"), ``past`` for
    ones before it, else ``present``.
    """

    start: int
    end: int
    text: str
    value: str
    precision: str
    date: dt.date
    tense: str = "present"
    extra: dict = field(default_factory=dict, compare=False)
