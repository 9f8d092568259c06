"""Bad input (issue 6): every record comes out as an Article or an explained reject; nothing raises.

The nasty files live in ``tests/fixtures/nasty`` (written by ``tests/fixtures/make_nasty.py``);
big inputs are generated here at run time.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from dipevents.extractors.readers import read_articles
from dipevents.schema import Article as PublicArticle
from dipevents.schema.models import Article
from dipevents.schema.tables import ArticleRow

NASTY = Path(__file__).resolve().parent / "fixtures" / "nasty"
TODAY = dt.date(2024, 12, 31)


def read(*paths: Path, today: dt.date = TODAY, notices: list[str] | None = None) -> list[Article | ArticleRow]:
    sink = notices.append if notices is not None else (lambda _: None)
    return list(read_articles(paths, today=today, notice=sink))


def by_id(records: list[Article | ArticleRow]) -> dict[str, Article | ArticleRow]:
    return {r.article_id: r for r in records}


def rejects(records: list[Article | ArticleRow]) -> dict[str, str]:
    return {r.article_id: r.error for r in records if isinstance(r, ArticleRow)}


@pytest.fixture(scope="module")
def records() -> list[Article | ArticleRow]:
    return read(NASTY / "records.jsonl")


def test_every_non_blank_line_is_accounted_for(records: list[Article | ArticleRow]) -> None:
    lines = (NASTY / "records.jsonl").read_bytes().split(b"\n")
    assert len(records) == sum(1 for line in lines if line.strip())
    for record in records:
        assert isinstance(record, (Article, ArticleRow))
        if isinstance(record, ArticleRow):
            assert record.status == "rejected"
            assert re.fullmatch(r"[0-9a-f]{64}", record.sha256)
            assert record.error.startswith(f"{NASTY / 'records.jsonl'}, line ")


@pytest.mark.parametrize(
    ("article_id", "words"),
    [
        ("records.jsonl:2", "line 2: malformed JSON"),
        ("records.jsonl:3", "line 3: no 'id' field"),
        ("records.jsonl:4", "'id' is empty"),
        ("no-text", "no 'text' field"),
        ("empty-text", "'text' is empty"),
        ("number-text", "'text' is a number, expected a string"),
        ("bad-date", "'06/03/2023' is not an ISO date"),
        ("impossible-date", "'2023-02-30' is not a real date"),
        ("future-date", "in the future (2999-01-01, today is 2024-12-31)"),
        ("placeholder-date", "is before 1800"),
        ("records.jsonl:12", "the record is an array, expected a JSON object"),
        ("records.jsonl:13", "NaN is not a JSON number"),
        ("records.jsonl:14", "key 'text' appears twice"),
        ("records.jsonl:18", "nested too deeply"),
        ("surrogate", "unpaired UTF-16 surrogate"),
        ("no-date-no-dateline", "no publication date"),
        ("bad-title", "'title' is an array"),
    ],
)
def test_rejects_say_what_is_wrong(records: list[Article | ArticleRow], article_id: str, words: str) -> None:
    assert words in rejects(records)[article_id]


def test_rejected_record_keeps_what_is_known(records: list[Article | ArticleRow]) -> None:
    reject = by_id(records)["bad-date"]
    assert isinstance(reject, ArticleRow) and reject.published is None
    raw_line = (NASTY / "records.jsonl").read_bytes().split(b"\n")[7]
    import hashlib

    assert reject.sha256 == hashlib.sha256(raw_line).hexdigest()


def test_odd_but_valid_records_are_accepted(records: list[Article | ArticleRow]) -> None:
    found = by_id(records)
    for article_id in ("ok-1", "../../etc/passwd", "html", "french", "12345", "dated-by-text"):
        assert isinstance(found[article_id], Article), article_id
    assert found["html"].text.startswith("<p>GENEVA: <b>")  # HTML kept as-is
    assert found["12345"].extra == {"lang": "en"}


def test_path_like_id_is_kept_verbatim_and_valid() -> None:
    article = PublicArticle(article_id="../../etc/passwd", text="x")
    assert article.article_id == "../../etc/passwd"
    (record,) = [r for r in read(NASTY / "records.jsonl") if r.article_id == "../../etc/passwd"]
    assert record == Article(**{**record.model_dump(), "article_id": "../../etc/passwd"})


@pytest.mark.parametrize("name", ["crlf.jsonl", "cr.jsonl", "bom.jsonl", "good.jsonl.gz", "array.json"])
def test_line_ends_bom_and_containers(name: str) -> None:
    found = read(NASTY / name)
    assert [r.article_id for r in found] == (["r0", "r1"] if name == "array.json" else ["r0", "r1", "r2"])
    assert all(isinstance(r, Article) for r in found)
    assert found[0].text.endswith("\r\nSecond line 0.")  # CR LF inside the text value is kept


def test_invalid_utf8_line_is_rejected_and_the_rest_read() -> None:
    found = read(NASTY / "invalid_utf8.jsonl")
    assert [r.article_id for r in found] == ["r0", "invalid_utf8.jsonl:2", "r1"]
    assert "line 2: not valid UTF-8 (byte 0xe9" in found[1].error


def test_empty_files_give_no_records_and_a_notice() -> None:
    notices: list[str] = []
    assert read(NASTY / "empty.jsonl", NASTY / "blank_lines.jsonl", notices=notices) == []
    assert len(notices) == 2 and all("no articles" in n for n in notices)


def test_truncated_gzip_keeps_what_was_read_and_says_where_it_stopped() -> None:
    found = read(NASTY / "truncated.jsonl.gz")
    *good, last = found
    assert good and all(isinstance(r, Article) for r in good)
    assert isinstance(last, ArticleRow)
    assert "truncated" in last.error and f"{len(good)} record(s) before this point" in last.error


@pytest.mark.parametrize("name", ["lf.txt", "crlf.txt", "cr.txt", "bom.txt"])
def test_text_line_ends_and_bom(name: str) -> None:
    (article,) = read(NASTY / "texts" / name)
    raw = (NASTY / "texts" / name).read_bytes()
    assert article.text == raw.decode("utf-8-sig")  # exactly as read, line ends untouched
    assert article.published == dt.date(2023, 3, 6)
    assert article.byline == "By Ines Duarte" and article.source == "Coastal Wire"
    assert article.text[article.body_start :].startswith("GENEVA: Foreign Minister")


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("binary.txt", "binary file"),
        ("latin1.txt", "line 11: not valid UTF-8"),
        ("empty.txt", "empty file"),
        ("no_date.txt", "no publication date"),
        ("bad_date.txt", "'Monday, February 30, 2023', is not a date"),
        ("future.txt", "in the future"),
    ],
)
def test_bad_text_files_are_rejected(name: str, words: str) -> None:
    (record,) = read(NASTY / "texts" / name)
    assert isinstance(record, ArticleRow) and record.article_id == name
    assert words in record.error and str(NASTY / "texts" / name) in record.error


def test_html_text_file_is_accepted() -> None:
    (article,) = read(NASTY / "texts" / "html.txt")
    assert isinstance(article, Article) and "<b>met</b>" in article.text[article.body_start :]


def test_whole_fixture_folder_never_raises_and_is_deterministic() -> None:
    first = read(NASTY)
    assert [r.model_dump() for r in first] == [r.model_dump() for r in read(NASTY)]
    ids = [r.article_id for r in first]
    assert "texts/binary.txt" in ids and "records.jsonl:2" in ids


def test_future_tolerance_is_one_day(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": "tomorrow", "text": "x", "published": "2025-01-01"}) + "\n"
        + json.dumps({"id": "later", "text": "x", "published": "2025-01-02"}) + "\n",
        encoding="utf-8",
    )
    tomorrow, later = read(path)
    assert isinstance(tomorrow, Article) and isinstance(later, ArticleRow)


def test_fifty_megabyte_article(tmp_path: Path) -> None:
    paragraph = "GENEVA: The ministers of Portugal and Kenya met on Monday and talked about fisheries.\n\n"
    body = paragraph * (50_000_000 // len(paragraph))
    (tmp_path / "big.txt").write_text("Big story\n\n2023-03-06\n\n" + body, encoding="utf-8")
    (tmp_path / "big.jsonl").write_text(json.dumps({"id": "big", "text": body, "published": "2023-03-06"}), encoding="utf-8")
    from_text, from_line = read(tmp_path / "big.txt", tmp_path / "big.jsonl")
    for reject in (from_text, from_line):  # by default: rejected, and why
        assert isinstance(reject, ArticleRow) and reject.status == "rejected"
        assert "characters long, more than the 2,000,000 an article may have" in reject.error
    assert from_line.sha256 == PublicArticle(article_id="x", text=body).sha256
    header = "Big story\n\n2023-03-06\n\n"
    assert f"{len(header) + len(body):,} characters" in from_text.error  # the file was read whole
    (from_line,) = read_articles([tmp_path / "big.jsonl"], today=TODAY, max_chars=None)
    assert isinstance(from_line, Article) and from_line.text == body


def test_unreadable_optional_field_types(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": "p", "text": "x", "published": 20230306}) + "\n"
        + json.dumps({"id": True, "text": "x", "published": "2023-03-06"}) + "\n"
        + json.dumps({"id": "tab\there", "text": "x", "published": "2023-03-06"}) + "\n",
        encoding="utf-8",
    )
    found = rejects(read(path))
    assert "'published' is a number" in found["p"]
    assert "'id' is a boolean" in found["in.jsonl:2"]
    assert "control characters" in found["in.jsonl:3"]


def test_one_megabyte_sentence_is_read_whole(tmp_path: Path) -> None:
    sentence = "Japan and Kenya met " + "and the ministers of Japan talked " * 31000  # > 1 MB, no punctuation
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"id": "long", "text": sentence, "published": "2023-03-06"}), encoding="utf-8")
    (article,) = read(path)
    assert isinstance(article, Article) and article.text == sentence
