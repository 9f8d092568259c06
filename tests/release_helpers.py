"""Test helpers for the release tests: a tiny line-based extractor and article files.

``fake_extract`` reads a little language instead of news, so tests state exactly which
events an article holds (one per line, the line is the mention):

    meet Name_One/JPN Name_Two/ISR 2022-08-30 day Tokyo
    sign Name_One/JPN Name_Two/ISR 2022-08 month - Defense_Memorandum
    say Name_One/JPN 2022-08-30 day - The_quote_text

Fields: verb, actors (``Name/CTY``; a name equal to the country's code is a state), date
(``none`` or ISO), precision, location (``-`` for none), document or quote. Lines that
start with anything else are prose.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Iterable

from dipevents.schema.models import Actor, Article, ArticleResult, Meeting, Mention, Participant, Signing, Statement


def _actor(spec: str) -> Actor:
    name, country = spec.split("/")
    if name == country:
        return Actor(kind="state", name=country, country=country)
    return Actor(kind="person", name=name.replace("_", " "), country=country)


def _event(article: Article, line: str, start: int) -> Any:
    words = line.split(" ")
    verb = words[0]
    mention = Mention(article_id=article.article_id, char_start=start, char_end=start + len(line), text=line, rule=f"fake.{verb}")
    if verb == "say":
        speaker, date, precision, location, quote = words[1:6]
        actors = [Participant(actor=_actor(speaker), role="speaker")]
        extra: dict[str, Any] = {"quote": quote.replace("_", " "), "stance": "neutral"}
        cls, cameo = Statement, "010"
    else:
        a, b, date, precision, location = words[1:6]
        actors = [Participant(actor=_actor(a), role="participant"), Participant(actor=_actor(b), role="participant")]
        if verb == "sign":
            extra = {"document": words[6].replace("_", " ")}
            cls, cameo = Signing, "057"
        else:
            extra = {"mode": "in_person"}
            cls, cameo = Meeting, "043"
    when = None if date == "none" else dt.date.fromisoformat(date if len(date) == 10 else f"{date}-01")
    return cls(
        status="occurred", date=when, date_precision=precision, date_source="text",
        location=None if location == "-" else location.replace("_", " "),
        participants=actors, mentions=[mention], cameo=cameo, **extra,
    )


def fake_extract(article: Article, rules: Any = None) -> ArticleResult:
    """Events of an article written in the test language above (pure, like the real one)."""
    events, offset = [], 0
    for line in article.text.split("\n"):
        if line.split(" ")[0] in ("meet", "sign", "say"):
            events.append(_event(article, line, offset))
        if line.startswith("crash"):
            raise RuntimeError("the fake extractor was told to fail")
        offset += len(line) + 1
    return ArticleResult(article=article, events=events)


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    """Write article records as JSON Lines and return the path."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def article(aid: str, *lines: str, published: str = "2022-08-31") -> dict[str, Any]:
    """One input record whose text is the given lines (after a title line)."""
    return {"id": aid, "text": "\n".join([f"Report {aid}", *lines]), "published": published}
