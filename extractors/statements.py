"""Statement rules: reported and quoted speech by an official actor (guide "statement").

A sentence is a statement when a speech verb outside quotation marks has an in-scope
speaker:

* ``statement.subject_verb`` — the actor before the verb ("Yamada said", "He added",
  "..., the minister said", "Modi, who ..., said");
* ``statement.inverted`` — the actor right after it ("..., said Abe.");
* ``statement.according_to`` — "according to <official>";
* ``statement.participle`` — "X was critical of Iran, saying ...": the clause's subject;
* ``statement.joint`` — "the two leaders said", "They called on ...": the participants of
  the meeting the article reported just before;
* ``statement.sources`` — "the sources said", "officials said": the state or body whose
  sources or officials spoke last.

Quotation sentences without a speech verb of their own continue the statement before them.
"""
from __future__ import annotations

import re

from dipevents.schema import Actor

from .clauses import clause_bounds, subject_gap_ok
from .context import IO_OFFICIAL, ArticleContext, title_countries, title_key
from .dating import DateChoice, from_expression, nearest_time
from .drafts import Draft
from .meetings import place_in_sentence
from .gazetteer import title_in_scope
from .lexicon import PhraseMatcher, compile_words, matcher, word_list
from .quotes import inside, quoted_regions
from .spans import ActorMention, Sentence, TimeExpr

