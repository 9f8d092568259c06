"""``extract``: one article and the rules in, validated event records out.

A pure function of the article's text, its publication date and the rules: no global
state besides per-process caches of compiled rules. Stages: context (sentences, dateline,
actors, times, places) -> event rules -> dating and placing by occasion -> merging of
repeats within the article -> Pydantic records.
"""
from __future__ import annotations

import datetime as dt
import re

from pydantic import ValidationError

from dipevents.schema import Article, ArticleResult, Meeting, Mention, Participant, Signing, Statement

from .context import ArticleContext, build_context
from .dating import DateChoice, story_date
from .drafts import Draft
from .gazetteer import BODY, ORG, PLACE, STATE, TITLE, scan
from .lexicon import PhraseMatcher, compile_words, word_list
from .meetings import find_meetings, find_signings
from .rulefiles import Rules, load_rules
from .statements import find_statements

_OCCASION_REFERENCE = re.compile(
    r"\b(?:at|during|after|before|on the sidelines of|following)\s+(?:the|their|a|this|that)\s+"
    r"(?:\w+\s+){0,4}(?:ceremony|meeting|meetings|talks|summit|signing|visit|session|conference|discussions|encounter|call|conversation|trip|tour)\b",
    re.IGNORECASE,
)
_RELATIVE_DAY = re.compile(
    r"\b(?P<rel>the\s+same\s+day|that\s+(?:same\s+)?day|the\s+(?:following|next)\s+day|a\s+day\s+later|"
    r"the\s+day\s+before|the\s+previous\s+day)\b",
    re.IGNORECASE,
)
_RELATIVE_OFFSETS = {"the same day": 0, "that day": 0, "that same day": 0, "the following day": 1, "the next day": 1,
                     "a day later": 1, "the day before": -1, "the previous day": -1}
_EVENT_MODELS = {"meeting": Meeting, "signing": Signing, "statement": Statement}


def extract(article: Article, rules_dir: str | None = None, rules: Rules | None = None) -> ArticleResult:
    """Find the meetings, signings and statements of one article.

    Records that fail validation are left out and explained in ``notes``; extraction
    never raises on any text.
    """
    rules = rules or load_rules(rules_dir)
    if not any_trigger(rules).search(article.text, article.body_start):
        return ArticleResult(article=article)  # no speech, meeting or signing word: nothing to find
    if not any(hit.first(STATE, ORG, BODY, TITLE, PLACE) for hit in scan(article.text, rules)):
        return ArticleResult(article=article)  # no state, organisation, official or place: nothing to code
    ctx = build_context(article, rules)
    meetings = find_meetings(ctx)
    signings = find_signings(ctx, meetings)
    statements = find_statements(ctx, meetings)
    drafts = sorted(meetings + signings + statements, key=lambda d: (d.start, d.anchor, d.event_type))
    _date_by_occasion(ctx, drafts)
    _place_by_occasion(ctx, drafts)
    drafts = _merge_repeats(drafts)
    records, notes = [], []
    for draft in drafts:
        try:
            records.append((draft, _to_record(ctx, draft)))
        except ValidationError as exc:
            notes.append(_not_recorded(draft, exc))
    try:  # all events checked against their article at once: the usual case
        return ArticleResult(article=article, events=[event for _, event in records], notes=notes)
    except ValidationError:
        pass
    events, notes = [], []  # one failed: check each, in order, to leave out only the failures
    for draft in drafts:
        try:
            event = _to_record(ctx, draft)
            ArticleResult(article=article, events=[event])  # checks the event against its article
            events.append(event)
        except ValidationError as exc:
            notes.append(_not_recorded(draft, exc))
    return ArticleResult(article=article, events=events, notes=notes)


