"""Coreference inside one article: surnames, titles and pronouns back to their person.

:func:`resolve` takes what :mod:`.actors` found (full mentions plus :class:`Pending`
references that need an antecedent) and returns the final mention list:

* people named twice ("President Reagan" ... "Ronald Reagan") share one Actor, whose
  name is the fullest form, title and country the first ones known;
* a later surname ("Yamada said", "Mr. Yamada") -> ``via="surname"``;
* a title without a name ("the minister", "the Japanese Defense Minister", "Minister
  (Yamada)") -> the most recent person with a matching title (or with that surname),
  else the last person mentioned -> ``via="title"``; unresolved, the state it names is
  kept ("the Iraqi prime minister" -> Iraq);
* "he"/"she"/"his" at the start of a clause -> the subject (first person) of the
  current sentence before it, else of the nearest earlier sentence with a person ->
  ``via="pronoun"``;
* a national body without its state ("the foreign ministry") -> the same body named
  earlier with its state, else dropped.

Plurals ("the ministers") never reach this module: the gazetteer needs a word boundary.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, replace

from dipevents.schema import Actor

from .rulefiles import Rules, load_rules
from .spans import ActorMention, Sentence

_PRONOUN = re.compile(
    r"(?:^|(?<=[,;:“\"(—–])\s*|\b(?:and|but|that|as|while|when|where|after|before|because|although|though|But|And)\s+)"
    r"\b(He|he|She|she|His|his)\b"
)
# Cheap test that a text may hold one of those pronouns (every match of _PRONOUN holds a
# match of this): it opens with a character class, which the engine scans for in C.
_MAY_HOLD_PRONOUN = re.compile(r"[HhSs](?<=\b[HhSs])(?:e|is|he)\b")
_HONORIFIC = r"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?"
_DEFINITE = re.compile(r"\b[Tt]he\s+$")
_CORE_VIA = frozenset({"name", "demonym", "capital", "person"})


@dataclass(frozen=True, slots=True)
class Pending:
    """A reference that needs an antecedent: a bare title or a body without its state.

    ``kind`` is ``title`` (``value`` = the normalised title) or ``body`` (``value`` = the
    body's name). ``name`` is a name given in brackets ("Minister (Yamada)");
    ``fallback`` is the mention to keep when nothing resolves (the state a title names).
    """

    kind: str
    start: int
    end: int
    text: str
    value: str
    country: str | None = None
    name: str | None = None
    fallback: ActorMention | None = None


class _FoldTable(dict):
    """str.translate table that strips accents one character at a time (same length)."""

    # letters that Unicode does not decompose but English copy writes without the mark
    _PLAIN = {"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h"}

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        bare = self._PLAIN.get(ch) or "".join(c for c in unicodedata.normalize("NFKD", ch)
                                               if not unicodedata.combining(c))
        self[code] = bare if len(bare) == 1 else ch
        return self[code]


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """``text`` without accents, of the same length ("Erdoğan" -> "Erdogan"), so surnames
    written with and without diacritics match and offsets stay valid."""
    return text if text.isascii() else text.translate(_FOLD)


def _surname(name: str) -> str:
    token = name.split()[-1] if name.split() else name
    return token.split("-", 1)[1] if re.match(r"(?:al|el|ad|as|ash|ibn|bin|abu|ul)-", token) else token


_FAMILY_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|ibn|bin|abu|ul)(?:-|$)", re.IGNORECASE)


def _given_names(persons: list[Actor], surnames: set[str]) -> dict[str, Actor]:
    """Given names that refer to one person on their own: "Ali said" after "Sheikh Ali
    al-Khalifa al-Sabah". News writes Arabic-style names (family name with al-, bin,
    ibn ...) this way; a given name shared by two people, or that is someone's surname,
    refers to nobody."""
    found: dict[str, Actor | None] = {}
    for actor in persons:
        tokens = actor.name.split()
        if len(tokens) < 2 or not any(_FAMILY_PARTICLE.match(t) for t in tokens[1:]):
            continue
        first = fold(tokens[0])
        if len(first) > 2 and first[0].isupper() and first[1:].islower() and first not in surnames:
            found[first] = None if first in found and found[first] is not actor else actor
    return {name: actor for name, actor in found.items() if actor is not None}


def _words(title: str | None) -> set[str]:
    return {w for w in re.split(r"[\s-]+", (title or "").lower()) if w not in ("of", "for", "the", "and")}


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _unify_people(mentions: list[ActorMention]) -> list[ActorMention]:
    """Give every mention of one person (same surname, compatible country) one Actor."""
    groups: list[list[int]] = []
    by_surname: dict[str, list[int]] = {}  # surname -> its groups, oldest first
    countries: list[set[str]] = []  # known countries of each group: linear time on long texts
    for i, m in enumerate(mentions):
        if m.actor.kind != "person":
            continue
        key = fold(_surname(m.actor.name)).lower()
        country = m.actor.country
        for k in by_surname.get(key, ()):
            if country is None or countries[k] <= {country}:
                groups[k].append(i)
                countries[k].update([country] if country else [])
                break
        else:
            by_surname.setdefault(key, []).append(len(groups))
            groups.append([i])
            countries.append({country} if country else set())
    out = list(mentions)
    for group in groups:
        actors = [mentions[g].actor for g in group]
        longest = max(actors, key=lambda a: len(a.name.split()))
        title = next((a.title for a in actors if a.title), None)
        country = next((a.country for a in actors if a.country), None)
        merged = Actor(kind="person", name=longest.name, title=title, country=country)
        for n, g in enumerate(group):
            m = mentions[g]
            single = n and len(m.actor.name.split()) == 1 and len(merged.name.split()) > 1
            out[g] = replace(m, actor=merged, via="surname" if single else m.via)
    return out


def span_free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` overlaps none of the sorted, non-overlapping ``taken`` spans."""
    i = bisect_right(taken, (start, 10**12))
    if i and taken[i - 1][1] > start:
        return False
    return i >= len(taken) or taken[i][0] >= end


