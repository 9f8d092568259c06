"""Property tests (issue 6): reading and extraction never raise, and what they produce is valid.

``extract`` must finish on any text, including adversarial text aimed at the rules'
regular expressions, and every record it returns must validate and point at text that
is really in its article. The reader must account for every line of any byte soup.
"""
from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipevents.extractors import extract
from dipevents.extractors.readers import read_articles
from dipevents.schema import Article, ArticleResult
from dipevents.schema.tables import ArticleRow

TODAY = dt.date(2024, 12, 31)
SETTINGS = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])

# Text a coder would recognise as diplomatic news, shuffled: makes the event rules fire.
# Invented people; real countries and organisations, as the gazetteers know them.
VOCABULARY = [
    "President", "Prime Minister", "Foreign Minister", "Defense Minister", "minister", "Kenji Morita",
    "Ana Lopes", "Samuel Otieno", "Japan", "Japanese", "Kenya", "Kenyan", "Portugal", "Israel's",
    "the United States", "China", "Chinese", "the United Nations", "NATO", "the EU", "Tokyo", "TOKYO:",
    "GENEVA, March 3 -", "met", "met with", "held talks with", "visited", "received", "hosted",
    "spoke by phone with", "signed", "a memorandum", "the Agreement on Trade", "treaty", "said", "said that",
    "told reporters", "condemned", "welcomed", "criticised", "agreed to", "will meet", "next week",
    "on Tuesday", "last month", "in 2023", "on March 3", "called off", "did not meet", "summit",
    "the two", "he", "she", "his counterpart", "both sides", "of the", "and", "with", "in", "on", "at",
    "“", "”", '"', "'", "(", ")", ",", ".", ";", ":", "-", "—", "\n", "\n\n", "\r\n", " ",
]

any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=1500)
newsy_text = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=250).map(" ".join)
spacey_text = st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u2028\u3000.Ax\"“", min_size=1, max_size=3000)


@st.composite
def articles(draw: st.DrawFn, text: st.SearchStrategy[str]) -> Article:
    body = draw(text.filter(lambda t: t.strip()))
    return Article(
        article_id=draw(st.sampled_from(["a", "../../etc/passwd", "dir/x.txt", "ü-1"])),
        text=body,
        published=draw(st.one_of(st.none(), st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)))),
        body_start=draw(st.integers(0, len(body))),
    )


def check_result(article: Article, result: ArticleResult) -> None:
    """The result belongs to the article, revalidates, and every offset points at its text."""
    assert isinstance(result, ArticleResult)
    assert result.article == article
    dumped = result.model_dump(mode="json")
    for event in dumped["events"]:
        event.pop("countries")  # computed, not an input field
    assert ArticleResult.model_validate(dumped) == result
    for event in result.events:
        assert event.participants and event.mentions
        for mention in event.mentions:
            assert mention.article_id == article.article_id
            assert 0 <= mention.char_start < mention.char_end <= len(article.text)
            assert article.text[mention.char_start : mention.char_end] == mention.text


@SETTINGS
@given(articles(any_text))
def test_extract_never_raises_on_arbitrary_text(article: Article) -> None:
    check_result(article, extract(article))


@SETTINGS
@given(articles(newsy_text))
def test_extract_records_on_newsy_text_are_valid(article: Article) -> None:
    check_result(article, extract(article))


@settings(deadline=None, max_examples=25)
@given(articles(spacey_text))
def test_extract_on_whitespace_and_quotes(article: Article) -> None:
    check_result(article, extract(article))


def test_newsy_strategy_does_produce_events() -> None:
    """Guard for the properties above: the vocabulary does make the rules fire."""
    text = "TOKYO: Japanese Prime Minister Kenji Morita met Kenyan President Samuel Otieno in Tokyo on Tuesday."
    article = Article(article_id="a", text=text, published=dt.date(2024, 11, 6))
    result = extract(article)
    check_result(article, result)
    assert any(e.event_type == "meeting" for e in result.events)


ADVERSARIAL = {
    "capitalised run": "TOKYO: " + " ".join(f"Minister Alpha{i % 7} Beta Gamma" for i in range(6000)) + ".",
    "said said said": "Kenyan President Samuel Otieno " + "said " * 8000 + "that talks went well.",
    "one megabyte without punctuation": "Japan and Kenya met " + "and the ministers of Japan talked " * 31000,
    "nested quotes": "Otieno said " + "“he said ‘she said \"" * 3000 + "yes" + "\"’”" * 3000 + ".",
    "of the": "The Foreign Minister " + "of the " * 60000 + "United Nations met Japan's Prime Minister.",
    "open brackets": "NATO (" * 20000 + "met",
    "one long line of titles": "Prime Minister President Foreign Minister " * 5000,
    "only newlines": "Japan\n" + "\n" * 200000 + "Kenya met.",
    "many people at one meeting": " ".join(
        f"Minister John{i} Smith{i} of Japan met President Ana{i} Lopes{i} of Kenya." for i in range(600)
    ),
    "many quoted statements": " ".join(
        f"“We agree,” Japanese Foreign Minister Kenji Morita said on Monday of Kenya{i}." for i in range(600)
    ),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_extract_finishes_on_adversarial_text(name: str) -> None:
    text = ADVERSARIAL[name]
    article = Article(article_id=name, text=text, published=dt.date(2024, 11, 6))
    check_result(article, extract(article))


# ---------------------------------------------------------------- the reader on byte soup


def _read_bytes(name: str, data: bytes) -> list[Article | ArticleRow]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return list(read_articles([path], today=TODAY, notice=lambda _: None))


def _non_blank_lines(data: bytes) -> int:
    pieces = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    return sum(1 for p in pieces if p.removeprefix(b"\xef\xbb\xbf").strip())


line_soup = st.lists(
    st.one_of(
        st.binary(max_size=60),
        st.builds(
            lambda i, t, p: json.dumps({"id": i, "text": t, "published": p}),
            st.one_of(st.text(max_size=8), st.integers(), st.none()),
            st.one_of(st.text(max_size=40), st.integers()),
            st.one_of(st.sampled_from(["2023-03-06", "2023-02-30", "2999-01-01", "x", ""]), st.none()),
        ).map(str.encode),
    ),
    max_size=12,
)


@SETTINGS
@given(line_soup, st.sampled_from([b"\n", b"\r\n", b"\r"]))
def test_every_jsonl_line_is_accounted_for(lines: list[bytes], newline: bytes) -> None:
    data = newline.join(lines)
    found = _read_bytes("soup.jsonl", data)
    assert len(found) == _non_blank_lines(data)
    for record in found:
        if isinstance(record, ArticleRow):
            assert record.status == "rejected" and record.error and "soup.jsonl, line " in record.error


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_as_a_text_file_give_exactly_one_record(data: bytes) -> None:
    (record,) = _read_bytes("soup.txt", data)
    if isinstance(record, Article):
        assert record.text == data.decode("utf-8-sig")
        assert 0 <= record.body_start <= len(record.text)
    else:
        assert record.status == "rejected" and "soup.txt" in record.error


@SETTINGS
@given(st.text(min_size=1, max_size=300))
def test_json_text_comes_back_exactly_or_is_explained(text: str) -> None:
    line = json.dumps({"id": "t", "text": text, "published": "2023-03-06"}).encode()
    (record,) = _read_bytes("one.jsonl", line)
    if isinstance(record, Article):
        assert record.text == text
    else:
        assert not text.strip() or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)
        assert record.error
