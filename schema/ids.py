"""Content-derived identifiers: the same record always gets the same id."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache


def digest(*parts: str | None, length: int = 16) -> str:
    """Hex digest of the parts, joined unambiguously; ``None`` counts as empty."""
    h = hashlib.sha256()
    for part in parts:
        h.update((part or "").encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


_NOT_ALNUM = re.compile(r"[\W_]+")  # every character for which str.isalnum() is false


@lru_cache(maxsize=1 << 16)  # the same names come back in every event that names them
def normalise_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, for identity keys."""
    text = name
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(_NOT_ALNUM.sub(" ", text.casefold()).split())


@lru_cache(maxsize=1 << 16)  # called for every pair of participants when events merge
def actor_key(kind: str, name: str, country: str | None) -> str:
    """Identity of an actor across articles: states by code, others by name and country."""
    if kind == "state" and country:
        return f"state|{country}"
    return f"{kind}|{normalise_name(name)}|{country or ''}"


def actor_id(kind: str, name: str, country: str | None) -> str:
    """Stable actor id: a hash of :func:`actor_key`."""
    return "A" + digest(actor_key(kind, name, country))
