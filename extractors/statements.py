"""Statement rules: reported and quoted speech by an official actor (guide "statement").

A sentence is a statement when a speech verb has an in-scope speaker: the actor right
before it ("Hamada said", "He added", "..., the minister said"), right after it in
inverted order ("..., said Abe"), or after "according to". Quotation sentences without a
speech verb of their own continue the statement before them.
"""
from __future__ import annotations

import re

from dipevents.schema import Actor

from .gazetteer import title_in_scope
from .clauses import clause_bounds, subject_gap_ok
from .context import ArticleContext
from .dating import from_expression, nearest_time
from .drafts import Draft
from .lexicon import matcher, word_list
from .spans import ActorMention, Sentence

_QUOTE_SPAN = re.compile(r"[\"“]([^\"“”]{8,}?)[\"”]")
_OPEN_QUOTES = "\"“"
_PARTICIPLES = {"saying", "adding", "telling", "stating", "announcing", "urging", "warning", "accusing", "welcoming"}


def _verbs(ctx: ArticleContext) -> list[tuple[re.Pattern[str], str]]:
    return [(matcher(ctx.rules, "statements", "verbs", stance), stance) for stance in ("negative", "positive", "neutral")]


def _official_noun(ctx: ArticleContext) -> re.Pattern[str]:
    def build(rules):
        words = word_list(rules, "statements", "official_nouns", "words")
        body = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))
        return re.compile(rf"\s*(?:senior\s+|top\s+|government\s+)?(?:{body})\b", re.IGNORECASE)

    return ctx.rules.compiled("statements:official_noun", build)


def _gap_allowed(ctx: ArticleContext) -> frozenset[str]:
    return ctx.rules.compiled(
        "statements:gap", lambda r: frozenset(w.casefold() for w in word_list(r, "statements", "subject_gap", "words"))
    )


def speaker_in_scope(ctx: ArticleContext, mention: ActorMention) -> bool:
    """Guide "Speakers in scope": officials, governments, organisations; not mayors, police, ..."""
    actor = mention.actor
    if actor.kind == "person":
        if actor.title and not title_in_scope(actor.title, ctx.rules):
            return False
        return bool(actor.title or actor.country)
    return True


def _speaker_end(ctx: ArticleContext, mention: ActorMention) -> int | None:
    """Where a mention that can speak ends; demonyms need an official noun after them."""
    if mention.via == "demonym" or (mention.actor.kind == "state" and mention.via == "name"):
        match = _official_noun(ctx).match(ctx.text, mention.end)
        if match:
            return match.end()
        if mention.via == "demonym":
            return None
    return mention.end


def _subject_before(ctx: ArticleContext, sentence: Sentence, verb_start: int, participle: bool) -> ActorMention | None:
    clause_start, _ = clause_bounds(sentence, verb_start)
    candidates = [m for m in ctx.actors_in(clause_start, verb_start)]
    if participle:
        # "X was critical of Iran, saying ...": the main clause's subject speaks.
        head = [m for m in candidates if m.start - clause_start < 80]
        for mention in head[:1]:
            return mention if _speaker_end(ctx, mention) is not None else None
        return None
    allowed = _gap_allowed(ctx)
    for mention in reversed(candidates):
        end = _speaker_end(ctx, mention)
        if end is None or end > verb_start:
            continue
        if subject_gap_ok(ctx, ctx.text[end:verb_start], allowed):
            return mention
        return None
    return None


def _speaker_after(ctx: ArticleContext, sentence: Sentence, verb_end: int) -> ActorMention | None:
    following = ctx.actors_in(verb_end, sentence.end)
    if following and re.fullmatch(r"\s*(?:the\s+|by\s+)?", ctx.text[verb_end : following[0].start] if following[0].start >= verb_end else "x"):
        return following[0]
    return None


def _stance(ctx: ArticleContext, verb_stance: str, sentence: Sentence) -> str:
    if verb_stance != "neutral":
        return verb_stance
    text = sentence.text
    negative = matcher(ctx.rules, "statements", "stance_cues", "negative").search(text)
    positive = matcher(ctx.rules, "statements", "stance_cues", "positive").search(text)
    if negative and not positive:
        return "negative"
    if positive and not negative:
        return "positive"
    if negative and positive:
        return "negative" if negative.start() < positive.start() else "positive"
    return "neutral"