def _title_groups(rules: Rules) -> dict[str, frozenset[str]]:
    """Title word -> every word that may name the same office (titles.toml [coref] same)."""
    groups = rules.table("titles").get("coref", {}).get("same", [])
    if not isinstance(groups, list) or not all(isinstance(g, list) and all(isinstance(w, str) for w in g)
                                               for g in groups):
        raise rules.error("titles", "same", "coref.same must be a list of lists of title words")
    out: dict[str, set[str]] = {}
    for group in groups:
        for word in group:
            out.setdefault(word.lower(), set()).update(w.lower() for w in group)
    return {w: frozenset(g) for w, g in out.items()}


def _may_be(wanted: set[str], title: str | None, groups: dict[str, frozenset[str]]) -> bool:
    """Could a bare title with words ``wanted`` refer to a person titled ``title``?"""
    have = _words(title)
    if not have or not wanted or wanted & have:
        return True
    return any(groups.get(w, frozenset()) & have for w in wanted)


def _resolve_title(p: Pending, people: list[ActorMention],
                   groups: dict[str, frozenset[str]] | None = None) -> Actor | None:
    before = [m for m in people if m.start < p.start]
    if p.name:
        key = fold(_surname(p.name)).lower()
        for m in reversed(people):
            if fold(_surname(m.actor.name)).lower() == key:
                return m.actor
        return Actor(kind="person", name=p.name, title=p.value, country=p.country)
    wanted = _words(p.value)
    for m in reversed(before):
        if _compatible(m.actor.country, p.country) and wanted and wanted <= _words(m.actor.title):
            return m.actor
    for m in reversed(before):
        if p.country is None or m.actor.country == p.country:
            # "the minister": the last person whose title may be it; "the Pakistani envoy":
            # the last Pakistani whose title may be it (a permanent representative)
            if _may_be(wanted, m.actor.title, groups or {}):
                return m.actor
    return None


FORWARD_REACH = 500  # "The chairman of the Senate committee said ... . Committee chairman X said"


def _named_next(p: Pending, people: list[ActorMention], text: str) -> Actor | None:
    """A lede's definite title with no one before it names the next person of that title
    and country: "The chairman of the U.S. Senate committee ... said" ... "Senate Finance
    Committee chairman Lloyd Bentsen said"."""
    if p.kind != "title" or p.name or not _DEFINITE.search(text, max(0, p.start - 4), p.start):
        return None
    if any(m.start < p.start for m in people):
        return None  # someone was named before: the title refers back or to nobody
    wanted = _words(p.value)
    for m in people:
        if m.start <= p.end:
            continue
        if m.start > p.end + FORWARD_REACH:
            return None
        if wanted and wanted <= _words(m.actor.title) and _compatible(m.actor.country, p.country):
            return m.actor
    return None


