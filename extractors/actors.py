"""Actor mentions: states, organisations and people with titles, found in one pass.

The gazetteer (:mod:`.gazetteer`) marks state names, demonyms, capitals, organisations,
national bodies and titles. This module reads those hits left to right and assembles
them into actors the way news text builds them:

* ``<state> [’s] <body>`` / ``<body> of <state>`` -> the body as an organisation of that
  state ("Israel's Foreign Ministry" -> "Ministry of Foreign Affairs of Israel"); a
  body marked ``state = true`` ("the Mexican government") stands for the state itself;
* ``[<state|org|body>] [modifiers] <title> [and <title>] [of <state>] [,] <Name> [of <state>]``
  -> a person ("Japan Defense Minister YAMADA Taro", "President of France Emmanuel
  Macron", "Prime Minister Yasuhiro Nakasone of Japan");
* ``<Name>, [the] [<state>’s] <title>`` -> a person by apposition;
* a title with no name ("the minister", "Minister (Yamada)") is left to :mod:`.coref`.

Coreference (surnames, titles, pronouns) is then resolved by :func:`.coref.resolve`.
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass

from dipevents.schema import Actor

from .coref import Pending, resolve, span_free
from .gazetteer import BODY, ORG, PLACE, STATE, TITLE, Hit, scan, state_names, title_case
from .rulefiles import Rules, load_rules
from .spans import ActorMention, Sentence

_POSSESSIVE = re.compile(r"['’]s\b")
_OF = re.compile(r",?\s+of\s+(?:the\s+)?")
_AND = re.compile(r"\s+and\s+")
_WS = re.compile(r"[ \t]*\n?[ \t]*")
_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*[^\W_])?")
_PAREN = re.compile(r"\s*\(\s*")
# "the head of ECGD's international debt division, <Name>": a title's complement up to a comma
_COMPLEMENT = re.compile(
    r"[ \t]*\n?[ \t]*(?:of|for|at|to|in|on)[ \t]+(?:[^,;:()\"“”.\n]|\.(?=\S)|\n(?![ \t]*\n)){1,90},[ \t]*\n?[ \t]*"
)
_COMPLEMENT_BARE = re.compile(
    r"[ \t]*\n?[ \t]*(?:[^,;:()\"“”.\n]|\.(?=\S)|\n(?![ \t]*\n)){1,90},[ \t]*\n?[ \t]*"
)
# what may stand between a name and its title in apposition: "X, also a Deputy Prime
# Minister", "X, the finance minister", "X who is the secretary of state"
_APPOSITION = re.compile(
    r"(?:,\s+(?:also\s+)?(?:(?:the|a|an)\s+)?|\s+who\s+(?:is|was)\s+(?:also\s+)?(?:(?:the|a|an)\s+)?)$"
)
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
# "Prime Minister (Brian) Mulroney": a given name an editor added in brackets.
_PAREN_GIVEN = re.compile(r"[ \t]*\n?[ \t]*\(((?:[A-Z][\w'’.-]*[ \t]?){1,3})\)(?=[ \t]*\n?[ \t]*[A-Z])")


_NAME_WORD = r"[A-Z][a-z]+(?:['’-][A-Za-z]+)?"
_SAID_NAME = re.compile(rf"\b(?:said|says|according\s+to|told|added|wrote)\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})"
                        rf"(?=\s*(?:,|\.|\bof\b|\bat\b|\bfrom\b|\bwho\b))")
# an apposition names a person where a sentence begins
_NAME_APPOSITION = re.compile(rf"(?:^|(?<=[.!?])[\"”’]?[ \t]+|\n[ \t]*)(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}),"
                              rf"\s+(?:an?\s+|the\s+)?(?:[a-z]+\s+){{0,3}}(?:at|of|for|with|from)\s")


@dataclass(frozen=True)
class NameRules:
    """Word lists that guide name parsing, from titles.toml's [names] and modifiers."""

    stop: frozenset[str]
    particles: frozenset[str]
    honorifics: tuple[str, ...]
    modifiers_before: re.Pattern[str]
    prefix_gap: re.Pattern[str]
    company_before: re.Pattern[str]


