"""Meeting and signing rules (guide "meeting", "signing").

A trigger ("met with", "held talks", "visit to", "signed ... agreement") with actors of two
states or an organisation on its two sides is an event; its modality decides between
planned, occurred and not coded (negated, cancelled, hypothetical).
"""
from __future__ import annotations

import re

from dipevents.schema import Actor, is_country_code

from .clauses import modality
from .context import ArticleContext
from .dating import from_expression, nearest_time
from .drafts import Draft
from .lexicon import PhraseMatcher, compile_words, matcher, word_list
from .quotes import inside, quoted_regions
from .gazetteer import state_names
from .spans import ActorMention, Sentence, TimeExpr

_OBJECT_END = re.compile(
    r"[;:]|,\s*(?:which|who|where|when|after|before|but|and\s+(?:said|agreed|discussed))\b"
    r"|\s(?:to\s+(?!the\b|a\b|an\b)[a-z]+|about|regarding|"
    r"concerning|aimed|on\s+(?:ways|how|the\s+(?:issue|question|situation|crisis|war|conflict))|over\s+(?:the|a|an|its|their)|"
    r"and\s+(?:agreed|said|discussed|signed)|after|before|during|amid|because|where|which)\b"
)
_PLURAL_SUBJECT = re.compile(
    r"(?:\b(?:the|both|two|all)\s+(?:two\s+|three\s+|four\s+|foreign\s+|defen[cs]e\s+|finance\s+|trade\s+|prime\s+)*"
    r"(?:ministers|leaders|sides|presidents|countries|nations|governments|delegations|officials|heads\s+of\s+state|parties)"
    r"|\bthey)\s*(?:have\s+|also\s+|then\s+|later\s+|had\s+)*$",
    re.IGNORECASE,
)
_LOCATIVE = re.compile(r"\b(?:in|at|to|from|near|outside|inside)\s+(?:central\s+|downtown\s+|the\s+)?$", re.IGNORECASE)
_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|newly|recently|already|previously|jointly|its|their|his|her|our|un)\s*$", re.IGNORECASE)
_INSTRUMENT_TOPIC = re.compile(
    r"\s+(?:on|for|of|to\s+(?:boost|expand|strengthen|end|settle|reduce|avoid))\s+"
    r"(?:(?!(?:with|between|in|at|by|during|after|before|that|which|opening|and)\b)[\w'’-]+\s*){1,6}(?=[,.;:]|$|\s(?:with|between|in|at|by|during|after|before|that|which|opening|and)\b)"
)
_QUOTED_TITLE = re.compile(r"[\"“]([^\"“”]{5,300})[\"”]")
_CAPITALISED_TITLE = re.compile(
    r"\b((?:[A-Z][\w'’-]*\s+){0,8}?(?:Agreement|Memorandum|Treaty|Accord|Convention|Protocol|Declaration|Pact|Charter|Communiqu[eé])"
    r"(?:\s+(?:on|of|for|between|concerning|regarding)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s*){1,8})?)"
)


def _triggers(ctx: ArticleContext) -> tuple[PhraseMatcher, dict[str, str]]:
    def build(rules):
        table = rules.table("events").get("meeting", {}).get("triggers", {})
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise rules.error("events", "[meeting.triggers]", "meeting.triggers must map trigger words to a mode")
        modes = {k.casefold(): v for k, v in table.items()}
        bad = [k for k, v in modes.items() if v not in {"in_person", "visit", "call", "multilateral"}]
        if bad:
            raise rules.error("events", f'"{bad[0]}"', f"unknown meeting mode for trigger {bad[0]!r}")
        return compile_words(modes), modes

    return ctx.rules.compiled("meetings:triggers", build)


def _possessive(ctx: ArticleContext, mention: ActorMention) -> bool:
    after = ctx.text[mention.end : mention.end + 3]
    return mention.text.endswith(("'s", "’s")) or after.startswith(("'s", "’s"))


_INSERTION_TAIL = re.compile(r",\s*(?:as|like|who|which|a|an|the|also|then|now|once|formerly)\b[^,]*$", re.IGNORECASE)
_TOWN_BEFORE = re.compile(r"\b(?:in|at)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}),\s+$")
_TOPIC_BEFORE = re.compile(r"\b(?:on|about|over|regarding|concerning)\s+(?:the\s+)?$", re.IGNORECASE)  # "talks on Ukraine"
_GERUND_LEAD = re.compile(r"\b(?:after|before|while|following|since)\s+$", re.IGNORECASE)
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})  # "and his Greek counterpart": a determiner
_AND_LINK = re.compile(r"\s*,?\s*(?:and|&)\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?", re.IGNORECASE)
_COMMA_LINK = re.compile(r"\s*,\s*(?:the\s+)?")