def resolve(text: str, sentences: list[Sentence], items: list[ActorMention | Pending],
            rules: Rules | None = None) -> list[ActorMention]:
    """Resolve ``items`` (from :mod:`.actors`) into the article's final, sorted mentions.

    Every returned mention of one person carries the same :class:`Actor` object; the
    first full mention of each actor has ``head=True``.
    """
    groups = (rules or load_rules()).compiled("coref.title_groups", _title_groups)
    full = _unify_people([m for m in items if isinstance(m, ActorMention)])
    pending = [p for p in items if isinstance(p, Pending)]
    mentions: list[ActorMention] = list(full)

    # Titles and bodies, in text order, against the people known before them.
    people = sorted((m for m in mentions if m.actor.kind == "person"), key=lambda m: m.start)
    for p in sorted(pending, key=lambda p: p.start):
        if p.kind == "body":
            prefix = f"{p.value} of "
            # the same body word ("the ministry" after "Israel's Foreign Ministry"), not a
            # sibling alias: "Senate" does not borrow the state of "Canadian House of Commons"
            surface = " ".join(p.text.lower().split())
            earlier = [m for m in mentions if m.start < p.start and m.actor.kind == "organization"
                       and m.actor.name.startswith(prefix) and surface in " ".join(m.text.lower().split())]
            if not earlier and _DEFINITE.search(text, max(0, p.start - 4), p.start):
                # "the government" after "the Philippine government": a body that stands
                # for its state refers back to the last state named with the same word
                earlier = [m for m in mentions if m.start < p.start and m.actor.kind == "state"
                           and m.via == "name" and re.search(rf"\b{re.escape(surface)}\b", m.text.lower())]
            if earlier:
                mentions.append(ActorMention(p.start, p.end, p.text, earlier[-1].actor, "title"))
            continue
        actor = _resolve_title(p, people, groups) or _named_next(p, people, text)
        if actor is not None:
            new = ActorMention(p.start, p.end, p.text, actor, "title")
            mentions.append(new)
            people.append(new)
            people.sort(key=lambda m: m.start)
        elif p.fallback is not None:
            mentions.append(p.fallback)

    # Canonical Actor object per person key, so every mention shares it.
    keys: dict[int, str] = {}

    def key_of(actor: Actor) -> str:
        if id(actor) not in keys:
            keys[id(actor)] = actor.key
        return keys[id(actor)]

    canon: dict[str, Actor] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        canon.setdefault(key_of(m.actor), m.actor)
    mentions = [m if canon[key_of(m.actor)] is m.actor else replace(m, actor=canon[key_of(m.actor)])
                for m in mentions]

    # Surnames.
    taken = sorted((m.start, m.end) for m in mentions)
    persons = [a for a in canon.values() if a.kind == "person"]
    extra: list[ActorMention] = []
    surnames = {}
    for actor in persons:
        surname = _surname(actor.name)
        if len(surname) > 1 and surname[0].isupper():
            surnames.setdefault(fold(surname), actor)
    if surnames:
        for start, end, surname in surname_matches(fold(text), sorted(surnames, key=len, reverse=True)):
            if span_free(taken, start, end):
                extra.append(ActorMention(start, end, text[start:end], surnames[surname], "surname"))
    given = _given_names(persons, set(surnames))
    if given:
        taken = sorted(taken + [(m.start, m.end) for m in extra])
        alternation = "|".join(re.escape(g) for g in sorted(given, key=len, reverse=True))
        for m in re.finditer(rf"\b({alternation})\b(?![\w-]|\s+[A-Z])", fold(text)):
            if span_free(taken, m.start(), m.end()):
                extra.append(ActorMention(m.start(), m.end(), text[m.start():m.end()], given[m.group(1)], "surname"))
    mentions.extend(extra)
    mentions.sort(key=lambda m: (m.start, -m.end))

    # Pronouns, sentence by sentence.
    mentions = _pronouns(text, sentences, mentions)

    # Non-overlapping, first full mention of each actor is the head.
    result: list[ActorMention] = []
    cursor = -1
    seen: set[str] = set()
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.start < cursor:
            continue
        cursor = m.end
        key = key_of(m.actor)
        if m.via in _CORE_VIA and key not in seen:
            seen.add(key)
            m = replace(m, head=True)
        elif m.head:
            m = replace(m, head=False)
        result.append(m)
    return result


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _boundary(text: str, i: int) -> bool:
    """``\\b`` at ``i``."""
    before = i > 0 and _is_word(text[i - 1])
    after = i < len(text) and _is_word(text[i])
    return before != after


