"""The fast name normalisation gives what the plain per-character definition gives."""
from __future__ import annotations

import unicodedata

from hypothesis import given, strategies as st

from dipevents.schema.ids import normalise_name


def reference(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = "".join(ch if ch.isalnum() else " " for ch in text.casefold())
    return " ".join(text.split())


@given(st.text(max_size=40))
def test_normalise_name_matches_the_reference_on_any_text(name):
    assert normalise_name(name) == reference(name)


def test_normalise_name_on_names_from_the_news():
    for name in ["Recep Tayyip Erdoğan", "Igor Matovič", "HAMADA Yasukazu", "al-Sabah", "O'Neill", "Ms_Name", "Zoë  Ñúñez", "Ⅻ Ⅳ"]:
        assert normalise_name(name) == reference(name)
    assert normalise_name("Recep Tayyip Erdoğan") == "recep tayyip erdogan"