def _subject_group(ctx: ArticleContext, mentions: list[ActorMention]) -> list[ActorMention]:
    """The subject: the last actor before the trigger and those coordinated with it.

    "Fiji, Samoa and Tonga met" keeps all three; "China and Israel, which ..., met" keeps
    both; "In a move that wrong-footed Ankara, Cairo signed" keeps Cairo only, because a
    comma alone, with no "and" in the list, does not coordinate.
    """
    if not mentions:
        return mentions
    while len(mentions) > 1 and _INSERTION_TAIL.search(ctx.text, mentions[-2].end, mentions[-1].start) \
            and "," in ctx.text[mentions[-1].end : mentions[-1].end + 80]:
        # "Ishiba, as a member of the LDP, visited": the actor inside the insertion is not the subject
        mentions = mentions[:-1]
    group, links = [mentions[-1]], []
    for m in reversed(mentions[:-1]):
        gap = re.sub(r"^['’]s", "", ctx.text[m.end : group[0].start])
        if _AND_LINK.fullmatch(gap):
            links.insert(0, "and")
        elif _COMMA_LINK.fullmatch(gap):
            links.insert(0, "comma")
        elif _enclosed_gap(gap):
            links.insert(0, "enclosed")
        else:
            break
        group.insert(0, m)
    if "and" not in links and "comma" in links:
        last_comma = len(links) - 1 - links[::-1].index("comma")
        group = group[last_comma + 1 :]
    return group


def _enclosed_gap(gap: str) -> bool:
    return re.fullmatch(r"\s*,[^,;]{1,100},\s*", gap) is not None


def _first_coordinated(ctx: ArticleContext, objects: list[ActorMention]) -> list[ActorMention]:
    """The first object and those joined to it by "and" ("visit India and the Philippines")."""
    kept = objects[:1]
    for m in objects[1:]:
        if not re.fullmatch(r"\s*(?:,\s*)?(?:and|&)\s+(?:the\s+)?", ctx.text[kept[-1].end : m.start], re.IGNORECASE):
            break
        kept.append(m)
    return kept


def _in_place_comma(ctx: ArticleContext, mention: ActorMention) -> bool:
    """True for the state in "in Jeddah, Saudi Arabia": it says where the city is."""
    window = max(0, mention.start - 4)
    comma = re.search(r",\s*$", ctx.text[window : mention.start])
    if comma is None:
        return False
    before = window + comma.start()
    spots = [p for p in ctx.places_in(max(0, before - 40), before) if p.end == before]
    spots += [m for m in ctx.actors_in(max(0, before - 40), before) if m.via == "capital" and m.end == before]
    return any(_LOCATIVE.search(ctx.text, max(0, s.start - 14), s.start) for s in spots)


def _participants(ctx: ArticleContext, sentence: Sentence, start: int, end: int,
                  before_trigger: int | None = None) -> list[ActorMention]:
    mentions = [m for m in ctx.actors_in(start, end) if (m.via != "title" or m.actor.kind == "person")
                and not (m.via == "pronoun" and m.text.casefold() in _POSSESSIVE_PRONOUNS)
                and not _TOPIC_BEFORE.search(ctx.text, max(start, m.start - 14), m.start)]
    if before_trigger is not None:
        # "the Paris talks", "the 1986 Tokyo Summit": a capital naming the occasion is its place
        mentions = [m for m in mentions if not (m.via == "capital" and re.fullmatch(
            r"[\s\d-]*(?:economic\s+|peace\s+)?", ctx.text[m.end : before_trigger], re.IGNORECASE))]
    people_countries = {m.actor.country for m in mentions if m.actor.kind == "person"}
    kept = []
    for m in mentions:
        if m.via == "capital" and _LOCATIVE.search(ctx.text, max(0, m.start - 14), m.start):
            continue  # "in central Tokyo": a place, not the government
        if m.actor.kind == "state" and _in_place_comma(ctx, m):
            continue  # "talks in Jeddah, Saudi Arabia": the country of the venue, not a party
        if m.actor.kind == "state" and _possessive(ctx, m) and len(mentions) > 1:
            continue  # "Israel's Deputy Prime Minister", "Japan's common ally": a modifier, not a party
        if m.actor.kind == "state" and m.via in ("demonym",) and m.actor.country in people_countries:
            continue
        kept.append(m)
    return kept