_NEGATED = re.compile(
    r"\b(?:not|n't|never|neither|nor|no\s+one|nobody|declined\s+to|refused\s+to|did\s+not|would\s+not)"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_ACTION_AFTER = re.compile(
    r"\s+(?:by\s+\w+ing\b|(?:the|a|an|his|her|their|its)\s+(?:\w+\s+)?(?:request|requests|visa|visas|entry|access|"
    r"permission|application|bail|claim\s+for))",
    re.IGNORECASE,
)
# "told reporters Friday", "told reporters at a briefing Wednesday": the listener, then the time
_LISTENER = re.compile(r"\s+(?:the\s+)?[\w'’.-]+(?:\s+[\w'’.-]+)?(?:\s+(?:at|in|during)\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?[\w-]+)?\s+")
_COMMENT_REQUEST = re.compile(r"\s+(?:a\s+|further\s+|immediate\s+)?comments?\b", re.IGNORECASE)
_PARTICIPIAL_PHRASE = re.compile(
    r"\b(?:speaking|writing|addressing|talking|appearing)\s+(?:to|at|in|on|before|with)\b[^,;\"“”]{0,80}", re.IGNORECASE)
# "Baker and other finance ministers say": the named actor heads a group that speaks
_AND_OTHERS = re.compile(
    r"\s*,?\s+and\s+(?:other|fellow|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:ministers|leaders|officials|counterparts|diplomats|colleagues|envoys|negotiators)\b",
    re.IGNORECASE,
)
_COORDINATED = re.compile(r"\band\s+(?:also\s+|then\s+|later\s+)?$", re.IGNORECASE)
_VISIT_TO = re.compile(r"\b(?:visit|trip|tour)\s+to\s+", re.IGNORECASE)
_DETERMINER = re.compile(r"\b(?:the|a|an|its|their|his|her|our|this|that)\s+$", re.IGNORECASE)
_BY_DOING = re.compile(r"\bby\s+\w+ing\b", re.IGNORECASE)
SUBJECT_REACH = 300  # a subject stands at most this many characters before its verb
_QUOTE_SPAN = re.compile(r"[\"“]([^\"“”]{8,}?)[\"”]")
_OPEN_QUOTES = "\"“"
_PARTICIPLES = {"saying", "adding", "telling", "stating", "announcing", "urging", "warning", "accusing", "welcoming",
                "requesting"}
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_PREPOSITION = re.compile(
    r"\b(?:to|of|for|with|from|in|at|by|against|on|into|over|about|between|among|toward|towards|than|like|near)"
    r"\s+(?:the\s+|a\s+|an\s+|central\s+)?$",
    re.IGNORECASE,
)
_RELATIVE_INSERTION = re.compile(r",\s*(?:which|who|whose|whom|where|when|while)\b[^,]*$", re.IGNORECASE)
_PLURAL_SPEAKERS = re.compile(
    r"(?:\b(?:the|both|two|all)\s+(?:two\s+|three\s+|four\s+|foreign\s+|defen[cs]e\s+|finance\s+|trade\s+|prime\s+)*"
    r"(?:ministers|leaders|sides|presidents|governments|delegations|heads\s+of\s+state)|^\s*they)"
    r"\s*(?:have\s+|also\s+|then\s+|later\s+|had\s+|jointly\s+)*$",
    re.IGNORECASE,
)
_SOURCES = re.compile(
    r"(?:^|,)\s*(?:(?:but|and|however|yet|so)\b[\s,]*)?(?:(?:the|these|those|one|one\s+of\s+the|some\s+of\s+the)\s+)?"
    r"(?P<noun>source|official|diplomat)s?\s*(?:have\s+|also\s+|had\s+)*$|(?:^|,)\s*(?P<they>they)\s*(?:have\s+|also\s+|had\s+)*$",
    re.IGNORECASE,
)
_DOCUMENTS = r"(?:statement|communiqu[eé]|declaration|letter|readout)"  # what a government issues
_DOCUMENT_SUBJECT = re.compile(
    rf"(?:^|,)\s*the\s+(?:\w+\s+)?(?:joint\s+)?{_DOCUMENTS}\s*(?:also\s+)?$",
    re.IGNORECASE,
)
_TITLE_COMPLEMENT = re.compile(r"\s*(?:[a-z]+\s+){0,2}(?:with|on|for|over|of|in\s+charge\s+of)\s+(?:[a-z]+\s+){1,4}")
_EPITHET = re.compile(r"[,\"”]\s*the\s+(?:[\w.'’-]+\s+){1,3}$", re.IGNORECASE)
_NOT_A_PERSON = re.compile(
    r"\b(?:ministry|government|agency|embassy|office|department|report|newspaper|paper|network|group|company|firm|"
    r"bank|statement|source|sources|officials?|party|council|committee|military|army|police|court|daily|website)\b",
    re.IGNORECASE,
)
ANAPHOR_REACH = 150  # "the sources", "they" stand this close before their verb


def _verbs(ctx: ArticleContext) -> tuple[PhraseMatcher, dict[str, str]]:
    """One pattern for every speech verb, and each verb's stance (one scan per sentence)."""
    def build(rules):
        stances: dict[str, str] = {}
        for stance in ("neutral", "positive", "negative"):  # later lists win for a verb in two
            for verb in word_list(rules, "statements", "verbs", stance):
                stances[" ".join(verb.casefold().split())] = stance
        return compile_words(stances), stances

    return ctx.rules.compiled("statements:verbs", build)


def _official_noun(ctx: ArticleContext) -> re.Pattern[str]:
    def build(rules):
        words = word_list(rules, "statements", "official_nouns", "words")
        body = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))
        return re.compile(rf"(?:['’]s)?\s*(?:senior\s+|top\s+|government\s+|foreign\s+ministry\s+)?(?:{body})\b", re.IGNORECASE)

    return ctx.rules.compiled("statements:official_noun", build)


def _gap_allowed(ctx: ArticleContext) -> frozenset[str]:
    return ctx.rules.compiled(
        "statements:gap", lambda r: frozenset(w.casefold() for w in word_list(r, "statements", "subject_gap", "words"))
    )


def speaker_in_scope(ctx: ArticleContext, mention: ActorMention) -> bool:
    """Guide "Speakers in scope": officials with a country, governments, organisations."""
    actor = mention.actor
    if actor.kind == "person":
        if not actor.title or not title_in_scope(actor.title, ctx.rules):
            return False
        # an official of an international organisation has no country ("AU commissioner X")
        return bool(actor.country) or bool(IO_OFFICIAL.search(mention.text) or IO_OFFICIAL.search(actor.title))
    return True