def _name_rules(rules: Rules) -> NameRules:
    table = rules.table("titles")
    names = table.get("names", {})
    modifiers = table.get("modifiers", [])
    for field, value in (("names.stop", names.get("stop", [])), ("names.particles", names.get("particles", [])),
                         ("names.honorifics", names.get("honorifics", [])), ("modifiers", modifiers)):
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise rules.error("titles", field.split(".")[-1], f"{field} must be a list of non-empty strings")
    alternation = "|".join(sorted((re.escape(m) for m in modifiers), key=len, reverse=True)) or "(?!)"
    suffixes = table.get("company_suffixes", [])
    if not isinstance(suffixes, list) or not all(isinstance(v, str) and v for v in suffixes):
        raise rules.error("titles", "company_suffixes", "company_suffixes must be a list of non-empty strings")
    company = "|".join(sorted((re.escape(c) for c in suffixes), key=len, reverse=True)) or "(?!)"
    return NameRules(
        company_before=re.compile(rf"(?<![\w.])(?:{company})(?!\w)[ \t]*\n?[ \t]*$"),
        stop=frozenset(names.get("stop", [])),
        particles=frozenset(names.get("particles", [])),
        honorifics=tuple(sorted(names.get("honorifics", []), key=len, reverse=True)),
        modifiers_before=re.compile(rf"(?i)(?:\b(?:{alternation})[ \t-]+)+$"),
        prefix_gap=re.compile(rf"(?:['’]s)?[ \t]*\n?[ \t]*(?i:(?:(?:{alternation})[ \t-]+)*)"),
    )


def _national_pattern(rules: Rules) -> re.Pattern[str]:
    heads = rules.table("organizations").get("national", {}).get("heads", [])
    if not isinstance(heads, list) or not all(isinstance(h, str) and h.strip() for h in heads):
        raise rules.error("organizations", "heads", "national.heads must be a list of non-empty strings")
    alternation = "|".join(sorted((re.escape(h) for h in heads), key=len, reverse=True)) or "(?!)"
    ws = r"(?:[ \t]+\n?|\n)[ \t]*"  # spaces with at most one (wire copy) line break
    word = r"[A-Z][\w’'-]*"
    # bounded repetitions, each one consuming a capitalised word: linear, no backtracking blow-up
    return re.compile(
        rf"(?:['’]s)?{ws}(?P<pre>(?:{word}{ws}){{0,4}}?)(?P<head>{alternation})\b"
        rf"(?P<tail>(?:{ws}(?:(?:of|on|for|and|the){ws}){{1,2}}{word}(?:{ws}{word}){{0,3}}){{0,3}})"
        rf"(?P<abbr>[ \t]*\n?[ \t]*\((?P<short>[A-Z][A-Za-z.&]{{1,9}})\))?"
    )


def national_pattern(rules: Rules) -> re.Pattern[str]:
    """Pattern for a named national body right after a state hit (cached per process)."""
    return rules.compiled("actors.national", _national_pattern)


def name_rules(rules: Rules) -> NameRules:
    """The compiled name-parsing rules of ``rules`` (cached per process)."""
    return rules.compiled("actors.names", _name_rules)


def text_of(text: str, hit: Hit) -> str:
    """The text a hit covers."""
    return text[hit.start:hit.end]


def normalise_person_name(tokens: list[str]) -> str:
    """Join name tokens as "Given Family": an all-capitals family name moves to the end.

    "YAMADA Taro" -> "Taro Yamada"; a name written all in capitals is title-cased.
    """
    def is_upper(token: str) -> bool:
        return len(token) > 1 and token.isupper() and token.replace("-", "").isalpha()

    upper = [t for t in tokens if is_upper(t)]
    if upper and len(upper) == len(tokens):
        return " ".join(t.capitalize() for t in tokens)
    if upper:
        rest = [t for t in tokens if not is_upper(t)]
        return " ".join(rest + [t.capitalize() for t in upper])
    return " ".join(tokens)