def _object_region(ctx: ArticleContext, sentence: Sentence, trigger_end: int) -> tuple[int, int]:
    match = _OBJECT_END.search(ctx.text, trigger_end, sentence.end)
    return trigger_end, match.start() if match else sentence.end


def _subject_region(ctx: ArticleContext, sentence: Sentence, trigger_start: int) -> tuple[int, int]:
    text = ctx.text
    cut = sentence.start
    lead = text[sentence.start : trigger_start]
    for match in re.finditer(r"[;:]|\b(?:which|who|after|while|but|because|when)\b", lead):
        if match.group() in (";", ":") or "," not in lead[match.end() :]:
            cut = sentence.start + match.end()  # a relative clause closed by a comma does not cut
    return cut, trigger_start


def _international(actors: list[Actor]) -> bool:
    """Guide: actors of two different states, or an international organisation (whose
    meeting, "the next OPEC meeting", brings its members together)."""
    states = {a.country for a in actors if a.country}
    return len(states) >= 2 or any(a.kind == "organization" and a.country is None for a in actors)


_LEADERS = re.compile(r"\b(?:leaders?|heads\s+of\s+(?:state|government)|presidents?|prime\s+ministers?|"
                      r"ministers|their|two\s+leaders|bilateral|between)\b", re.IGNORECASE)
_AT_PLACE = re.compile(r"\b(?:in|at)\s+(?:central\s+|the\s+)?$", re.IGNORECASE)  # "in Venice", "at the UN"
_CLAUSE_STOP = re.compile(r"[,;:()]")
_BETWEEN = re.compile(r"\s+between\s+")
_SUMMIT_NAME = re.compile(r"(?:(?:19|20)\d\d\s+)?((?:[A-Z][\w'’.-]*\s+){1,3})$")


def _named_summit(ctx: ArticleContext, index: int, sentence: Sentence, t_start: int, t_end: int) -> Draft | None:
    """ "the 1986 Tokyo Summit", "the Venice Economic Summit in June": a summit named after
    its city is an international meeting even where the text lists none of its parties.
    It is coded with the organisations the sentence names, if any, and its place."""
    if ctx.text[t_start:t_end].casefold() != "summit":
        return None  # a conference or meeting in a city may be anyone's: only summits are diplomatic
    lead = _SUMMIT_NAME.search(ctx.text, max(sentence.start, t_start - 60), t_start)
    if lead is not None and ctx.text[t_start:t_end][:1].isupper():
        places = [(p.start, p.text, p.country) for p in ctx.places_in(lead.start(1), t_start)]
        places += [(m.start, m.text, m.actor.country) for m in ctx.actors_in(lead.start(1), t_start) if m.via == "capital"]
    else:  # "last week's summit of leaders of industrialised democracies in Venice"
        if not _LEADERS.search(ctx.text, max(sentence.start, t_start - 40), min(sentence.end, t_end + 60)):
            return None  # "bishops attended a summit in Rome": a summit of leaders is diplomatic
        stop = _CLAUSE_STOP.search(ctx.text, t_end, sentence.end)
        end = min(stop.start() if stop else sentence.end, t_end + 100)
        places = [(p.start, p.text, p.country) for p in ctx.places_in(t_end, end)]
        places += [(m.start, m.text, m.actor.country) for m in ctx.actors_in(t_end, end) if m.via == "capital"]
        places = [p for p in places if _AT_PLACE.search(ctx.text, t_end, p[0])]
    if not places:
        return None
    _, place, country = min(places, key=lambda p: p[0])
    draft = Draft("meeting", "meeting.named_summit", index, sentence.start, sentence.end,
                  t_start, [], mode="multilateral")
    for mention in ctx.actors_in(sentence.start, sentence.end):
        if mention.actor.kind == "organization" and mention.actor.country is None:
            draft.add_participant(mention.actor, "participant")
    between = _BETWEEN.search(ctx.text, t_end, min(sentence.end, t_end + 80))
    if between:  # "a summit in Ottawa next month between President Reagan and Prime Minister Mulroney"
        for mention in ctx.actors_in(between.end(), sentence.end):
            if mention.actor.kind in ("person", "state") and mention.via != "pronoun":
                draft.add_participant(mention.actor, "participant")
        if len(draft.principal_countries()) == 1:
            return None  # one state's people: not what the summit was
    draft.location, draft.location_country = " ".join(place.split()), country
    return draft


