"""Choosing the date of an event from the time expressions around it (guide "Dates")."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .context import ArticleContext
from .spans import TimeExpr


@dataclass(frozen=True)
class DateChoice:
    """An event's date with its precision, where it came from and the text that gave it."""

    date: dt.date | None
    precision: str
    source: str
    text: str | None

    @property
    def known(self) -> bool:
        return self.date is not None


UNKNOWN = DateChoice(None, "none", "text", None)


def from_expression(expr: TimeExpr) -> DateChoice:
    """The date a time expression gives."""
    return DateChoice(expr.date, expr.precision, "text", expr.text)


def nearest_time(ctx: ArticleContext, start: int, end: int, anchor: int) -> TimeExpr | None:
    """The time expression in ``[start, end)`` closest to ``anchor`` (ties: the earlier one)."""
    best: tuple[int, int, TimeExpr] | None = None
    dateline = ctx.dateline
    for expr in ctx.times_in(start, end):
        if dateline and dateline.date_start is not None and expr.start == dateline.date_start:
            continue  # the dateline dates the story, not this clause
        if expr.extra.get("anaphoric"):
            continue
        distance = expr.start - anchor if expr.start >= anchor else anchor - expr.end
        key = (distance, expr.start)
        if best is None or key < best[:2]:
            best = (distance, expr.start, expr)
    return best[2] if best else None


def story_date(ctx: ArticleContext) -> DateChoice:
    """Date of an undated statement: the wire dateline's date, else the publication date."""
    dateline = ctx.dateline
    if dateline and dateline.date and dateline.date_start is not None and dateline.kind == "wire":
        return DateChoice(dateline.date, "day", "text", ctx.text[dateline.date_start : dateline.date_end])
    if ctx.article.published:
        return DateChoice(ctx.article.published, "day", "published", None)
    return UNKNOWN