class _Parser:
    """State of one left-to-right pass over an article's gazetteer hits."""

    def __init__(self, text: str, hits: list[Hit], rules: Rules) -> None:
        self.text, self.hits, self.rules = text, hits, rules
        self.names = name_rules(rules)
        self.state_name = state_names(rules)
        self.hit_at = {h.start: i for i, h in enumerate(hits)}
        self.starts = [h.start for h in hits]
        self.out: list[ActorMention | Pending] = []
        self.states: dict[str, Actor] = {}
        self.orgs: dict[tuple[str, str | None], Actor] = {}
        self.last_end = 0
        self.national = national_pattern(rules)
        self.abbreviations: dict[str, Actor] = {}
        self.owner: tuple[int, str] | None = None  # (end of "X’s", X's state) after a person

    # --- actors ---------------------------------------------------------------
    def state(self, code: str) -> Actor:
        if code not in self.states:
            self.states[code] = Actor(kind="state", name=self.state_name.get(code, code), country=code)
        return self.states[code]

    def org(self, name: str, country: str | None) -> Actor:
        key = (name, country)
        if key not in self.orgs:
            self.orgs[key] = Actor(kind="organization", name=name, country=country)
        return self.orgs[key]

    def body_actor(self, hit: Hit, code: str) -> Actor:
        entry = hit.first(BODY)
        assert entry is not None
        if entry.flag == "state":
            return self.state(code)
        return self.org(f"{entry.value} of {self.state_name.get(code, code)}", code)

    def emit(self, start: int, end: int, actor: Actor, via: str) -> None:
        self.out.append(ActorMention(start, end, self.text[start:end], actor, via))
        self.last_end = end

    # --- helpers --------------------------------------------------------------
    def next_hit(self, i: int, gap: re.Pattern[str], *kinds: str) -> int | None:
        """Index of hit i+1 when only ``gap`` separates it from hit i and its kind fits."""
        if i + 1 >= len(self.hits):
            return None
        here, there = self.hits[i], self.hits[i + 1]
        # fullmatch: a title may itself begin with a modifier word ("permanent representative")
        if there.first(*kinds) is not None and gap.fullmatch(self.text, here.end, there.start):
            return i + 1
        return None

    def hit_after(self, pos: int, gap: re.Pattern[str], *kinds: str) -> tuple[int, Hit] | None:
        m = gap.match(self.text, pos)
        if m and m.end() in self.hit_at:
            j = self.hit_at[m.end()]
            if self.hits[j].first(*kinds) is not None:
                return j, self.hits[j]
        return None

    def modifiers(self, start: int, floor: int) -> int:
        """Start of modifier words ("Deputy", "acting") right before ``start``, not before ``floor``."""
        window_start = max(floor, start - 60)
        m = self.names.modifiers_before.search(self.text, window_start, start)
        return m.start() if m else start

    def title_text(self, start: int, hit: Hit) -> str:
        entry = hit.first(TITLE)
        assert entry is not None
        modifiers = self.text[start:hit.start]
        if "abbrev" in entry.flag:
            return title_case(" ".join(modifiers.split() + [entry.value]))
        words = self.text[start:hit.end].split()
        if len(words) > 1 and words[-1].lower() == "of":  # "head of" + complement
            words.pop()
        return title_case(" ".join(words))

    def parse_name(self, pos: int) -> tuple[int, int, list[str]] | None:
        """A capitalised name starting at ``pos`` (after optional spaces): (start, end, tokens)."""
        text, tokens = self.text, []
        start = end = None
        cursor = pos
        while len(tokens) < 5:
            ws = _WS.match(text, cursor)
            at = ws.end() if ws else cursor
            if tokens and at == cursor:
                break
            m = _WORD.match(text, at)
            if not m:
                break
            word = m.group()
            possessive = _POSSESSIVE.search(word)
            if possessive and possessive.end() == len(word):
                word = word[: possessive.start()]
            if not word or word in self.names.stop or at in self.hit_at:
                break
            if word[0].isupper():
                pass
            elif tokens and word in self.names.particles:
                nxt = _WORD.match(text, m.end() + 1)
                if not (nxt and nxt.group()[0].isupper() and text[m.end()] == " "):
                    break
            elif "-" in word and word.split("-", 1)[0] in self.names.particles and word.split("-", 1)[1][:1].isupper():
                pass
            else:
                break
            word_end = at + len(word)
            if len(word) == 1 and text[word_end:word_end + 1] == ".":
                word_end += 1
                word += "."
            if start is None:
                start = at
            tokens.append(word)
            end = word_end
            cursor = word_end
            if possessive:
                break
        while tokens and tokens[-1] in self.names.particles:
            tokens.pop()
        if not tokens or start is None or end is None:
            return None
        return start, end, tokens

    def name_before(self, pos: int) -> tuple[int, int, list[str]] | None:
        """A name ending at ``pos`` ("Dilson Funaro" before ", Brazil's finance minister")."""
        window = self.text[max(self.last_end, pos - 80):pos]
        words = list(_WORD.finditer(window))
        base = pos - len(window)
        picked: list[re.Match[str]] = []
        for m in reversed(words):
            tail = window[m.end():(picked[0].start() if picked else len(window))]
            w = m.group()
            initial = len(w) == 1 or w + "." in self.names.honorifics
            if tail.strip() not in ("", ".") or (tail.strip() == "." and not initial) or "\n\n" in tail:
                break
            if w in self.names.stop or base + m.start() in self.hit_at:
                break
            if w[0].isupper():
                picked.insert(0, m)
            elif picked and w in self.names.particles:
                picked.insert(0, m)
            else:
                break
            if len(picked) >= 4:
                break
        while picked and picked[0].group() in self.names.particles:
            picked.pop(0)
        if not picked:
            return None
        tokens = [m.group() + ("." if len(m.group()) == 1 and window[m.end():m.end() + 1] == "." else "")
                  for m in picked]
        if any(h in (tokens[0], tokens[0] + ".") for h in self.names.honorifics) and len(tokens) > 1:
            picked, tokens = picked[1:], tokens[1:]
        if len(tokens) == 1 and tokens[0] in self.names.honorifics:
            return None
        return base + picked[0].start(), base + picked[-1].end(), tokens

    # --- the pass -------------------------------------------------------------
    def run(self, untitled: bool = True) -> list[ActorMention | Pending]:
        i = 0
        while i < len(self.hits):
            i = self.step(i)
        if untitled:
            self.untitled_people()
        if self.abbreviations:
            alternation = "|".join(re.escape(a) for a in sorted(self.abbreviations, key=len, reverse=True))
            for m in re.finditer(rf"(?<![\w.])(?:{alternation})(?![\w])", self.text):
                if m.start() not in self.hit_at:
                    self.out.append(ActorMention(m.start(), m.end(), m.group(), self.abbreviations[m.group()], "name"))
        return self.out

    def untitled_people(self) -> None:
        """People named with no title where news attributes speech ("said Janusz Bugajski of
        the Jamestown Foundation", "Siyoka Simasiku, director at the coalition, says"):
        analysts, activists, residents. They are out of the guide's scope as speakers, but
        they are people, so a later "he" refers to them and not to an official further back."""
        taken = sorted((item.start, item.end) for item in self.out)
        for m in itertools.chain(_SAID_NAME.finditer(self.text), _NAME_APPOSITION.finditer(self.text)):
            start, end = m.span("name")
            tokens = m.group("name").split()
            if any(t in self.names.stop or t in self.names.honorifics for t in tokens):
                continue
            first_hit = bisect_left(self.starts, start)
            if (first_hit < len(self.starts) and self.starts[first_hit] < end) or not span_free(taken, start, end):
                continue  # a gazetteer word inside, or an actor already there
            self.out.append(ActorMention(start, end, self.text[start:end],
                                         Actor(kind="person", name=normalise_person_name(tokens)), "person"))

    def national_body(self, i: int) -> int | None:
        """A named national body after the state hit ``i`` ("United States Commission on
        International Religious Freedom (USCIRF)"); returns the next hit index."""
        hit, text = self.hits[i], self.text
        entry = hit.entries[0]
        if entry.via not in ("name", "demonym"):  # "Washington Bureau" is no national body
            return None
        m = self.national.match(text, hit.end)
        if m is None or (entry.via == "demonym" and text[hit.end:hit.end + 1] in "'’"):
            return None
        stop = self.names.stop
        if any(word in stop for word in m.group("pre").split()):
            return None
        tail = m.group("tail")
        # a trailing "and <Capitalised>" is more likely a new clause than part of the name
        tail = re.sub(r"(?:\s+(?:and|the|of|on|for))+\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*$", "", tail) \
            if re.search(r"\s(?:and)\s+[A-Z]", tail) else tail
        while True:  # drop weekdays/months and other stop words closing the tail
            last = re.search(r"(\s+(?:of|on|for|and|the))?\s+([A-Z][\w’'-]*)$", tail)
            if last is None or last.group(1) or last.group(2) not in stop:
                break
            tail = tail[:last.start()]
        tail = re.sub(r"\s+on\s+[A-Z][\w’'-]*$", lambda x: "" if x.group().split()[-1] in stop else x.group(), tail)
        tail = re.sub(r"(?:\s+(?:of|on|for|and|the))+$", "", tail)
        name_start = m.start("pre")
        name_end = m.end("head") + len(tail)
        written = " ".join(text[name_start:name_end].split())
        code = entry.value
        if entry.via == "name" and not text[hit.end:name_start].strip().startswith(("'", "’")):
            start, label = hit.start, f"{self.state_name.get(code, code)} {written}"
        else:
            start, label = hit.start, written
        last = self._last_hit_before(name_end)
        known = [self.hits[k] for k in range(i + 1, last + 1) if self.hits[k].first(ORG) is not None]
        if len(known) == 1 and known[0].start == name_start and known[0].end == name_end:
            org_entry = known[0].first(ORG)
            assert org_entry is not None
            if org_entry.country in (None, code):
                label = org_entry.value
        actor = self.org(label, code)
        after = self.hit_after(name_end, self.names.prefix_gap, TITLE)
        if after is not None and m.group("abbr") is None:
            return self.person(after[0], start, code, state_hit=hit)
        self.emit(start, name_end, actor, "name")
        short = m.group("short")
        if short and short not in self.abbreviations and len(short) >= 2:
            self.abbreviations[short] = actor
            self.emit(m.start("short"), m.end("short"), actor, "name")
            name_end = m.end("short")
        return max(last, self._last_hit_before(name_end)) + 1

    def step(self, i: int) -> int:
        hit = self.hits[i]
        entry = hit.entries[0]
        if entry.kind == STATE or entry.kind == ORG:
            country = entry.value if entry.kind == STATE else entry.country
            j = self.next_hit(i, self.names.prefix_gap, TITLE, BODY)
            if j is not None and self.hits[j].first(BODY) and entry.kind == STATE:
                k = self.next_hit(j, self.names.prefix_gap, TITLE)
                if k is not None:
                    return self.person(k, hit.start, country, state_hit=hit)
                self.emit(hit.start, self.hits[j].end, self.body_actor(self.hits[j], entry.value), "name")
                return j + 1
            if j is not None and self.hits[j].first(TITLE):
                return self.person(j, hit.start, country, state_hit=hit if entry.kind == STATE else None)
            if j is None and entry.kind == STATE:
                nxt = self.national_body(i)
                if nxt is not None:
                    return nxt
            if j is None and entry.kind == STATE:
                # "Israeli U.N. Spokesman Eyal Arad", "U.S. Federal Reserve chairman Paul Volcker":
                # the person represents the state named first, at the organisation named next
                j = self.next_hit(i, self.names.prefix_gap, ORG)
                k = self.next_hit(j, self.names.prefix_gap, TITLE) if j is not None else None
                if j is not None and k is not None:
                    org = self.hits[j]
                    return self.person(k, hit.start, country, state_hit=hit,
                                       title_prefix=" ".join(text_of(self.text, org).split()))
            if entry.kind == STATE:
                self.emit(hit.start, hit.end, self.state(entry.value), entry.via)
            else:
                self.emit(hit.start, hit.end, self.org(entry.value, entry.country), "name")
            return i + 1
        if entry.kind == BODY:
            of = self.hit_after(hit.end, _OF, STATE)
            if of is not None:
                j, state_hit = of
                code = state_hit.first(STATE).value  # type: ignore[union-attr]
                k = self.next_hit(j, self.names.prefix_gap, TITLE)
                if k is not None:
                    return self.person(k, hit.start, code, state_hit=None)
                self.emit(hit.start, state_hit.end, self.body_actor(hit, code), "name")
                return j + 1
            k = self.next_hit(i, self.names.prefix_gap, TITLE)
            if k is not None:
                return self.person(k, hit.start, None, state_hit=None, body=hit)
            self.out.append(Pending("body", hit.start, hit.end, self.text[hit.start:hit.end], hit.first(BODY).value))  # type: ignore[union-attr]
            return i + 1
        if entry.kind == TITLE:
            return self.person(i, None, None, state_hit=None)
        return i + 1  # places are for find_places

    def person(self, i: int, prefix_start: int | None, country: str | None, *, state_hit: Hit | None,
               body: Hit | None = None, title_prefix: str | None = None) -> int:
        """Assemble a person around the title at hit ``i``; returns the next hit index."""
        text, hit = self.text, self.hits[i]
        prev_end = self.hits[i - 1].end if prefix_start is not None and i > 0 else self.last_end
        title_start = self.modifiers(hit.start, prev_end)
        if country is None and prefix_start is None and self.owner is not None \
                and not text[self.owner[0]:title_start].strip():
            country = self.owner[1]
        titles = [self.title_text(title_start, hit)]
        if title_prefix:
            titles[0] = f"{title_prefix} {titles[0]}"
        elif prefix_start is None and self.names.company_before.search(text, max(0, title_start - 16), title_start):
            titles[0] = f"Company {titles[0]}"  # "USX Corp chairman X": a company office
        all_caps_title = text[hit.start:hit.end].isupper() and hit.end - hit.start > 3
        end, last = hit.end, i
        while True:
            nxt = self.hit_after(end, _AND, TITLE)
            if nxt is None:
                break
            j, t = nxt
            and_end = _AND.match(text, end).end()  # type: ignore[union-attr]
            titles.append(self.title_text(self.modifiers(t.start, and_end), t))
            end, last = t.end, j
        of = self.hit_after(end, _OF, STATE, ORG)
        if of is not None and country is None:
            j, h = of
            e = h.entries[0]
            country = e.value if e.kind == STATE else e.country
            end, last = h.end, j
            body_after = self.next_hit(j, self.names.prefix_gap, BODY) if e.kind == STATE else None
            if body_after is not None:  # "director-general of the Israeli Foreign Ministry"
                end, last = self.hits[body_after].end, body_after
        title = " and ".join(titles)
        start = prefix_start if prefix_start is not None else title_start
        open_of = text[end - 2:end].lower() == "of"  # "head of": a complement comes first
        rank = self.hit_after(end, _WS, TITLE) if not (all_caps_title or open_of) else None
        if rank is not None and self.parse_name(rank[1].end) is not None:
            # "Kuwait oil minister Sheikh Ali ...", "Defence Minister General X": the office is
            # the title; the rank or honorific between it and the name is neither
            end, last = rank[1].end, rank[0]
        name = None if all_caps_title or open_of else self.parse_name(end)
        given = _PAREN_GIVEN.match(text, end) if name is None and not (all_caps_title or open_of) else None
        if given is not None:
            rest = self.parse_name(given.end())
            if rest is not None:
                name = (given.start(1) - 1, rest[1], given.group(1).split() + rest[2])
        if name is None and not all_caps_title:
            pattern = _COMPLEMENT_BARE if open_of else _COMPLEMENT
            complement = pattern.match(text, end)
            candidate = self.parse_name(complement.end()) if complement else None
            if complement and candidate is None:
                # "the spokesperson for Pakistan's foreign ministry, Ambassador X": a rank first
                rank = self.hit_after(complement.end(), _WS, TITLE)
                candidate = self.parse_name(rank[1].end) if rank is not None else None
            if complement and candidate and text[candidate[1]:candidate[1] + 1] in (",", ".", ";", ")"):
                name = candidate
                if country is None:
                    country = self.country_within(end, complement.end())
        comma = re.match(r"\s*,\s*", text[end:end + 4]) if name is None else None
        if comma and not all_caps_title:
            name = self.parse_name(end + comma.end())
            if name and text[name[1]:name[1] + 1] not in (",", ".", ")", ";"):
                name = None
        if name is not None:
            n_start, n_end, tokens = name
            if n_start in self.hit_at or len(tokens) > 4:
                name = None
        if name is not None:
            n_start, n_end, tokens = name
            end = n_end
            last = max(last, self._last_hit_before(end))
            after = self.hit_after(end, _OF, STATE)
            if after is not None and country is None:
                j, h = after
                country = h.first(STATE).value  # type: ignore[union-attr]
                end, last = h.end, j
            actor = Actor(kind="person", name=normalise_person_name(tokens), title=title, country=country)
            self.emit(start, end, actor, "person")
            owner = _POSSESSIVE_AFTER.match(text, n_end)
            if owner and country is not None:  # "President X’s special envoy, Y": Y serves X's state
                self.owner = (owner.end(), country)
            return last + 1
        # apposition: "Dilson Funaro, Brazil's finance minister" / "Mr. X, the finance minister"
        lead = _APPOSITION.search(text, max(0, start - 24), start)
        if lead is not None and country is not None and self._give_country(start - len(lead.group()), country):
            self.last_end = end  # "Lieutenant General X, director general of the Pakistani military"
            return last + 1
        if lead is not None:
            before = self.name_before(start - len(lead.group()))
            if before is not None:
                b_start, _, tokens = before
                if country is None and open_of:  # "X, head of Iran's Quds Force"
                    stop_at = re.search(r"[,.;:()\"“”]|\n[ \t]*\n", text[end:end + 90])
                    country = self.country_within(end, end + (stop_at.start() if stop_at else 90))
                actor = Actor(kind="person", name=normalise_person_name(tokens), title=title, country=country)
                self.emit(b_start, len(text[:text.rindex("of", 0, end)].rstrip()) if open_of else end, actor, "person")
                self.last_end = end
                return last + 1
        paren = _PAREN.match(text, end)
        paren_name = None
        if paren:
            inner = self.parse_name(paren.end())
            if inner and text[inner[1]:inner[1] + 1] == ")":
                paren_name = normalise_person_name(inner[2])
                end = inner[1] + 1
        definite = bool(re.search(r"\b(?:the|The)\s+$", text[max(0, start - 4):start]))
        fallback: ActorMention | None = None
        if state_hit is not None:
            e = state_hit.entries[0]
            fallback = ActorMention(state_hit.start, state_hit.end, text[state_hit.start:state_hit.end],
                                    self.state(e.value), e.via)
        elif body is not None and country is not None:
            fallback = ActorMention(body.start, body.end, text[body.start:body.end], self.body_actor(body, country), "name")
        if definite or paren_name or fallback or prefix_start is not None:
            self.out.append(Pending("title", start, end, text[start:end], title, country=country,
                                    name=paren_name, fallback=fallback))
            self.last_end = end
        return last + 1

    def _give_country(self, end: int, country: str) -> bool:
        """An apposition that names a state for the person just named ("General X, head
        of the Pakistani military's media wing"): that person gets the state, once."""
        last = self.out[-1] if self.out else None
        if not isinstance(last, ActorMention) or last.end != end or last.actor.kind != "person" or last.actor.country:
            return False
        self.out[-1] = ActorMention(last.start, last.end, last.text, last.actor.model_copy(update={"country": country}), last.via)
        return True

    def country_within(self, start: int, end: int) -> str | None:
        """The first state named in ``text[start:end]``: a state, a national organisation,
        or an abbreviation the article defined."""
        for k in range(bisect_left(self.starts, start), len(self.hits)):
            h = self.hits[k]
            if h.start >= end:
                break
            e = h.first(STATE, ORG)
            if e is not None and (e.kind == STATE or e.country):
                return e.value if e.kind == STATE else e.country
        if self.abbreviations:
            for word in _WORD.findall(self.text, start, end):
                actor = self.abbreviations.get(_POSSESSIVE.sub("", word))
                if actor is not None and actor.country:
                    return actor.country
        return None

    def _last_hit_before(self, pos: int) -> int:
        return bisect_left(self.starts, pos) - 1


def parse_actor_items(text: str, rules: Rules) -> list[ActorMention | Pending]:
    """The parser's raw output for a short text (a headline): mentions and unresolved titles."""
    return _Parser(text, scan(text, rules), rules).run(untitled=False)


def find_actors(text: str, sentences: list[Sentence], rules: Rules | None = None) -> list[ActorMention]:
    """Every actor mention in ``text``, sorted by start and non-overlapping.

    States (by name, demonym or capital), organisations, people with titles, and later
    references to people (surname, title, pronoun) resolved inside the article.
    ``sentences`` are the article's sentences (from :func:`split_sentences`); pronoun
    resolution works sentence by sentence.
    """
    rules = rules or load_rules()
    items = _Parser(text, scan(text, rules), rules).run()
    return resolve(text, sentences, items, rules)
