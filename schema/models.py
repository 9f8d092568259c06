"""Pydantic v2 models of what dipevents reads and extracts.

Every record passes these models before it is written, so they encode the contract of
``release-format.md`` and the coding guide: known ISO codes, dates consistent with their
precision, no occurred event after its article, offsets inside the article.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    computed_field,
    field_validator,
    model_validator,
)

from .countries import check_country_code
from .ids import actor_id as make_actor_id
from .ids import actor_key as make_actor_key

CountryCode = Annotated[str, AfterValidator(check_country_code)]
Precision = Literal["day", "week", "month", "year", "none"]
Status = Literal["occurred", "planned"]
DateSource = Literal["text", "published"]
Role = Literal["participant", "host", "visitor", "signatory", "speaker", "target"]
ActorKind = Literal["person", "state", "organization"]
MeetingMode = Literal["in_person", "visit", "call", "multilateral"]
Stance = Literal["positive", "negative", "neutral"]
ArticleStatus = Literal["ok", "rejected", "duplicate"]

_STRICT = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


@lru_cache(maxsize=64)  # the build asks for one article's hash several times in a row
def text_sha256(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Article(BaseModel):
    """One input article: its text exactly as read, and what is known about it."""

    model_config = _STRICT

    article_id: str = Field(min_length=1, max_length=1000)
    text: str = Field(min_length=1)
    published: dt.date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    byline: str | None = None
    body_start: int = Field(default=0, ge=0)
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("article_id")
    @classmethod
    def _printable_id(cls, value: str) -> str:
        if not value.strip() or any(ord(ch) < 32 for ch in value):
            raise ValueError("article_id must be non-blank and contain no control characters")
        return value

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty (only whitespace)")
        return value

    @model_validator(mode="after")
    def _body_inside_text(self) -> "Article":
        if self.body_start > len(self.text):
            raise ValueError(f"body_start: {self.body_start} falls outside the text ({len(self.text)} characters)")
        return self

    @property
    def sha256(self) -> str:
        """SHA-256 of the text: the article's identity for duplicates and caching."""
        return text_sha256(self.text)


class Actor(BaseModel):
    """A person, state or organisation taking part in an event."""

    model_config = _STRICT

    kind: ActorKind
    name: str = Field(min_length=1)
    title: str | None = None
    country: CountryCode | None = None

    @model_validator(mode="after")
    def _state_has_country(self) -> "Actor":
        if self.kind == "state" and self.country is None:
            raise ValueError("country: a state actor needs its ISO alpha-3 code")
        return self

    @property
    def key(self) -> str:
        """Identity across articles (see :func:`dipevents.schema.ids.actor_key`)."""
        return make_actor_key(self.kind, self.name, self.country)

    @property
    def actor_id(self) -> str:
        """Stable id derived from :attr:`key`."""
        return make_actor_id(self.kind, self.name, self.country)


class Participant(BaseModel):
    """An actor in a role of one event."""

    model_config = _STRICT

    actor: Actor
    role: Role


class Mention(BaseModel):
    """The place in an article that states an event, and the rule that found it."""

    model_config = _STRICT

    article_id: str = Field(min_length=1)
    char_start: int = Field(ge=0)
    char_end: int = Field(gt=0)
    text: str
    rule: str = Field(min_length=1)
    date_text: str | None = None

    @model_validator(mode="after")
    def _span_consistent(self) -> "Mention":
        if self.char_end <= self.char_start:
            raise ValueError(f"char_end ({self.char_end}) must be after char_start ({self.char_start})")
        if len(self.text) != self.char_end - self.char_start:
            raise ValueError("text: its length differs from char_end - char_start")
        return self