def _international(ctx: ArticleContext, sentence: Sentence, speaker: Actor) -> bool:
    for mention in ctx.actors_in(sentence.start, sentence.end):
        actor = mention.actor
        if actor.key == speaker.key:
            continue
        if actor.country and actor.country != speaker.country:
            return True
        if actor.kind == "organization" and actor.country is None:
            return True
    if speaker.kind == "organization" and speaker.country is None:
        return True
    return bool(matcher(ctx.rules, "statements", "topic", "words").search(sentence.text))


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


def _targets(ctx: ArticleContext, sentence: Sentence, speaker: ActorMention) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for mention in ctx.actors_in(sentence.start, sentence.end):
        actor = mention.actor
        if actor.key == speaker.actor.key or mention.via == "pronoun":
            continue
        if actor.kind == "state" and actor.country == speaker.actor.country:
            continue
        if actor.kind == "person" and actor.country and actor.country == speaker.actor.country and speaker.actor.kind == "state":
            continue
        seen.setdefault(actor.key, actor)
    return list(seen.values())


def find_statements(ctx: ArticleContext) -> list[Draft]:
    """Statement drafts, one per (sentence, speaker), plus continuation mentions."""
    drafts: list[Draft] = []
    last_by_sentence: dict[int, Draft] = {}
    verbs = _verbs(ctx)
    for index, sentence in enumerate(ctx.sentences):
        found = _statements_in(ctx, index, sentence, verbs)
        if found:
            drafts.extend(found)
            last_by_sentence[index] = found[-1]
            continue
        previous = last_by_sentence.get(index - 1)
        if previous and sentence.text[:1] in _OPEN_QUOTES:
            previous.extra_mentions.append((sentence.start, sentence.end, "statement.quote_continuation", None))
            last_by_sentence[index] = previous
    return drafts


def _statements_in(ctx: ArticleContext, index: int, sentence: Sentence, verbs) -> list[Draft]:
    hits: list[tuple[int, int, str, str]] = []
    for pattern, stance in verbs:
        for match in pattern.finditer(sentence.text):
            hits.append((sentence.start + match.start(), sentence.start + match.end(), stance, match.group().casefold()))
    hits.sort()
    out: list[Draft] = []
    speakers_seen: set[str] = set()
    for verb_start, verb_end, verb_stance, verb in hits:
        speaker, rule = None, None
        if verb == "according to":
            speaker, rule = _speaker_after(ctx, sentence, verb_end), "statement.according_to"
        else:
            before = ctx.text[max(sentence.start, verb_start - 3) : verb_start]
            inverted = re.search(r"[,\"”]\s*$", before) is not None
            if inverted:
                speaker, rule = _speaker_after(ctx, sentence, verb_end), "statement.inverted"
            if speaker is None:
                participle = verb.split()[0] in _PARTICIPLES
                speaker = _subject_before(ctx, sentence, verb_start, participle)
                rule = "statement.participle" if participle else "statement.subject_verb"
        if speaker is None or not speaker_in_scope(ctx, speaker):
            continue
        if speaker.actor.key in speakers_seen:
            continue
        if not _international(ctx, sentence, speaker.actor):
            continue
        speakers_seen.add(speaker.actor.key)
        participants: list[tuple[Actor, str]] = [(speaker.actor, "speaker")]
        participants += [(actor, "target") for actor in _targets(ctx, sentence, speaker)]
        draft = Draft(
            event_type="statement",
            rule=rule,
            sentence=index,
            start=sentence.start,
            end=sentence.end,
            anchor=verb_start,
            participants=participants,
            quote=_quote(sentence, verb_start, verb_end),
            stance=_stance(ctx, verb_stance, sentence),
        )
        expr = nearest_time(ctx, sentence.start, sentence.end, verb_start)
        if expr is not None:
            draft.date = from_expression(expr)
            if expr.tense == "future":
                draft.date = draft.date.__class__(None, "none", "text", None)
        out.append(draft)
    return out