def place_in_sentence(ctx: ArticleContext, sentence: Sentence) -> tuple[str | None, str | None]:
    """The first city, venue or country the sentence puts the event "in" or "at"."""
    spots = [(p.start, p.end, p.text, p.country) for p in ctx.places_in(sentence.start, sentence.end)]
    spots += [(m.start, m.end, m.text, m.actor.country) for m in ctx.actors_in(sentence.start, sentence.end)
              if m.actor.kind == "state" and m.via in ("name", "capital") and not ctx.text.startswith(("'s", "’s"), m.end)]
    for start, end, text, country in sorted(spots):
        before = ctx.text[max(sentence.start, start - 40) : start]
        if _AT_PLACE.search(before):
            return re.sub(r"\s+", " ", text), country
        town = _TOWN_BEFORE.search(before)
        if town:  # "in Charlevoix, Quebec": a town we do not list, in a place we do
            return re.sub(r"\s+", " ", town.group(1) + ", " + text), country
    return None, None


def _last_meeting(drafts: list[Draft], before: int) -> Draft | None:
    for draft in sorted(drafts, key=lambda d: d.start, reverse=True):
        if draft.event_type == "meeting" and draft.status == "occurred" and draft.start < before:
            return draft
    return None


def _visited_places(ctx: ArticleContext, start: int, end: int, skip_trigger: bool = False) -> list[ActorMention]:
    """Capitals and cities right after "visit (to)": the state visited, as host."""
    names = state_names(ctx.rules)
    if skip_trigger:  # start is the trigger itself: step over its word(s)
        word = re.match(r"[\w-]+(?:\s+(?:to|in))?", ctx.text[start:end])
        start += word.end() if word else 0
    out = []
    for m in ctx.actors_in(start, end):
        if m.via == "capital" and re.fullmatch(r"\s*(?:to|in)?\s*(?:the\s+)?", ctx.text[start : m.start], re.IGNORECASE):
            out.append(m)
    if out:
        return out[:1]
    for place in ctx.places_in(start, end):
        if re.fullmatch(r"\s*(?:to|in)?\s*(?:the\s+)?", ctx.text[start : place.start], re.IGNORECASE):
            state = Actor(kind="state", name=names.get(place.country, place.country), country=place.country)
            return [ActorMention(place.start, place.end, place.text, state, "capital")]
    return []


def _visit_draft(ctx: ArticleContext, index: int, sentence: Sentence, anchor: int,
                 visitors: list[ActorMention], hosts: list[ActorMention]) -> Draft | None:
    draft = Draft("meeting", "meeting.visit", index, sentence.start, sentence.end, anchor, [], mode="visit")
    for m in visitors:
        draft.add_participant(m.actor, "visitor")
    for m in hosts:
        draft.add_participant(m.actor, "host")
    if not draft.actors("visitor") or not _international(draft.actors()):
        return None
    _finish(ctx, draft, sentence, anchor, "occurred")
    return draft


def memberships(rules) -> dict[str, list[str]]:
    """Member states of small, stable groupings (``memberships.toml``), codes checked."""
    def build(r) -> dict[str, list[str]]:
        table = r.table("memberships").get("members", {})
        for name, codes in table.items():
            if not isinstance(codes, list) or not all(isinstance(c, str) and is_country_code(c) for c in codes):
                raise r.error("memberships", f'"{name}"', f"members of {name!r} must be ISO 3166-1 alpha-3 codes")
        return table

    return rules.compiled("meetings:memberships", build)


def _add_members(ctx: ArticleContext, draft: Draft) -> None:
    """A meeting of the G7 (or another listed grouping) has its member states as parties."""
    table = memberships(ctx.rules)
    names = state_names(ctx.rules)
    for actor in draft.actors():
        for code in table.get(actor.name, []) if actor.kind == "organization" else []:
            draft.add_participant(Actor(kind="state", name=names.get(code, code), country=code), "participant")


_REPORTING = re.compile(r"\b(?:said|says|told|tells|announced|added|stated|believes|expects|hopes)\b", re.IGNORECASE)