class _EventBase(BaseModel):
    model_config = _STRICT

    status: Status = "occurred"
    date: dt.date | None = None
    date_precision: Precision = "none"
    date_source: DateSource = "text"
    location: str | None = None
    location_country: CountryCode | None = None
    participants: list[Participant] = Field(default_factory=list)
    mentions: list[Mention] = Field(min_length=1)
    cameo: str = Field(pattern=r"^\d{2,4}$")

    @model_validator(mode="after")
    def _date_matches_precision(self) -> "_EventBase":
        if self.date_precision == "none" and self.date is not None:
            raise ValueError("date: precision 'none' must not carry a date")
        if self.date_precision != "none" and self.date is None:
            raise ValueError(f"date: precision {self.date_precision!r} needs a date")
        if self.date_precision == "month" and self.date is not None and self.date.day != 1:
            raise ValueError("date: a month-precision date is coded as the 1st of the month")
        if self.date_precision == "year" and self.date is not None and (self.date.month, self.date.day) != (1, 1):
            raise ValueError("date: a year-precision date is coded as 1 January")
        if self.date_precision == "week" and self.date is not None and self.date.weekday() != 0:
            raise ValueError("date: a week-precision date is coded as the Monday of the week")
        if self.date_source == "published" and self.date_precision != "day":
            raise ValueError("date_source: a publication date is a day-precision date")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def countries(self) -> list[str]:
        """Sorted, unique ISO codes of all participants."""
        return sorted({p.actor.country for p in self.participants if p.actor.country})

    def actors_in(self, *roles: str) -> list[Actor]:
        """The actors that take part in one of ``roles`` (all roles when none given)."""
        return [p.actor for p in self.participants if not roles or p.role in roles]

    def _principal_states_ok(self) -> None:
        """Meetings and signings are international: two states, or an organisation."""
        principals = [p.actor for p in self.participants if p.role != "target"]
        states = {a.country for a in principals if a.country}
        has_io = any(a.kind == "organization" and a.country is None for a in principals)
        if len(states) < 2 and not has_io:
            raise ValueError("participants: needs actors of two different states or an international organisation")


class Meeting(_EventBase):
    """Two or more actors meet or talk directly."""

    event_type: Literal["meeting"] = "meeting"
    mode: MeetingMode = "in_person"

    @model_validator(mode="after")
    def _international(self) -> "Meeting":
        if self.mode == "multilateral" and not any(p.role != "target" for p in self.participants):
            return self  # a summit the text names ("the Venice Economic Summit") without its parties
        self._principal_states_ok()
        return self


class Signing(_EventBase):
    """Actors sign a formal written instrument."""

    event_type: Literal["signing"] = "signing"
    document: str | None = None

    @model_validator(mode="after")
    def _international(self) -> "Signing":
        self._principal_states_ok()
        if len({p.actor.key for p in self.participants if p.role != "target"}) < 2:
            raise ValueError("participants: an instrument binds two or more parties")
        return self


class Statement(_EventBase):
    """An official actor publicly says something."""

    event_type: Literal["statement"] = "statement"
    quote: str | None = None
    stance: Stance = "neutral"

    @model_validator(mode="after")
    def _has_speaker(self) -> "Statement":
        if not any(p.role == "speaker" for p in self.participants):
            raise ValueError("participants: a statement needs a speaker")
        if any(p.role not in ("speaker", "target") for p in self.participants):
            raise ValueError("participants: statement roles are 'speaker' and 'target'")
        return self


Event = Annotated[Union[Meeting, Signing, Statement], Field(discriminator="event_type")]


class ArticleResult(BaseModel):
    """Everything extracted from one article: the unit of work of a build."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    article: Article
    events: list[Event] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _events_fit_article(self) -> "ArticleResult":
        text, aid = self.article.text, self.article.article_id
        for i, event in enumerate(self.events):
            for j, m in enumerate(event.mentions):
                where = f"events[{i}].mentions[{j}]"
                if m.article_id != aid:
                    raise ValueError(f"{where}.article_id: {m.article_id!r} is not this article ({aid!r})")
                if m.char_end > len(text):
                    raise ValueError(f"{where}.char_end: {m.char_end} falls outside the article ({len(text)} characters)")
                if text[m.char_start : m.char_end] != m.text:
                    raise ValueError(f"{where}.text: does not match the article at [{m.char_start}, {m.char_end})")
            published = self.article.published
            # One day of slack: a wire story's local dateline can be a day ahead of its GMT timestamp.
            if event.status == "occurred" and event.date and published and event.date > published + dt.timedelta(days=1):
                raise ValueError(
                    f"events[{i}].date: an occurred event ({event.date}) cannot be after its article ({published})"
                )
        return self