def surname_matches(text: str, surnames: list[str]) -> list[tuple[int, int, str]]:
    """``(start, end, surname)`` of what ``re.finditer`` finds in ``text`` for
    ``\\b(?:(?:Mr|Mrs|Ms|Dr)\\.?\\s+)?(?:[a-z]{1,3}-)?(S1|S2|...)(?![\\w-])`` with the
    surnames in the order given ("Mr. Yamada", "al-Sabah"), without compiling that pattern
    for each article.

    Every match holds one surname where the text has it, and starts at most an honorific,
    a space and a prefix before it: those few positions are tried, left to right, with
    the pattern's own order of attempts, and each match resumes the scan after its end.
    """
    candidates: set[int] = set()
    for surname in surnames:
        at = text.find(surname)
        while at != -1:
            candidates.update(_starts_before(text, at))
            at = text.find(surname, at + 1)
    found: list[tuple[int, int, str]] = []
    cursor = 0
    for start in sorted(candidates):
        if start < cursor:
            continue
        match = _match_surname_at(text, start, surnames)
        if match is not None:
            found.append((start, match[0], match[1]))
            cursor = match[0]
    return found


def _prefix_start(text: str, at: int) -> int | None:
    """Where ``[a-z]{1,3}-`` ending at ``at`` starts, if it does."""
    if at < 2 or text[at - 1] != "-":
        return None
    i = at - 1
    while i > 0 and at - 1 - i < 3 and "a" <= text[i - 1] <= "z":
        i -= 1
    return i if i < at - 1 else None


def _starts_before(text: str, at: int) -> list[int]:
    """Every start from which a surname match could reach the surname at ``at``."""
    starts = [at]
    prefix = _prefix_start(text, at)
    if prefix is not None:
        starts.append(prefix)
    for word_at in list(starts):
        i = word_at
        while i > 0 and text[i - 1].isspace():
            i -= 1
        if i == word_at:
            continue
        for end in (i, i - 1) if i > 0 and text[i - 1] == "." else (i,):
            starts.extend(end - len(h) for h in _HONORIFICS if text.startswith(h, end - len(h)) and end >= len(h))
    return starts


_HONORIFICS = ("Mr", "Mrs", "Ms", "Dr")


def _match_surname_at(text: str, start: int, surnames: list[str]) -> tuple[int, str] | None:
    """``(end, surname)`` of the pattern's match at ``start`` (see :func:`surname_matches`), trying
    its branches in the regular expression's order: with an honorific first, then without;
    with a prefix first, then without; the surnames in order."""
    if not _boundary(text, start):
        return None
    n = len(text)
    after_honorific: list[int] = []
    for h in _HONORIFICS:
        if text.startswith(h, start):
            end = start + len(h)
            for dot_end in (end + 1, end) if text.startswith(".", end) else (end,):
                space_end = dot_end
                while space_end < n and text[space_end].isspace():
                    space_end += 1
                after_honorific.extend(range(space_end, dot_end, -1))  # \s+ gives back one by one
    for word_at in after_honorific + [start]:
        i = word_at
        while i < n and i - word_at < 3 and "a" <= text[i] <= "z":
            i += 1
        options = [i + 1] if i > word_at and i < n and text[i] == "-" else []
        # [a-z]{1,3} gives back letters too, but then "-" would have to be a letter
        for at in options + [word_at]:
            for surname in surnames:
                if text.startswith(surname, at):
                    end = at + len(surname)
                    if end == n or not (_is_word(text[end]) or text[end] == "-"):
                        return end, surname
    return None


def _pronouns(text: str, sentences: list[Sentence], mentions: list[ActorMention]) -> list[ActorMention]:
    people = [m for m in mentions if m.actor.kind == "person"]
    out = list(mentions)
    taken = sorted((m.start, m.end) for m in mentions)
    last_subject: Actor | None = None
    k = 0
    for sentence in sentences:
        while k < len(people) and people[k].start < sentence.start:
            k += 1
        inside = []
        j = k
        while j < len(people) and people[j].start < sentence.end:
            inside.append(people[j])
            j += 1
        subject: Actor | None = None
        pronouns = _PRONOUN.finditer(sentence.text) if _MAY_HOLD_PRONOUN.search(sentence.text) else ()
        for m in pronouns:
            start = sentence.start + m.start(1)
            end = start + len(m.group(1))
            if not span_free(taken, start, end):
                continue
            earlier = [p for p in inside if p.start < start]
            actor = earlier[0].actor if earlier else (subject or last_subject)
            if actor is None:
                continue
            new = ActorMention(start, end, text[start:end], actor, "pronoun")
            out.append(new)
            inside.append(new)
            inside.sort(key=lambda p: p.start)
            subject = subject or actor
        if inside:
            last_subject = inside[0].actor
    return out