def _time_after(ctx: ArticleContext, sentence: Sentence, anchor: int) -> TimeExpr | None:
    """The first time expression after the trigger in its clause ("after meeting X on
    Monday"), which dates the meeting rather than an earlier verb's "next week"."""
    stop = re.compile(r"[;:]|,\s*(?:and|but|while|which|who)\b").search(ctx.text, anchor, sentence.end)
    end = stop.start() if stop else sentence.end
    dateline = ctx.dateline
    for expr in ctx.times_in(anchor, end):
        if dateline and dateline.date_start is not None and expr.start == dateline.date_start:
            continue
        return expr
    return None


def _finish(ctx: ArticleContext, draft: Draft, sentence: Sentence, anchor: int, status: str) -> None:
    """Date, status, earlier-occasion flag and location of a meeting draft."""
    expr = _time_after(ctx, sentence, anchor) or nearest_time(ctx, sentence.start, sentence.end, anchor)
    if expr is not None and status == "planned" and expr.end <= anchor \
            and _REPORTING.search(ctx.text, expr.end, anchor):
        expr = None  # "On Friday, Rubio said the leaders will meet": Friday dates the saying
    if expr is not None:
        draft.date = from_expression(expr)
        if expr.tense == "future" or (ctx.base_date and expr.date > ctx.base_date):
            status = "planned"
    if status == "occurred" and modality(ctx, sentence.start, sentence.end) == "planned" and draft.mode == "visit":
        status = "planned"
    draft.status = status
    past = matcher(ctx.rules, "events", "modality", "past_of_occasion")
    draft.earlier_occasion = bool(past.search(ctx.text, max(sentence.start, anchor - 40), anchor))
    draft.location, draft.location_country = place_in_sentence(ctx, sentence)
    if draft.mode == "call":
        draft.location, draft.location_country = None, None  # a call happens in no one place
    if draft.mode == "visit" and draft.location is None:
        visited = _visited_places(ctx, anchor, sentence.end, skip_trigger=True)
        if visited:  # "a visit to Washington": the city, as written
            draft.location, draft.location_country = " ".join(visited[0].text.split()), visited[0].actor.country
    if draft.mode == "visit" and draft.location is None and draft.actors("host"):
        host = draft.actors("host")[-1]
        if host.kind == "state":
            draft.location, draft.location_country = host.name, host.country