def _speaker_end(ctx: ArticleContext, mention: ActorMention) -> int | None:
    """Where a mention that can speak ends; demonyms need an official noun after them."""
    if mention.via in ("demonym", "name", "capital") and mention.actor.kind in ("state", "organization"):
        match = _official_noun(ctx).match(ctx.text, mention.end)
        if match:
            return match.end()  # "Japanese officials", "G7 members", "the EU's foreign ministers"
        if mention.via == "demonym" or ctx.text.startswith(("'s", "’s"), mention.end):
            return None
    return mention.end


_MEMBERS_OF = re.compile(
    r"\b(?:officials?|diplomats?|ministers?|leaders?|representatives?|members?|delegates?|delegations?|spokes\w+|envoys?"
    rf"|report|{_DOCUMENTS})"
    r"\s+(?:of|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _after_preposition(ctx: ArticleContext, mention: ActorMention, floor: int) -> bool:
    """True for "... to Japan", "... by the U.S." — but not "officials from Japan"."""
    window_start = max(floor, mention.start - 40)
    members = _MEMBERS_OF.search(ctx.text, window_start, mention.start)
    if members and not _PREPOSITION.search(ctx.text, max(floor, members.start() - 24), members.start()):
        return False
    return _PREPOSITION.search(ctx.text, max(floor, mention.start - 16), mention.start) is not None


def _subject_before(ctx: ArticleContext, sentence: Sentence, verb_start: int, participle: bool) -> ActorMention | None:
    clause_start, _ = clause_bounds(sentence, verb_start)
    if participle:
        # "with Cavusoglu warning that ...": the actor right before the participle speaks
        right_before = ctx.actors_in(max(clause_start, verb_start - 120), verb_start)
        if right_before and not ctx.text[right_before[-1].end : verb_start].strip():
            mention = right_before[-1]
            return mention if _speaker_end(ctx, mention) is not None else None
        # "X was critical of Iran, saying ...": the main clause's subject speaks.
        head = [m for m in ctx.actors_in(clause_start, min(verb_start, clause_start + 80))
                if not _after_preposition(ctx, m, clause_start)]
        for mention in head[:1]:
            return mention if _speaker_end(ctx, mention) is not None else None
        return None
    window_start = max(clause_start, verb_start - SUBJECT_REACH)
    candidates = [m for m in ctx.actors_in(window_start, verb_start) if not _after_preposition(ctx, m, clause_start)]
    allowed = _gap_allowed(ctx)
    for mention in reversed(candidates):
        end = _speaker_end(ctx, mention)
        if end is None or end > verb_start:
            continue
        if _RELATIVE_INSERTION.search(ctx.text, max(clause_start, mention.start - 150), mention.start):
            continue  # inside ", which ... ,": not the subject
        gap = _PARTICIPIAL_PHRASE.sub(" ", _strip_times(ctx, end, verb_start))
        others = _AND_OTHERS.match(gap)
        gap = gap[others.end():] if others else gap
        if subject_gap_ok(ctx, gap, allowed):
            return mention
        if mention.via == "title" and _TITLE_COMPLEMENT.fullmatch(gap):
            return mention  # "The chairman of the U.S. Senate committee with jurisdiction over trade said"
    members = _members_subject(ctx, clause_start, verb_start, candidates)
    if members is not None:
        return members
    if _COORDINATED.search(ctx.text, max(clause_start, verb_start - 8), verb_start):
        # "The EU is considering sanctions and warned ...": the clause's subject
        head = ctx.actors_in(clause_start, min(verb_start, clause_start + 40))
        lead = ctx.text[clause_start : head[0].start] if head else "x"
        if head and re.fullmatch(r"[\s,\"“'‘(]*(?:the\s+)?", lead, re.IGNORECASE) and _speaker_end(ctx, head[0]) is not None:
            return head[0]
        # "Three days after Lai took office, China held drills ... and called them ...":
        # the subject opens the main clause, after the fronted phrase and its comma
        comma = ctx.text.find(",", clause_start, verb_start)
        if comma != -1 and comma - clause_start <= 80:
            opening = ctx.actors_in(comma + 1, min(verb_start, comma + 40))
            if opening and opening[0].via != "pronoun" and _speaker_end(ctx, opening[0]) is not None \
                    and re.fullmatch(r"\s*(?:the\s+)?", ctx.text[comma + 1 : opening[0].start], re.IGNORECASE):
                return opening[0]
    return None


_HEAD_LEAD = re.compile(r"[\s,\"“'‘(]*(?:(?:the|a|an|another|some|several|two|three|top|senior|foreign|joint|new)\s+){0,3}$",
                        re.IGNORECASE)
_NOUN_TAIL = re.compile(r"\s*(?:[a-z][\w-]*\s+){0,3}?(?:have\s+|had\s+|also\s+|jointly\s+)*")


def _members_subject(ctx: ArticleContext, clause_start: int, verb_start: int,
                     candidates: list[ActorMention]) -> ActorMention | None:
    """ "Top diplomats from the Group of Seven leading democracies urged ...": the clause's
    subject is people of a state or organisation, who speak for it."""
    if not candidates:
        return None
    mention = candidates[0]
    members = _MEMBERS_OF.search(ctx.text, max(clause_start, mention.start - 40), mention.start)
    if members is None or not _HEAD_LEAD.fullmatch(ctx.text, clause_start, members.start()):
        return None
    if mention.actor.kind == "person" or _NOUN_TAIL.fullmatch(_strip_times(ctx, mention.end, verb_start)) is None:
        return None
    return mention


def _strip_times(ctx: ArticleContext, start: int, end: int) -> str:
    text = ctx.text[start:end]
    for expr in reversed(ctx.times_in(start, end)):
        text = text[: expr.start - start] + " " + text[expr.end - start :]
    return text


def _speaker_after(ctx: ArticleContext, sentence: Sentence, verb_end: int, closing: bool) -> ActorMention | None:
    following = ctx.actors_in(verb_end, min(sentence.end, verb_end + 200))
    if not following or not re.fullmatch(r"\s*(?:the\s+|by\s+)?", ctx.text[verb_end : following[0].start]):
        return None
    mention = following[0]
    if ctx.text.startswith(("'s", "’s"), mention.end) and mention.actor.kind != "person":
        end = _speaker_end(ctx, mention)
        if end is None or end == mention.end:
            return None  # "according to China's news agency": the agency, not the state
    if mention.actor.kind == "state" and mention.via in ("name", "demonym") and _speaker_end(ctx, mention) == mention.end \
            and not re.match(r"\s*(?:[,.;:(\"”]|$)", ctx.text[mention.end : sentence.end]):
        return None  # "according to the U.S. census": the census, not the state
    if closing and not re.match(r"\s*(?:[,.;:(]|$|in\b|on\b|at\b|who\b|told\b)", ctx.text[mention.end : sentence.end]):
        return None
    return mention


def _stance(ctx: ArticleContext, verb_stance: str, sentence: Sentence) -> str:
    if verb_stance != "neutral":
        return verb_stance
    negative = matcher(ctx.rules, "statements", "stance_cues", "negative").search(ctx.text, sentence.start, sentence.end)
    positive = matcher(ctx.rules, "statements", "stance_cues", "positive").search(ctx.text, sentence.start, sentence.end)
    if negative and not positive:
        return "negative"
    if positive and not negative:
        return "positive"
    if negative and positive:
        return "negative"  # "deeply concerned ... despite the partnership": concern outweighs courtesy
    return "neutral"


def _international(ctx: ArticleContext, index: int, speakers: list[Actor]) -> bool:
    """Guide "Topic": another state or an organisation nearby, or a foreign-affairs word."""
    if any(s.kind == "organization" and s.country is None for s in speakers):
        return True
    if len({s.country for s in speakers}) > 1:
        return True  # a joint statement of two states
    foreign_office = matcher(ctx.rules, "statements", "topic", "titles")
    own_title = title_countries(ctx.rules)
    if any(s.title and foreign_office.search(s.title)
           and own_title.get(title_key(s.title), s.country) == s.country for s in speakers):
        # a foreign minister or an ambassador speaks on foreign affairs; a Haitian "Secretary
        # of State" (a junior minister) is not the American one
        return True
    own = {s.country for s in speakers}
    keys = {s.key for s in speakers}
    sentence = ctx.sentences[index]
    window = ctx.sentences[max(0, index - 1) : index + 2]
    for mention in ctx.actors_in(window[0].start, window[-1].end):
        actor = mention.actor
        if actor.key in keys or mention.via == "pronoun":
            continue
        near = sentence.start <= mention.start < sentence.end
        if actor.country and actor.country not in own and (near or actor.kind != "person"):
            return True
        if actor.kind == "organization" and actor.country is None:
            return True  # the UN, OPEC, the G7 here or in the sentences around
    return bool(matcher(ctx.rules, "statements", "topic", "words").search(ctx.text, sentence.start, sentence.end))


def _quote(sentence: Sentence, verb_start: int, verb_end: int) -> str:
    quotes = [m.group(1).strip() for m in _QUOTE_SPAN.finditer(sentence.text)]
    if quotes:
        return " ".join(quotes)
    text = sentence.text
    rel_start, rel_end = verb_start - sentence.start, verb_end - sentence.start
    after = text[rel_end:].strip(" ,:.")
    after = re.sub(r"^(?:that|on|to reporters|reporters|journalists|on\s+\w+)\b[\s,]*", "", after)
    before = text[:rel_start].rstrip(" ,")
    content = after if len(after) >= len(before) / 2 else before
    return content.strip(" ,.") or text


def _targets(ctx: ArticleContext, sentence: Sentence, speakers: list[Actor]) -> list[Actor]:
    keys = {s.key for s in speakers}
    own = {s.country for s in speakers if s.kind != "organization"}
    seen: dict[str, Actor] = {}
    for mention in ctx.actors_in(sentence.start, sentence.end):
        actor = mention.actor
        if actor.key in keys or mention.via == "pronoun":
            continue
        if actor.kind == "state" and actor.country in own:
            continue
        seen.setdefault(actor.key, actor)
    return list(seen.values())


def _last_meeting(drafts: list[Draft], before: int) -> Draft | None:
    for draft in sorted(drafts, key=lambda d: d.start, reverse=True):
        if draft.event_type == "meeting" and draft.start < before:
            return draft
    return None


def find_statements(ctx: ArticleContext, meetings: list[Draft] | None = None) -> list[Draft]:
    """Statement drafts, one per (sentence, speaker), plus continuation mentions."""
    drafts: list[Draft] = []
    last_by_sentence: dict[int, Draft] = {}
    verbs = _verbs(ctx)
    for index, sentence in enumerate(ctx.sentences):
        found = _statements_in(ctx, index, sentence, verbs, meetings or [], drafts)
        previous = last_by_sentence.get(index - 1)
        if found and previous is not None and _closes_quotation_of(ctx, sentence, found, previous):
            previous.extra_mentions.append((sentence.start, sentence.end, "statement.quote_continuation", None))
            last_by_sentence[index] = previous
            continue
        if found:
            drafts.extend(found)
            last_by_sentence[index] = found[-1]
            continue
        previous = last_by_sentence.get(index - 1)
        if previous and sentence.text[:1] in _OPEN_QUOTES:
            previous.extra_mentions.append((sentence.start, sentence.end, "statement.quote_continuation", None))
            last_by_sentence[index] = previous
    return drafts


_NEW_TURN = ("added", "adds", "adding")


def _closes_quotation_of(ctx: ArticleContext, sentence: Sentence, found: list[Draft], previous: Draft) -> bool:
    """ 'X warned that ... . "Both bases may come to our agenda. We don't want to talk
    about it," X said.': the attribution that closes a quotation the earlier sentence
    opened belongs to the statement that quotation continues, unless it starts a new
    turn ("he added")."""
    if len(found) != 1 or found[0].actors("speaker") != previous.actors("speaker"):
        return False
    regions = quoted_regions(ctx.text, sentence.start, sentence.end)
    if not regions or regions[0][0] >= sentence.start:
        return False  # the sentence does not begin inside a quotation
    verb = ctx.text[found[0].anchor:found[0].anchor + 12].casefold()
    return not any(verb.startswith(word) for word in _NEW_TURN)


def _last_collective_speaker(ctx: ArticleContext, drafts: list[Draft], index: int, noun: str,
                             reach: int = 5) -> Actor | None:
    """The state or body whose ``noun``s ("sources", "officials") spoke within ``reach`` sentences."""
    for draft in reversed(drafts):
        if index - draft.sentence > reach:
            return None
        speakers = draft.actors("speaker")
        if len(speakers) == 1 and speakers[0].kind != "person":
            if noun in ctx.text[draft.start : draft.anchor].casefold() or draft.rule == "statement.sources":
                return speakers[0]  # the same sources again ("..., they said. ..., the sources said.")
            return None
    return None


def _last_group_speakers(drafts: list[Draft], index: int, reach: int = 2) -> list[Actor]:
    """ "The G7 statement said ... . They called on China ...": "they" continues the last
    statement when a group spoke it (an organisation, or several speakers together)."""
    if not drafts or index - drafts[-1].sentence > reach:
        return []
    last = drafts[-1]
    speakers = last.actors("speaker")
    if len(speakers) > 1 or (speakers and speakers[0].kind == "organization") or last.rule == "statement.joint":
        return speakers
    return []


def _find_speakers(ctx, index, sentence, verb_start, verb_end, verb, meetings, earlier) -> tuple[list[Actor], str | None]:
    """The speakers of one speech verb, and the id of the rule that found them."""
    if verb == "according to":
        mention = _speaker_after(ctx, sentence, verb_end, closing=False)
        return ([mention.actor] if mention and speaker_in_scope(ctx, mention) else []), "statement.according_to"
    before = ctx.text[max(sentence.start, verb_start - 3) : verb_start]
    if re.search(r"[,\"”]\s*$", before):
        mention = _speaker_after(ctx, sentence, verb_end, closing=True)
        if mention is not None:
            return ([mention.actor] if speaker_in_scope(ctx, mention) else []), "statement.inverted"
    participle = verb.split()[0] in _PARTICIPLES
    mention = _subject_before(ctx, sentence, verb_start, participle)
    if mention is not None:
        rule = "statement.participle" if participle else "statement.subject_verb"
        return ([mention.actor] if speaker_in_scope(ctx, mention) else []), rule
    clause_start, _ = clause_bounds(sentence, verb_start)
    lead_start = max(clause_start, verb_start - ANAPHOR_REACH)
    lead = ctx.text[lead_start:verb_start]
    sources = _SOURCES.search(lead)
    if sources and lead_start > clause_start and sources.start() == 0 and not lead.startswith(","):
        sources = None  # the clause was cut: its start is not a clause start
    if sources:
        noun = (sources.group("noun") or "").casefold()
        reach = 5 if noun else 2
        speaker = _last_collective_speaker(ctx, earlier, index, noun or "source", reach)
        if speaker is None and not noun:
            speaker = _last_collective_speaker(ctx, earlier, index, "official", reach)
        if speaker is not None:
            return [speaker], "statement.sources"
        if not noun:
            group = _last_group_speakers(earlier, index)
            if group:
                return group, "statement.joint"
    epithet = _EPITHET.search(lead)
    if epithet and sentence.text[:1] in _OPEN_QUOTES and not _NOT_A_PERSON.search(epithet.group()):
        # '"We need a truly free trade agreement," the Texas Democrat said': the epithet
        # names the person who spoke just before
        spoken = next((d for d in reversed(earlier) if index - d.sentence <= 1), None)
        if spoken is not None and len(spoken.actors("speaker")) == 1 and spoken.actors("speaker")[0].kind == "person":
            return spoken.actors("speaker"), "statement.epithet"
    if _DOCUMENT_SUBJECT.search(lead):
        spoken = next((d for d in reversed(earlier) if index - d.sentence <= 3), None)
        if spoken is not None:  # "The statement said ...": whoever issued the statement
            return spoken.actors("speaker"), "statement.document"
    if lead_start > clause_start:
        return [], None
    plural = _PLURAL_SPEAKERS.search(lead)
    if plural:
        occasion = _last_meeting(meetings, sentence.end)
        reach = 2 if plural.group().strip().casefold().startswith("they") else 6
        if occasion is not None and index - occasion.sentence <= reach:
            people = [a for a in occasion.actors() if a.kind == "person"] or occasion.actors()
            return people, "statement.joint"
    return [], None


def _speech_place(ctx: ArticleContext, sentence: Sentence, verb_start: int, quoted) -> tuple[str | None, str | None]:
    """Where the speech was made, when the sentence says so before the verb
    ("On Thursday in Washington, X said"); places in the reported content do not count."""
    place, country = place_in_sentence(ctx, sentence)
    if place is None:
        visit = _VISIT_TO.search(ctx.text, sentence.start, verb_start)
        spots = ctx.places_in(visit.end(), min(verb_start, visit.end() + 40)) if visit else []
        if spots and spots[0].start - visit.end() <= 1:  # "During a visit to Quetta, the prime minister said"
            return spots[0].text, spots[0].country
        return None, None
    found = ctx.text.find(place.split()[0], sentence.start, verb_start)
    if found == -1 or inside(quoted, found):
        return None, None
    if found - sentence.start > 60 and verb_start - found > 60:
        return None, None  # deep in what was said before the verb, not where it was said
    return place, country


def _speech_time(ctx: ArticleContext, sentence: Sentence, verb_start: int, verb_end: int, quoted) -> TimeExpr | None:
    """The time expression that dates the speech act, not its content.

    It stands before the verb ("On Tuesday, X said", "X on Monday warned") or right
    after it ("said on Friday", "said Monday"); one deeper in the reported content
    ("said the meeting last week ...") dates something else.
    """
    told = ctx.text[verb_start:verb_end].casefold() in ("told", "tells", "telling")
    for expr in ctx.times_in(sentence.start, sentence.end):
        if expr.tense == "future" or inside(quoted, expr.start) or expr.extra.get("anaphoric"):
            continue
        if ctx.dateline and ctx.dateline.date_start is not None and expr.start == ctx.dateline.date_start:
            continue
        initial = expr.start - sentence.start <= 15  # "On Monday, X said"
        between = ctx.text[expr.end:verb_start]
        before = (expr.end <= verb_start and not re.search(r"[\"“”]", between)
                  and (initial or (verb_start - expr.end <= 60 and "," not in between)
                       or re.fullmatch(r",\s*[^,;]{1,80}", between) is not None))  # "on March 31, X reported"
        after = expr.start >= verb_end and re.fullmatch(
            r"[\s,]*(?:(?:to|in|at)\s+(?:\w+\s+){0,3}?)?", ctx.text[verb_end:expr.start]) is not None
        if not after and told and expr.start >= verb_end:
            # "told the press on Tuesday", "told reporters Friday": the listener, then the time
            after = _LISTENER.fullmatch(ctx.text, verb_end, expr.start) is not None
        if before or after:
            return expr
    return None


_ATTRIBUTION_SUBJECT = re.compile(r",\s*(?:[\w.'’-]+\s+){1,5}$")
_ATTRIBUTION_TAIL = re.compile(r"\s*(?:(?:on|in|at|to|a|an|the|this|last|late|early)\s+)?(?:[\w.'’-]+\s*){0,3}[.!?]?[\"”’]?\s*$")


def _final_attribution(ctx: ArticleContext, sentence: Sentence, hit: tuple[int, int, str, str]) -> bool:
    """True when the sentence closes with ", <subject> <verb> [time]." outside quotation
    marks: the reporting clause of the whole sentence."""
    verb_start, verb_end, _, verb = hit
    if verb not in ("said", "says", "added", "told", "reported", "stated"):
        return False
    if not _ATTRIBUTION_TAIL.fullmatch(ctx.text, verb_end, sentence.end):
        return False
    return _ATTRIBUTION_SUBJECT.search(ctx.text, max(sentence.start, verb_start - 60), verb_start) is not None


def _statements_in(ctx, index: int, sentence: Sentence, verbs, meetings: list[Draft], earlier: list[Draft]) -> list[Draft]:
    quoted = quoted_regions(ctx.text, sentence.start, sentence.end)
    hits: list[tuple[int, int, str, str]] = []
    pattern, stances = verbs
    for match in pattern.finditer(ctx.text, sentence.start, sentence.end):
        start = match.start()
        progressive = match.group().endswith("ing")  # "Ankara is threatening": not a passive
        if inside(quoted, start) or (not progressive and _PASSIVE.search(ctx.text, max(sentence.start, start - 32), start)):
            continue
        if _DETERMINER.search(ctx.text, max(sentence.start, start - 8), start):
            continue  # "the proposed end point", "a stated aim": an adjective, not speech
        if _NEGATED.search(ctx.text, max(sentence.start, start - 40), start):
            continue  # "have not confirmed", "neither ... nor ... said", "declined to say"
        verb = " ".join(match.group().casefold().split())
        end = match.end()
        if _COMMENT_REQUEST.match(ctx.text, end):
            continue  # "did not reply to VOA's email requesting comment": the reporter asked
        if _ACTION_AFTER.match(ctx.text, end) or (
                verb in ("responded", "replied") and _BY_DOING.search(ctx.text, end, min(sentence.end, end + 100))):
            continue  # "responded ... by destroying", "denied the request": an act, not speech
        hits.append((start, match.end(), stances[verb], verb))
    if len(hits) > 1 and _final_attribution(ctx, sentence, hits[-1]):
        # "Sprinkel indicated that ..., Volcker seemed to ..., the sources said.": what comes
        # before the closing attribution is what was said, not another statement
        hits = hits[-1:]
    out: list[Draft] = []
    seen: set[str] = set()
    for verb_start, verb_end, verb_stance, verb in hits:
        speakers, rule = _find_speakers(ctx, index, sentence, verb_start, verb_end, verb, meetings, earlier + out)
        key = "|".join(sorted(s.key for s in speakers))
        if not speakers or key in seen or not _international(ctx, index, speakers):
            continue
        if out and verb_start > out[-1].anchor and rule != "statement.inverted":
            break  # "Kartika said Indonesia welcomed ...": the second verb is reported content
        seen.add(key)
        participants: list[tuple[Actor, str]] = [(s, "speaker") for s in speakers]
        participants += [(actor, "target") for actor in _targets(ctx, sentence, speakers)]
        draft = Draft(
            event_type="statement", rule=rule, sentence=index, start=sentence.start, end=sentence.end,
            anchor=verb_start, participants=participants,
            quote=_quote(sentence, verb_start, verb_end), stance=_stance(ctx, verb_stance, sentence),
        )
        draft.location, draft.location_country = _speech_place(ctx, sentence, verb_start, quoted)
        expr = _speech_time(ctx, sentence, verb_start, verb_end, quoted)
        if expr is not None:
            draft.date = from_expression(expr)
        elif rule == "statement.joint":
            occasion = _last_meeting(meetings, sentence.end)
            if occasion is not None and occasion.date.known:
                draft.date = DateChoice(occasion.date.date, occasion.date.precision, "text", occasion.date.text)
        out.append(draft)
    return out
