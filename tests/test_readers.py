"""read_articles and parse_text_article on well-formed input: fields, ids, offsets, order."""
from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dipevents.extractors.readers import parse_text_article, read_articles
from dipevents.schema.models import Article
from dipevents.schema.tables import ArticleRow

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SHARED = Path(__file__).resolve().parents[2] / "shared"
TODAY = dt.date(2024, 12, 31)

SEED_LIKE = (
    "Portugal and Kenya sign maritime memorandum\n"
    "\n"
    "Monday, March 6, 2023\n"
    "\n"
    "Coastal Wire\n"
    "By Ines Duarte\n"
    "\n"
    "GENEVA: Foreign Minister Ana Lopes of Portugal met Joseph Mwangi of Kenya on Monday.\n"
    "\n"
    "Lopes said the memorandum would help both navies.\n"
)


def read(*paths: Path | str, today: dt.date = TODAY) -> list[Article | ArticleRow]:
    return list(read_articles(paths, today=today, notice=lambda _: None))


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_seed_layout_text_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(SEED_LIKE.encode("utf-8"))
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.article_id == "story.txt"  # a file given directly: its name
    assert article.text == SEED_LIKE  # the whole file, exactly
    assert article.title == "Portugal and Kenya sign maritime memorandum"
    assert article.published == dt.date(2023, 3, 6)
    assert article.source == "Coastal Wire"
    assert article.byline == "By Ines Duarte"
    assert article.text[article.body_start :].startswith("GENEVA: Foreign Minister")


def test_text_file_without_source_or_byline(tmp_path: Path) -> None:
    text = "Talks in Geneva\n\nMonday, March 6, 2023\n\nGENEVA: Ministers of Portugal and Kenya met on Monday.\n"
    article = parse_text_article(text, "t.txt", today=TODAY)
    assert (article.source, article.byline) == (None, None)
    assert article.text[article.body_start :].startswith("GENEVA:")


def test_text_file_with_iso_date_line_and_no_blank_lines() -> None:
    text = "Talks in Geneva\n2023-03-06\nBy Ines Duarte\nGENEVA: Ministers of Portugal and Kenya met on Monday.\n"
    article = parse_text_article(text, "t.txt", today=TODAY)
    assert article.published == dt.date(2023, 3, 6)
    assert article.byline == "By Ines Duarte"
    assert article.source is None
    assert article.text[article.body_start :].startswith("GENEVA:")


def test_parse_text_article_explains_a_missing_date() -> None:
    with pytest.raises(ValueError, match="no publication date"):
        parse_text_article("Talks in Geneva\n\nGENEVA: Ministers met on Monday.\n", "t.txt", today=TODAY)