def find_meetings(ctx: ArticleContext) -> list[Draft]:
    """Meeting drafts: one per sentence and trigger with international participants."""
    pattern, modes = _triggers(ctx)
    exclude = matcher(ctx.rules, "events", "meeting", "exclude", "phrases")
    occasion_verbs = matcher(ctx.rules, "events", "meeting", "occasion_verbs", "words")
    needs_with = frozenset(w.casefold() for w in word_list(ctx.rules, "events", "meeting", "object_needs_with", "words"))
    drafts: list[Draft] = []
    for index, sentence in enumerate(ctx.sentences):
        triggers = list(pattern.finditer(ctx.text, sentence.start, sentence.end))
        if not triggers:
            continue
        excluded = [(m.start(), m.end()) for m in exclude.finditer(ctx.text, sentence.start, sentence.end)]
        quoted = quoted_regions(ctx.text, sentence.start, sentence.end)
        for match in triggers:
            if any(a <= match.start() < b for a, b in excluded):
                continue
            t_start, t_end = match.start(), match.end()
            if inside(quoted, t_start):
                continue  # the quoted person's words, not the article's report
            mode = modes[re.sub(r"\s+", " ", match.group().casefold())]
            if mode == "multilateral" and not (occasion_verbs.search(ctx.text, sentence.start, sentence.end) or ctx.times_in(sentence.start, sentence.end)):
                continue  # "prospects for a peace conference": no occasion is reported
            status = modality(ctx, max(sentence.start, t_start - 40), min(sentence.end, t_end + 25), sentence.end)
            if status == "negated":
                continue
            s_start, s_end = _subject_region(ctx, sentence, t_start)
            o_start, o_end = _object_region(ctx, sentence, t_end)
            all_subjects = _participants(ctx, sentence, s_start, s_end, before_trigger=t_start)
            if not all_subjects and _GERUND_LEAD.search(ctx.text, max(sentence.start, t_start - 20), t_start):
                # "..., Suga said, after meeting with Biden": the main clause's subject met
                all_subjects = [m for m in _participants(ctx, sentence, sentence.start, t_start)
                                if m.actor.kind in ("person", "state")][:1]
            subjects = _subject_group(ctx, all_subjects)
            word = re.sub(r"\s+", " ", match.group().casefold())
            if word in needs_with and not re.match(r"\s*(?:with|between|among|of|involving)\b", ctx.text[t_end:o_end], re.IGNORECASE):
                objects = []  # "discussed China's role": the topic, not a party
            else:
                objects = _participants(ctx, sentence, o_start, o_end)
            hosting_word = word in ("received", "hosted", "hosts", "welcomed")
            visit_by = mode == "visit" and re.match(r"\s+by\s+", ctx.text[t_end:o_end]) is not None
            if visit_by:
                # "a visit by Starmer to the White House": the visitor follows "by", the host "to"
                to = re.search(r"\bto\s+(?:the\s+)?", ctx.text[t_end:o_end])
                by_end = t_end + (to.start() if to else o_end - t_end)
                subjects = _first_coordinated(ctx, _participants(ctx, sentence, t_end, by_end))
                objects = (_first_coordinated(ctx, _participants(ctx, sentence, t_end + to.start(), o_end))
                           or _visited_places(ctx, t_end + to.start(), o_end)) if to else []
            elif mode == "visit" and not hosting_word:
                objects = _first_coordinated(ctx, objects) or _visited_places(ctx, o_start, o_end)
            if mode == "visit" and not objects:
                continue
            if not _international([m.actor for m in subjects + objects]):
                subjects = all_subjects  # no coordinated subject: every actor before the trigger
            actors = [m.actor for m in subjects + objects]
            if not _international(actors):
                named = _named_summit(ctx, index, sentence, t_start, t_end) if mode == "multilateral" else None
                if named is not None:
                    place = named.location, named.location_country
                    _finish(ctx, named, sentence, t_start, status)
                    if named.location is None:
                        named.location, named.location_country = place
                    if named.date.known:
                        drafts.append(named)
                continue
            draft = Draft("meeting", f"meeting.{mode}", index, sentence.start, sentence.end, t_start, [], mode=mode)
            if mode == "visit":
                hosting = hosting_word
                if hosting and not any(m.actor.kind == "person" for m in objects):
                    continue  # "the agency received $94 million": hosting needs a visiting official
                visitors, hosts = (objects, subjects) if hosting else (subjects, objects)
                host_states = [m for m in hosts if m.actor.kind == "state"]
                if not hosting and len(host_states) > 1 and len(host_states) == len(hosts):
                    # "will visit India and the Philippines": one visit per host state
                    for extra in host_states[1:]:
                        twin = _visit_draft(ctx, index, sentence, t_start, visitors, [extra])
                        if twin is not None:
                            drafts.append(twin)
                    hosts = host_states[:1]
                for m in visitors:
                    draft.add_participant(m.actor, "visitor")
                for m in hosts:
                    draft.add_participant(m.actor, "host")
                if not draft.actors("visitor") or not draft.actors("host") or not _international(draft.actors()):
                    continue
            else:
                for m in subjects + objects:
                    draft.add_participant(m.actor, "participant")
            _add_members(ctx, draft)
            parties = len(draft.principal_countries()) + sum(1 for a in draft.actors() if a.kind == "organization" and a.country is None)
            if parties >= 3 or (parties == 1 and draft.actors()[0].kind == "organization"):
                draft.mode = "multilateral"  # many parties, or an organisation of many members
            elif draft.mode == "multilateral":
                draft.mode = "in_person"  # a summit of two is a bilateral meeting
            _finish(ctx, draft, sentence, t_start, status)
            if draft.status == "planned" and not draft.date.known:
                continue  # guide: a future meeting is coded only when announced with a time
            drafts.append(draft)
            continue  # another trigger of the sentence may report another meeting
    return drafts


def _document(ctx: ArticleContext, sentence: Sentence, verb_end: int, instrument: re.Match[str]) -> str:
    region = ctx.text[verb_end : sentence.end]
    quoted = _QUOTED_TITLE.search(region)
    if quoted and quoted.start() < 60:
        return quoted.group(1).strip().rstrip(".,").strip()
    titled = _CAPITALISED_TITLE.search(region)
    if titled and titled.start() < 60:
        return titled.group(1).strip()
    # no title: the noun phrase around the instrument ("defence cooperation agreement",
    # "agreement on offshore wind cooperation")
    phrase = ctx.text[max(verb_end, instrument.end() - 80) : instrument.end()]
    phrase = re.split(r"\b(?:the|a|an|two|new|their|its|his|her)\s+", phrase)[-1]
    tail = _INSTRUMENT_TOPIC.match(ctx.text, instrument.end(), sentence.end)
    if tail:
        phrase += tail.group()
    return " ".join(phrase.split()) or instrument.group()


