"""The release tables of ``release-format.md``: one row model per table, and the Arrow
schemas derived from those models, so that column names and types live in one place.
"""
from __future__ import annotations

import types
import typing
import datetime as dt
from typing import Annotated, Literal, Union, get_args, get_origin

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field

from .models import ActorKind, ArticleStatus, DateSource, MeetingMode, Precision, Role, Stance, Status


class ArrowType:
    """Annotation marker that pins the Arrow type of a field (e.g. int32 instead of int64)."""

    def __init__(self, type_: pa.DataType) -> None:
        self.type = type_


Int32 = Annotated[int, Field(ge=-(2**31), lt=2**31), ArrowType(pa.int32())]

_ROW = ConfigDict(extra="forbid", frozen=True)


class EventRow(BaseModel):
    """events.parquet: one row per distinct event, merged across articles."""

    model_config = _ROW
    event_id: str
    event_type: Literal["meeting", "signing", "statement"]
    status: Status
    mode: MeetingMode | None
    date: dt.date | None
    date_precision: Precision
    date_source: DateSource
    location: str | None
    location_country: str | None
    countries: list[str]
    document: str | None
    quote: str | None
    stance: Stance | None
    summary: str
    cameo: str
    n_articles: Int32
    n_mentions: Int32


class ParticipantRow(BaseModel):
    """participants.parquet: one row per (event, actor, role)."""

    model_config = _ROW
    event_id: str
    actor_id: str
    role: Role


class ActorRow(BaseModel):
    """actors.parquet: one row per distinct actor."""

    model_config = _ROW
    actor_id: str
    kind: ActorKind
    name: str
    title: str | None
    country: str | None


class MentionRow(BaseModel):
    """mentions.parquet: one row per (event, article, place in the text)."""

    model_config = _ROW
    event_id: str
    article_id: str
    char_start: Int32
    char_end: Int32
    text: str
    rule: str
    date_text: str | None


class ArticleRow(BaseModel):
    """articles.parquet: one row per input record, rejected ones included."""

    model_config = _ROW
    article_id: str
    title: str | None
    published: dt.date | None
    source: str | None
    url: str | None
    sha256: str
    status: ArticleStatus
    error: str | None
    extra: str | None


TABLES: dict[str, type[BaseModel]] = {
    "events": EventRow,
    "participants": ParticipantRow,
    "actors": ActorRow,
    "mentions": MentionRow,
    "articles": ArticleRow,
}

# Order in which rows are sorted before writing: makes the bytes reproducible.
SORT_KEYS: dict[str, list[str]] = {
    "events": ["event_id"],
    "participants": ["event_id", "role", "actor_id"],
    "actors": ["actor_id"],
    "mentions": ["event_id", "article_id", "char_start", "char_end", "rule"],
    "articles": ["article_id", "sha256"],
}

_SCALARS: dict[type, pa.DataType] = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(), dt.date: pa.date32()}


def _arrow_type(annotation: object) -> tuple[pa.DataType, bool]:
    """Arrow type of a Python annotation, and whether it is nullable."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *meta = get_args(annotation)
        pinned = [m.type for m in meta if isinstance(m, ArrowType)]
        arrow, nullable = _arrow_type(base)
        return (pinned[0] if pinned else arrow), nullable
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"cannot map union {annotation!r} to one Arrow type")
        arrow, _ = _arrow_type(args[0])
        return arrow, True
    if origin is Literal:
        return _arrow_type(type(get_args(annotation)[0]))[0], False
    if origin is list:
        (item,) = get_args(annotation)
        return pa.list_(_arrow_type(item)[0]), False
    if isinstance(annotation, type) and annotation in _SCALARS:
        return _SCALARS[annotation], False
    raise TypeError(f"no Arrow type for annotation {annotation!r}")


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """Arrow schema of a row model, in field order; Optional fields are nullable."""
    hints = typing.get_type_hints(model, include_extras=True)
    fields = []
    for name in model.model_fields:
        arrow, nullable = _arrow_type(hints[name])
        fields.append(pa.field(name, arrow, nullable=nullable))
    return pa.schema(fields)


def table_schema(table: str) -> pa.Schema:
    """Arrow schema of one release table by name (``events``, ``mentions``, ...)."""
    return arrow_schema(TABLES[table])