def _not_recorded(draft: Draft, exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{draft.rule} at [{draft.start}, {draft.end}) not recorded: {where}: {first.get('msg')}"


def any_trigger(rules: Rules) -> PhraseMatcher:
    """One pattern for every word that can start an event: the cheap prefilter that lets an
    article without any skip the expensive stages (actors, times, places)."""
    def build(r: Rules) -> PhraseMatcher:
        words = list(word_list(r, "statements", "verbs", "neutral")) + word_list(r, "statements", "verbs", "negative")
        words += word_list(r, "statements", "verbs", "positive") + word_list(r, "events", "signing", "verbs")
        words += list(r.table("events").get("meeting", {}).get("triggers", {}))
        return compile_words(words)

    return rules.compiled("pipeline:any_trigger", build)


def _is_occasion(d: Draft) -> bool:
    return d.event_type in ("meeting", "signing") and d.date.known and d.status == "occurred" and not d.earlier_occasion


def _date_by_occasion(ctx: ArticleContext, drafts: list[Draft]) -> None:
    """Guide: an undated event inherits the date of the occasion it is part of.

    One pass in text order: occasions seen so far, and each speaker's last dated statement.
    """
    default = story_date(ctx)
    occasions: list[Draft] = []
    last_said: dict[str, Draft] = {}
    last_day: Draft | None = None
    for draft in drafts:
        relative = _RELATIVE_DAY.search(ctx.text, draft.start, draft.end) if not draft.date.known else None
        if relative and last_day is not None:
            # "the same day", "the following day": counted from the last day-dated event before
            offset = _RELATIVE_OFFSETS[" ".join(relative.group("rel").casefold().split())]
            draft.date = DateChoice(last_day.date.date + dt.timedelta(days=offset), "day", "text", relative.group())
        if not draft.date.known:
            if draft.event_type in ("meeting", "signing"):
                if not draft.earlier_occasion and draft.status == "occurred":
                    countries = draft.principal_countries()
                    shared = next((o for o in reversed(occasions[-50:])
                                   if countries <= o.principal_countries() or o.principal_countries() <= countries), None)
                    if shared is not None:
                        draft.date = DateChoice(shared.date.date, shared.date.precision, "text", shared.date.text)
            elif occasions and _OCCASION_REFERENCE.search(ctx.text, draft.start, draft.end):
                o = occasions[-1]
                draft.date = DateChoice(o.date.date, o.date.precision, "text", o.date.text)
            else:
                earlier = last_said.get(draft.actors("speaker")[0].key)
                near = earlier is not None and draft.sentence - earlier.sentence <= 3
                draft.date = earlier.date if near else default
        if _is_occasion(draft):
            occasions.append(draft)
        if draft.date.known and draft.date.precision == "day" and draft.date.source == "text":
            last_day = draft
        if draft.event_type == "statement" and draft.date.known and draft.date.source == "text":
            last_said[draft.actors("speaker")[0].key] = draft


def _place_by_occasion(ctx: ArticleContext, drafts: list[Draft]) -> None:
    """Guide "Location": the sentence's place, else the occasion's, else the dateline's."""
    dateline_place = ctx.dateline_place
    placed: dict[object, Draft] = {}  # date -> the last occasion on that date with a place
    last_placed: Draft | None = None
    for draft in drafts:
        if not draft.location and not draft.earlier_occasion and draft.mode != "call":
            occasion = placed.get(draft.date.date) if draft.date.known else None
            if occasion is None and dateline_place[0] is None and draft.event_type == "statement" \
                    and last_placed is not None and draft.date.known and last_placed.date.precision == "day" \
                    and 0 <= (draft.date.date - last_placed.date.date).days <= 2:
                occasion = last_placed  # no dateline: what is said right after a meeting is said there
            if occasion is not None and occasion is not draft:
                draft.location, draft.location_country = occasion.location, occasion.location_country
            elif draft.status == "occurred" and (draft.event_type == "statement" or draft.date.known):
                draft.location, draft.location_country = dateline_place
            elif draft.status == "planned" and draft.date.known and ctx.base_date and draft.date.precision == "day" \
                    and 0 <= (draft.date.date - ctx.base_date).days <= 7 and draft.mode != "visit":
                draft.location, draft.location_country = dateline_place  # "holds talks today" in a WASHINGTON story
        if _is_occasion(draft) and draft.location:
            placed[draft.date.date] = draft
            if draft.event_type == "meeting":
                last_placed = draft


def _same_event(a: Draft, b: Draft) -> bool:
    if a.event_type != b.event_type or a.event_type == "statement" or a.status != b.status:
        return False
    if a.principal_countries() != b.principal_countries():
        return False
    if a.date.known and b.date.known and a.date.date != b.date.date:
        return False
    if a.event_type == "signing":
        return True
    return a.mode == b.mode or {a.mode, b.mode} <= {"in_person", "visit"}


def _merge_repeats(drafts: list[Draft]) -> list[Draft]:
    """Guide "Unit": the same event in several sentences of one article is one event."""
    kept: list[Draft] = []
    keys: dict[int, set[str]] = {}  # participant keys of each kept draft: merging stays linear
    groups: dict[tuple, list[Draft]] = {}  # candidates share type, status and countries
    for draft in drafts:
        group = groups.setdefault((draft.event_type, draft.status, draft.principal_countries()), [])
        target = next((k for k in group if _same_event(k, draft)), None)
        if target is None:
            kept.append(draft)
            group.append(draft)
            keys[id(draft)] = {a.key for a, _ in draft.participants}
            continue
        target.extra_mentions.append((draft.start, draft.end, draft.rule, draft.date.text))
        known = keys[id(target)]
        for actor, role in draft.participants:
            if actor.key not in known:  # a new actor: no (actor, role) pair to repeat
                known.add(actor.key)
                target.participants.append((actor, role))
        if not target.date.known and draft.date.known:
            target.date = draft.date
        if not target.location and draft.location:
            target.location, target.location_country = draft.location, draft.location_country
    return kept


def _cameo(rules: Rules, draft: Draft) -> str:
    table = rules.table("events").get("cameo", {})
    entry = table.get(draft.event_type)
    if isinstance(entry, dict):
        entry = entry.get(draft.mode if draft.event_type == "meeting" else draft.stance or "neutral")
    if not isinstance(entry, str):
        raise rules.error("events", "[cameo]", f"no CAMEO code for {draft.event_type} ({draft.mode or draft.stance})")
    return entry


def _to_record(ctx: ArticleContext, draft: Draft):
    text, article_id = ctx.text, ctx.article.article_id
    mentions = [Mention(article_id=article_id, char_start=draft.start, char_end=draft.end,
                        text=text[draft.start : draft.end], rule=draft.rule, date_text=draft.date.text)]
    starts = {draft.start}
    for start, end, rule, date_text in draft.extra_mentions:
        if start not in starts:
            starts.add(start)
            mentions.append(Mention(article_id=article_id, char_start=start, char_end=end,
                                    text=text[start:end], rule=rule, date_text=date_text))
    fields = dict(
        status=draft.status,
        date=draft.date.date,
        date_precision=draft.date.precision,
        date_source=draft.date.source,
        location=draft.location,
        location_country=draft.location_country,
        participants=[Participant(actor=a, role=r) for a, r in draft.participants],
        mentions=mentions,
        cameo=_cameo(ctx.rules, draft),
    )
    if draft.event_type == "meeting":
        fields["mode"] = draft.mode or "in_person"
    elif draft.event_type == "signing":
        fields["document"] = draft.document
    else:
        fields["quote"] = draft.quote
        fields["stance"] = draft.stance or "neutral"
    published = ctx.article.published
    if draft.status == "planned" and draft.date.precision == "day" and published and draft.date.date < published:
        fields["status"] = "occurred"  # a "planned" meeting dated to a day before the article has taken place
    return _EVENT_MODELS[draft.event_type](**fields)


__all__ = ["extract"]
