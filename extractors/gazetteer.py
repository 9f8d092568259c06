"""One-pass gazetteer: states, organisations, national bodies, titles and places.

Every name the rule files list (``countries.toml``, ``organizations.toml``,
``titles.toml``, ``places.toml``, plus every current state's names from pycountry) goes
into one Aho-Corasick automaton, keyed in lower case and built once per process via
``rules.compiled``. :func:`scan` runs it once over the lower-cased text, keeps hits on
word boundaries whose case fits the entry (names are case-sensitive, lower-case title
and body forms are not), and resolves overlaps so that the longest match wins.
Offsets always index the text as given.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ahocorasick
import pycountry

from dipevents.schema.countries import country_names, is_country_code

from .rulefiles import Rules, load_rules

# Kinds of entry, in order of preference when several share one span (a block only
# suppresses a span no other entry claims).
BLOCK, ORG, STATE, BODY, TITLE, PLACE = "block", "org", "state", "body", "title", "place"
_PRIORITY = {ORG: 0, STATE: 1, BODY: 2, TITLE: 3, PLACE: 4, BLOCK: 5}
_MAX_KNOWN_TITLES = 50_000
_SMALL_WORDS = frozenset({"of", "for", "the", "and", "to", "on", "in", "at", "d'affaires"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry: a surface form and what it stands for.

    ``kind`` is one of state/org/body/title/place/block. ``value`` is the alpha-3 code
    (state, place), the organisation or body name, or the normalised title. ``via`` is
    how a state is named (name/demonym/capital). ``country`` is an organisation's or a
    place's state. ``exact`` entries must match the text's case (or be all capitals);
    ``flag`` carries ``state = true`` for bodies, ``out`` scope for titles and
    ``abbrev`` for title abbreviations.
    """

    kind: str
    surface: str
    value: str
    via: str = "name"
    country: str | None = None
    exact: bool = True
    flag: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer match at ``[start, end)`` with every entry sharing that surface."""

    start: int
    end: int
    entries: tuple[Entry, ...]

    def first(self, *kinds: str) -> Entry | None:
        """The preferred entry of one of ``kinds`` (all kinds when none given)."""
        for entry in self.entries:
            if not kinds or entry.kind in kinds:
                return entry
        return None

    @property
    def kind(self) -> str:
        return self.entries[0].kind


def title_case(text: str) -> str:
    """Title Case a title as found ("deputy prime minister" -> "Deputy Prime Minister")."""
    words = text.split()
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if i and low in _SMALL_WORDS:
            out.append(low)
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in word.split("-")))
    return " ".join(out)


def _strings(rules: Rules, file: str, value: Any, needle: str, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise rules.error(file, needle, f"{field} must be a list of non-empty strings")
    return value


def _check_code(rules: Rules, file: str, code: Any, needle: str) -> str:
    if not isinstance(code, str) or not is_country_code(code):
        raise rules.error(file, needle, f"unknown ISO 3166 alpha-3 code {code!r}")
    return code


def state_names(rules: Rules) -> dict[str, str]:
    """Readable name per alpha-3 code: countries.toml's ``name``, else pycountry's common name."""
    return rules.compiled("gazetteer.state_names", _build_state_names)


def _build_state_names(rules: Rules) -> dict[str, str]:
    names = dict(country_names())
    for code, spec in rules.table("countries").items():
        if code in ("skip", "block"):
            continue
        _check_code(rules, "countries", code, f"[{code}]")
        if not isinstance(spec, dict):
            raise rules.error("countries", f"[{code}]", "a state entry must be a table")
        if "name" in spec:
            if not isinstance(spec["name"], str) or not spec["name"].strip():
                raise rules.error("countries", f"[{code}]", "name must be a non-empty string")
            names[code] = spec["name"]
    return names


def _country_entries(rules: Rules) -> list[Entry]:
    table = rules.table("countries")
    skip = set(_strings(rules, "countries", table.get("skip", {}).get("names"), "[skip]", "skip.names"))
    entries: list[Entry] = []
    for phrase in _strings(rules, "countries", table.get("block", {}).get("phrases"), "[block]", "block.phrases"):
        entries.append(Entry(BLOCK, phrase, phrase))
    state_names(rules)  # validates codes and names
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            surface = getattr(country, attr, None)
            if surface and surface not in skip and not any(c in surface for c in ",()"):
                entries.append(Entry(STATE, surface, country.alpha_3, "name"))
    known = {"name", "aliases", "demonyms", "capitals", "historic"}
    for code, spec in table.items():
        if code in ("skip", "block"):
            continue
        unknown = set(spec) - known
        if unknown:
            raise rules.error("countries", f"[{code}]", f"unknown field(s) {sorted(unknown)} for {code}")
        for alias in _strings(rules, "countries", spec.get("aliases"), f"[{code}]", f"{code}.aliases"):
            entries.append(Entry(STATE, alias, code, "name"))
        if spec.get("historic") and spec.get("name"):
            entries.append(Entry(STATE, spec["name"], code, "name"))
        for demonym in _strings(rules, "countries", spec.get("demonyms"), f"[{code}]", f"{code}.demonyms"):
            entries.append(Entry(STATE, demonym, code, "demonym"))
            if demonym[-1] in "ni":
                entries.append(Entry(STATE, demonym + "s", code, "demonym"))
        for capital in _strings(rules, "countries", spec.get("capitals"), f"[{code}]", f"{code}.capitals"):
            entries.append(Entry(STATE, capital, code, "capital"))
    return entries


def _org_entries(rules: Rules) -> list[Entry]:
    table = rules.table("organizations")
    entries: list[Entry] = []
    for org in table.get("org", []):
        name = org.get("name")
        if not isinstance(name, str) or not name.strip():
            raise rules.error("organizations", str(org.get("aliases", ["[[org]]"])[0]), "an [[org]] needs a name")
        country = org.get("country")
        if country is not None:
            _check_code(rules, "organizations", country, f'"{country}"')
        for alias in _strings(rules, "organizations", org.get("aliases"), f'"{name}"', f"{name}.aliases"):
            entries.append(Entry(ORG, alias, name, country=country, exact=alias != alias.lower()))
    for body in table.get("body", []):
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise rules.error("organizations", "[[body]]", "a [[body]] needs a name")
        flag = "state" if body.get("state") else ""
        for alias in _strings(rules, "organizations", body.get("aliases"), f'"{name}"', f"{name}.aliases"):
            entries.append(Entry(BODY, alias, name, exact=alias != alias.lower(), flag=flag))
    return entries


def _title_entries(rules: Rules) -> list[Entry]:
    table = rules.table("titles")
    domains = _strings(rules, "titles", table.get("domains"), "domains", "domains")
    entries: list[Entry] = []
    for spec in table.get("title", []):
        name = spec.get("name")
        if not isinstance(name, str) or not name.strip():
            raise rules.error("titles", "[[title]]", "a [[title]] needs a name")
        scope = spec.get("scope", "in")
        if scope not in ("in", "out"):
            raise rules.error("titles", f'"{name}"', f"scope must be 'in' or 'out', not {scope!r}")
        flag = "out" if scope == "out" else ""
        for form in _strings(rules, "titles", spec.get("forms"), f'"{name}"', f"{name}.forms"):
            if form != form.lower():  # abbreviation: exact case, normalised to the title's name
                entries.append(Entry(TITLE, form, name, exact=True, flag=flag + " abbrev"))
                continue
            entries.append(Entry(TITLE, form, name, exact=False, flag=flag))
            if spec.get("domains"):
                for domain in domains:
                    for combined in (f"{domain} {form}", f"{form} of {domain}", f"{form} for {domain}"):
                        entries.append(Entry(TITLE, combined, name, exact=False, flag=flag))
    return entries


def _place_entries(rules: Rules) -> list[Entry]:
    places = rules.table("places").get("places", {})
    if not isinstance(places, dict):
        raise rules.error("places", "[places]", "[places] must be a table of name = code")
    return [
        Entry(PLACE, name, _check_code(rules, "places", code, f'"{name}"'), country=code)
        for name, code in places.items()
    ]


def _build(rules: Rules) -> ahocorasick.Automaton:
    by_key: dict[str, list[Entry]] = {}
    for entry in _country_entries(rules) + _org_entries(rules) + _title_entries(rules) + _place_entries(rules):
        key = entry.surface.lower()
        if len(key) != len(entry.surface):  # lower-casing changed the length: offsets would drift
            continue
        bucket = by_key.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
    automaton = ahocorasick.Automaton()
    for key, bucket in by_key.items():
        bucket.sort(key=lambda e: _PRIORITY[e.kind])
        automaton.add_word(key, (len(key), tuple(bucket)))
    automaton.make_automaton()
    return automaton


def automaton(rules: Rules | None = None) -> ahocorasick.Automaton:
    """The process-wide automaton of ``rules`` (built on first use)."""
    return (rules or load_rules()).compiled("gazetteer.automaton", _build)


def _lower(text: str) -> str:
    """Lower case of the same length, with one line break read as a space.

    Wire copy wraps lines anywhere ("Economic\nPlanning Minister"); a key never holds
    two spaces, so a paragraph break (blank line or indented line) still separates.
    """
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    return low.replace("\n", " ")


def _case_ok(entry: Entry, found: str) -> bool:
    if not entry.exact or found == entry.surface:
        return True
    return len(entry.surface) >= 4 and found.isupper() and found == entry.surface.upper()


_recent_scans: list[tuple[str, object, list[Hit]]] = []  # the texts last scanned, with their rules and hits
_RECENT = 4


def scan(text: str, rules: Rules | None = None) -> list[Hit]:
    """All gazetteer hits in ``text``, sorted by start, non-overlapping, longest first.

    A hit needs word boundaries on both sides (a letter or digit may not touch it) and
    at least one entry whose case fits; a ``block`` hit suppresses what it covers and is
    dropped from the result. The hits of the last few texts are kept: actors and places
    both scan the whole article (and the dateline's place in between).
    """
    rules = rules or load_rules()
    for seen, seen_rules, hits in _recent_scans:
        if seen is text and seen_rules is rules:
            return list(hits)
    hits = _scan(text, rules)
    _recent_scans.insert(0, (text, rules, hits))
    del _recent_scans[_RECENT:]
    return list(hits)


def _scan(text: str, rules: Rules) -> list[Hit]:
    low = _lower(text)
    n = len(text)
    candidates: list[tuple[int, int, tuple[Entry, ...]]] = []
    for last, (length, bucket) in automaton(rules).iter(low):
        start, end = last - length + 1, last + 1
        if start > 0 and low[start - 1].isalnum():
            continue
        if end < n and low[end].isalnum() and low[end - 1].isalnum():
            continue
        found = text[start:end].replace("\n", " ")
        fitting = tuple(e for e in bucket if _case_ok(e, found))
        if fitting:
            candidates.append((start, end, fitting))
    candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
    hits: list[Hit] = []
    cursor = 0
    for start, end, entries in candidates:
        if start < cursor:
            continue
        cursor = end
        if entries[0].kind != BLOCK:
            hits.append(Hit(start, end, entries))
    return hits


def _out_prefixes(rules: Rules) -> frozenset[str]:
    def build(r: Rules) -> frozenset[str]:
        words = _strings(r, "titles", r.table("titles").get("out_prefixes"), "out_prefixes", "out_prefixes")
        return frozenset(w.lower().rstrip("-") for w in words)
    return rules.compiled("gazetteer.out_prefixes", build)


def title_in_scope(title: str, rules: Rules | None = None) -> bool:
    """False when ``title`` is one the coding guide leaves out (mayor, governor, police,
    prosecutor, judge, company executive, expert): ``scope = "out"`` in titles.toml, or a
    title starting with an ``out_prefixes`` word ("Former Prime Minister", "Ex-President",
    "Company Chairman").

    The last title named in ``title`` decides ("Deputy Chief Minister" is out, "Central
    Bank Governor" is in); a title the rules do not know counts as in scope.
    """
    rules = rules or load_rules()
    known = rules.compiled("gazetteer.title_in_scope", lambda r: {})  # title -> answer, per process
    answer = known.get(title)
    if answer is None:
        if len(known) >= _MAX_KNOWN_TITLES:
            known.clear()
        answer = known[title] = _title_in_scope(title, rules)
    return answer


def _title_in_scope(title: str, rules: Rules) -> bool:
    first = title.split()[0].lower() if title.split() else ""
    if first.split("-")[0] in _out_prefixes(rules) or first in _out_prefixes(rules):
        return False
    titles = [h for h in scan(title, rules) if h.first(TITLE) is not None]
    if not titles:
        return True
    entry = titles[-1].first(TITLE)
    assert entry is not None
    return "out" not in entry.flag.split()
