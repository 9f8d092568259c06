"""Light clause analysis over actor mentions: subjects, objects, modality.

No parser: the rules look at the words between an actor mention and a trigger, using
word lists from the rule files.
"""
from __future__ import annotations

import re

from .context import ArticleContext
from .lexicon import matcher
from .spans import ActorMention, Sentence

_ENCLOSED = re.compile(r"\([^()]{0,120}\)|,[^,;:\"“”]{0,100},")
_WORD = re.compile(r"[\w'’.-]+")
_CLAUSE_BREAK = re.compile(r"[;:]|\b(?:which|who|whom|while|whereas|because|although|after|before|but)\b|[\"“”]")


def gap_words(text: str) -> list[str]:
    """The words in ``text`` once bracketed and comma-enclosed insertions are removed."""
    previous = None
    while previous != text:
        previous, text = text, _ENCLOSED.sub(" ", text)
    return [w.casefold().strip(".'’") for w in _WORD.findall(text)]


def subject_gap_ok(ctx: ArticleContext, gap: str, allowed: frozenset[str]) -> bool:
    """True when only adverbs, auxiliaries, time words or insertions stand in ``gap``."""
    if len(gap) > 160 or re.search(r"[;\"“”]", gap):
        return False
    words = gap_words(gap)
    return all(w in allowed or not w for w in words) and len(words) <= 8


def clause_bounds(sentence: Sentence, position: int) -> tuple[int, int]:
    """The stretch of the sentence around ``position`` not crossing ';' or ':'."""
    text = sentence.text
    rel = position - sentence.start
    left = max(text.rfind(";", 0, rel), text.rfind(":", 0, rel))
    right_candidates = [i for i in (text.find(";", rel), text.find(":", rel)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return sentence.start + left + 1, sentence.start + right


def modality(ctx: ArticleContext, start: int, end: int, sentence_end: int | None = None) -> str:
    """``negated``, ``planned`` or ``occurred`` for the words in ``[start, end)``.

    Cancellation cues ("were called off") count anywhere up to ``sentence_end``.
    """
    if sentence_end and matcher(ctx.rules, "events", "modality", "cancelled").search(ctx.text, start, sentence_end):
        return "negated"
    if matcher(ctx.rules, "events", "modality", "negated").search(ctx.text, start, end):
        return "negated"
    if matcher(ctx.rules, "events", "modality", "planned").search(ctx.text, start, end):
        return "planned"
    return "occurred"


def mentions_between(ctx: ArticleContext, start: int, end: int) -> list[ActorMention]:
    """Actor mentions inside ``[start, end)``."""
    return ctx.actors_in(start, end)
