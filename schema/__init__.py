"""Record models (Pydantic v2) and the Arrow schemas of the release tables derived from them."""
from .countries import check_country_code, country_names, is_country_code
from .ids import actor_id, actor_key, digest, normalise_name
from .models import (
    Actor,
    Article,
    ArticleResult,
    Event,
    Meeting,
    Mention,
    Participant,
    Signing,
    Statement,
)
from .tables import TABLES, SORT_KEYS, ArticleRow, ActorRow, EventRow, MentionRow, ParticipantRow, arrow_schema, table_schema

FORMAT_VERSION = "1"


def json_schema() -> dict:
    """JSON Schema of the extraction records (what ``dipevents schema`` prints)."""
    from pydantic import TypeAdapter

    return TypeAdapter(ArticleResult).json_schema()


__all__ = [
    "Actor", "Article", "ArticleResult", "Event", "Meeting", "Mention", "Participant", "Signing", "Statement",
    "TABLES", "SORT_KEYS", "ArticleRow", "ActorRow", "EventRow", "MentionRow", "ParticipantRow",
    "arrow_schema", "table_schema", "json_schema", "FORMAT_VERSION",
    "check_country_code", "country_names", "is_country_code", "actor_id", "actor_key", "digest", "normalise_name",
]