def find_signings(ctx: ArticleContext, meetings: list[Draft]) -> list[Draft]:
    """Signing drafts: a signing verb with a formal instrument after it."""
    verbs = matcher(ctx.rules, "events", "signing", "verbs")
    instruments = matcher(ctx.rules, "events", "signing", "instruments")
    drafts: list[Draft] = []
    for index, sentence in enumerate(ctx.sentences):
        for match in verbs.finditer(ctx.text, sentence.start, sentence.end):
            v_start, v_end = match.start(), match.end()
            if _ATTRIBUTIVE.search(ctx.text, max(sentence.start, v_start - 12), v_start):
                continue  # "the newly signed memorandum" refers to a signing, it does not report one
            instrument = instruments.search(ctx.text, v_end, min(sentence.end, v_end + 120))
            if instrument is None or inside(quoted_regions(ctx.text, sentence.start, sentence.end), v_start):
                continue
            if re.search(r"\b(?:that|which|whether|to\s+\w+)\b", ctx.text[v_end : instrument.start()]):
                continue  # "concluded that the agreement ...": not the object of the verb
            earlier = [d for d in drafts if d.start < sentence.start]
            if earlier and re.search(r"\b(?:the|this|that)\s+(?:\w+\s+){0,2}$", ctx.text[max(v_end, instrument.start() - 30) : instrument.start()]) \
                    and not _QUOTED_TITLE.search(ctx.text, v_end, instrument.end()):
                earlier[-1].extra_mentions.append((sentence.start, sentence.end, "signing.reference", None))
                break  # "have signed on to the agreement": the signing already reported
            status = modality(ctx, max(sentence.start, v_start - 40), v_end, sentence.end)
            if status == "negated":
                continue
            s_start, s_end = _subject_region(ctx, sentence, v_start)
            all_signatories = _participants(ctx, sentence, s_start, s_end)
            signatories = _subject_group(ctx, all_signatories)
            draft = Draft("signing", "signing.verb_instrument", index, sentence.start, sentence.end, v_start, [])
            if _PLURAL_SUBJECT.search(ctx.text[s_start:v_start]) or not signatories:
                occasion = _last_meeting(meetings + drafts, sentence.start) if _PLURAL_SUBJECT.search(ctx.text[s_start:v_start]) else None
                if occasion is not None:
                    for actor in occasion.actors():
                        draft.add_participant(actor, "signatory")
                    draft.rule = "signing.occasion_signatories"
            for m in signatories:
                draft.add_participant(m.actor, "signatory")
            if not _international(draft.actors()):
                # "X signed an agreement with (Turkey's rival) Y": the other party follows "with"
                partner = re.compile(r"\bwith\b", re.IGNORECASE).search(ctx.text, instrument.end(), sentence.end)
                if partner:
                    _, stop = _object_region(ctx, sentence, partner.end())
                    others = [m for m in ctx.actors_in(partner.end(), stop)
                              if not (m.actor.kind == "state" and _possessive(ctx, m))]
                    for m in others[:1]:
                        draft.add_participant(m.actor, "signatory")
            if not _international(draft.actors()) or len(draft.actors()) < 2:
                for m in all_signatories:
                    draft.add_participant(m.actor, "signatory")
            if not _international(draft.actors()) or len(draft.actors()) < 2:
                continue  # an instrument binds two or more parties
            draft.document = _document(ctx, sentence, v_end, instrument)
            expr = nearest_time(ctx, sentence.start, sentence.end, v_start)
            if expr is not None:
                draft.date = from_expression(expr)
                if expr.tense == "future" or (ctx.base_date and expr.date > ctx.base_date):
                    status = "planned"
            draft.status = status
            if status == "planned" and not draft.date.known:
                continue  # "will sign" needs a time to be coded
            draft.location, draft.location_country = place_in_sentence(ctx, sentence)
            drafts.append(draft)
            break
    return drafts