def test_folder_ids_are_relative_posix_paths_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(SEED_LIKE, encoding="utf-8")
    (tmp_path / "b" / "deep" / "c.txt").write_text(SEED_LIKE, encoding="utf-8")
    (tmp_path / "b" / "a.txt").write_text(SEED_LIKE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(SEED_LIKE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    notices: list[str] = []
    ids = [a.article_id for a in read_articles([tmp_path], today=TODAY, notice=notices.append)]
    assert ids == ["a.txt", "b/a.txt", "b/deep/c.txt"]
    assert any("notes.md" in n and "skipped" in n for n in notices)


def test_jsonl_fields_extra_and_dates(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl",
        {"id": "a", "text": "GENEVA: Talks.", "published": "2023-03-06", "title": "T", "source": "S",
         "url": "https://example.org/a", "lang": "en", "tags": ["x", 1]},
        {"id": 7, "text": "Talks.", "published": "2023-03-06T23:30:00-05:00"},
        {"id": "c", "text": "Talks.", "published": "2023-03-06 08:00:00", "byline": "By A. Writer", "title": ""},
    )
    a, b, c = read(path)
    assert (a.article_id, a.title, a.source, a.url) == ("a", "T", "S", "https://example.org/a")
    assert a.extra == {"lang": "en", "tags": ["x", 1]}
    assert b.article_id == "7"  # integer ids are kept, written in decimal
    assert b.published == dt.date(2023, 3, 6)  # the date as written, no time-zone shift
    assert c.published == dt.date(2023, 3, 6)
    assert c.byline == "By A. Writer" and c.extra == {"byline": "By A. Writer"}
    assert c.title is None  # an empty title is no title


def test_jsonl_without_published_takes_the_dateline_date(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", {"id": "a", "text": "Monday, March 6, 2023\n\nGENEVA: Ministers met."})
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.published == dt.date(2023, 3, 6)


def test_gzip_and_json_array(tmp_path: Path) -> None:
    records = [{"id": f"r{i}", "text": f"Text {i}.", "published": "2023-03-06"} for i in range(3)]
    with gzip.open(tmp_path / "in.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(r) for r in records))
    (tmp_path / "arr.json").write_text(json.dumps(records[:2]), encoding="utf-8")
    assert [a.article_id for a in read(tmp_path / "in.jsonl.gz")] == ["r0", "r1", "r2"]
    assert [a.article_id for a in read(tmp_path / "arr.json")] == ["r0", "r1"]


def test_gzipped_text_file(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "story.txt.gz", "wb") as handle:
        handle.write(SEED_LIKE.encode("utf-8"))
    (article,) = read(tmp_path / "story.txt.gz")
    assert article.text == SEED_LIKE and article.published == dt.date(2023, 3, 6)


def test_stream_is_lazy_and_missing_paths_fail_at_once(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", *({"id": str(i), "text": "x", "published": "2023-03-06"} for i in range(5)))
    stream = read_articles([path], today=TODAY)
    assert isinstance(stream, Iterator)
    assert next(stream).article_id == "0"
    with pytest.raises(FileNotFoundError, match="nowhere.jsonl"):
        read_articles([path, tmp_path / "nowhere.jsonl"])  # before any record is read


def test_reading_twice_gives_the_same_records() -> None:
    first = [r.model_dump() for r in read(EXAMPLES)]
    second = [r.model_dump() for r in read(EXAMPLES)]
    assert first == second and len(first) == 18


def test_examples_agree_across_formats() -> None:
    texts = {a.article_id: a for a in read(EXAMPLES / "texts")}
    lines = {a.article_id: a for a in read(EXAMPLES / "articles.jsonl")}
    assert len(texts) == len(lines) == 9
    assert all(isinstance(a, Article) for a in [*texts.values(), *lines.values()])
    for name, from_text in texts.items():
        from_line = lines[name.removesuffix(".txt")]
        assert (from_line.title, from_line.published, from_line.source) == (
            from_text.title, from_text.published, from_text.source)
        assert from_line.text == from_text.text[from_text.body_start :].rstrip("\n")
        assert from_line.extra["byline"] == from_text.byline


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared is not available")
def test_seed_article_layout() -> None:
    (article,) = [a for a in read(SHARED / "seeds") if a.article_id.startswith("000_")]
    assert article.published == dt.date(2022, 8, 31)
    assert article.source == "PanOrient News" and article.byline.startswith("By ")
    assert article.text[article.body_start :].startswith("TOKYO:")


def test_written_publication_dates_are_read_with_dateparser(tmp_path):
    import json

    from dipevents.extractors.readers import read_articles

    path = tmp_path / "dates.jsonl"
    rows = [("rfc", "Wed, 31 Aug 2022 10:00:00 GMT"), ("long", "August 31, 2022"),
            ("numeric", "06/03/2023"), ("relative", "yesterday"), ("monthonly", "March 2022")]
    path.write_text("".join(json.dumps({"id": i, "text": "Japan met Israel.", "published": v}) + "\n" for i, v in rows),
                    encoding="utf-8")
    got = {r.article_id: r for r in read_articles([path])}
    assert str(got["rfc"].published) == "2022-08-31" and str(got["long"].published) == "2022-08-31"
    for rejected in ("numeric", "relative", "monthonly"):
        assert got[rejected].status == "rejected" and "not an ISO date" in got[rejected].error
