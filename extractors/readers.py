"""Reading input articles: JSON Lines (plain or gzipped) and plain-text files, lazily.

:func:`read_articles` turns input paths into a stream of :class:`Article` (good records)
and :class:`ArticleRow` with ``status="rejected"`` (bad records). It never raises on bad
data and never drops a record silently: every record of every file comes out as one or
the other, and a rejection's ``error`` says which file, which line and what was wrong.

Choices (see ``release-format.md``, "Input"):

- **Text is kept exactly as read.** No newline translation (CRLF and CR stay in the text,
  so offsets match the bytes on disk) and no Unicode normalisation. The one exception is
  a UTF-8 byte-order mark at the very start of a file, which is an encoding marker, not
  text: it is dropped (the file is decoded as ``utf-8-sig``).
- **Invalid UTF-8 is rejected, not repaired.** A JSON line or a text file that is not
  valid UTF-8 becomes a reject naming the byte where decoding failed. Replacing bytes
  would silently change the text the offsets refer to; a researcher can fix the
  encoding and rebuild. Files with NUL bytes are rejected as binary.
- **JSON Lines** accept LF, CRLF and old-Mac CR line ends; blank lines are skipped; a
  byte-order mark at the start of a line is ignored. A ``.json`` file whose content is
  a JSON array is read as a list of records.
- **Publication dates** are ISO dates or datetimes; the date is taken as written (no time
  zone conversion). A missing or empty ``published`` falls back to the dateline of the
  text. Dates that are malformed, impossible (2022-02-30), before
  :data:`EARLIEST_PUBLISHED` or more than :data:`FUTURE_TOLERANCE` after today reject
  the record.
- **Length**: an article longer than ``max_chars`` (default :data:`MAX_ARTICLE_CHARS`, twenty
  times the longest article in the Reuters, Wikinews and VOA corpora) is rejected: it is
  almost surely a dump or several articles glued together, and extraction time grows
  faster than linearly on such text. Pass ``max_chars=None`` to read it anyway.
- **Ids are opaque strings**, kept verbatim (``../../etc/passwd`` is just a name); an
  integer id is accepted and written in decimal. Nothing in dipevents uses an id as a
  path. A record without a usable id is reported as ``<file>:<line>``.
"""
from __future__ import annotations

import codecs
import datetime as dt
import gzip
import hashlib
import json
import logging
import math
import os
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from pydantic import ValidationError

from dipevents.schema.models import Article
from dipevents.schema.tables import ArticleRow

from .dateline import find_dateline, parse_date_line

log = logging.getLogger(__name__)

JSONL_SUFFIXES = (".jsonl.gz", ".json.gz", ".jsonl", ".json", ".gz")
TEXT_SUFFIXES = (".txt.gz", ".txt")
EARLIEST_PUBLISHED = dt.date(1800, 1, 1)  # earlier dates are placeholders (0001-01-01), not news
FUTURE_TOLERANCE = dt.timedelta(days=1)  # time zones: "tomorrow" somewhere is today here
MAX_TEXT_BYTES = 256 * 1024 * 1024  # never read a bigger text file into memory
MAX_ARTICLE_CHARS = 2_000_000
KNOWN_FIELDS = ("id", "text", "published", "title", "source", "url")
_MAX_TITLE_CHARS = 300  # a longer first line of a text file is body, not a headline
_MAX_HEADER_LINE = 120  # source and byline lines are short
_LINE_END = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BOM = codecs.BOM_UTF8

Record = Article | ArticleRow
Notice = Callable[[str], None]


class _Reject(Exception):
    """A record is bad: ``message`` says what, in words a researcher understands."""


@dataclass(frozen=True)
class _Source:
    """One input file: where it is, and how records in it are named."""

    path: Path  # as found, for error messages
    name: str  # relative to the argument it came from, '/'-separated: for ids

    def where(self, line: int | None = None) -> str:
        return f"{self.path}, line {line}" if line is not None else str(self.path)

    def fallback_id(self, line: int | None = None) -> str:
        return f"{self.name}:{line}" if line is not None else self.name


def read_articles(
    paths: Iterable[str | Path],
    *,
    today: dt.date | None = None,
    notice: Notice | None = None,
    max_chars: int | None = MAX_ARTICLE_CHARS,
) -> Iterator[Record]:
    """Stream the articles of ``paths`` (files or folders), in a deterministic order.

    Yields an :class:`Article` for each good record and an :class:`ArticleRow` with
    ``status="rejected"`` and a readable ``error`` for each bad one. Folders are read
    recursively in sorted order (hidden files and unknown extensions skipped, with a
    notice); a text file's id is its path relative to the folder given, or its file name
    when given directly. ``today`` (default: the current date) bounds publication dates;
    ``notice`` receives messages about things that are not records (an empty file, a
    skipped file); by default they go to the ``dipevents.extractors.readers`` logger.
    An article longer than ``max_chars`` characters is rejected (None: no limit).

    Raises FileNotFoundError at once (before streaming) if a path does not exist: that
    is a mistake in the command, not bad data.
    """
    given = [Path(p) for p in paths]
    missing = [str(p) for p in given if not p.exists()]
    if missing:
        raise FileNotFoundError(f"input not found: {', '.join(missing)}")
    return _stream(given, today or dt.date.today(), notice or log.warning, max_chars)


def _stream(given: list[Path], today: dt.date, notice: Notice, max_chars: int | None) -> Iterator[Record]:
    for path in given:
        if path.is_dir():
            sources = list(_walk(path, notice))
            if not sources:
                notice(f"{path}: folder holds no .jsonl, .json, .gz or .txt files")
        else:
            sources = [_Source(path, path.name)]
        for source in sources:
            for record in _read_file(source, today, notice):
                yield _check_length(record, source, max_chars)


def _check_length(record: Record, source: _Source, max_chars: int | None) -> Record:
    if max_chars is None or not isinstance(record, Article) or len(record.text) <= max_chars:
        return record
    return ArticleRow(
        article_id=record.article_id, title=record.title, published=record.published, source=record.source,
        url=record.url, sha256=record.sha256, status="rejected",
        error=(f"{source.path} (id {record.article_id!r}): the text is {len(record.text):,} characters long, "
               f"more than the {max_chars:,} an article may have; probably a dump or several articles "
               "joined together (read_articles(max_chars=None) reads it anyway)"),
        extra=json.dumps(record.extra, ensure_ascii=False, sort_keys=True) if record.extra else None,
    )


def _walk(root: Path, notice: Notice) -> Iterator[_Source]:
    """Input files under ``root``, sorted by relative path; symlinked folders are not followed."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if name.startswith("."):
                continue
            if not name.lower().endswith(JSONL_SUFFIXES + TEXT_SUFFIXES):
                notice(f"{path}: skipped (not .jsonl, .json, .gz or .txt)")
                continue
            yield _Source(path, rel)


def _read_file(source: _Source, today: dt.date, notice: Notice) -> Iterator[Record]:
    name = source.path.name.lower()
    if name.endswith(TEXT_SUFFIXES):
        yield _read_text_file(source, today)
    elif name.endswith(JSONL_SUFFIXES):
        yield from _read_jsonl(source, today, notice)
    else:
        # Named explicitly with an unknown extension: read it as a plain-text article.
        yield _read_text_file(source, today)


# ---------------------------------------------------------------- JSON Lines


def _open_binary(path: Path):  # -> BinaryIO
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _raw_lines(source: _Source) -> Iterator[tuple[int, bytes]]:
    """Numbered raw lines of a (gzipped) file, split at LF, CRLF or CR."""
    number = 0
    with _open_binary(source.path) as handle:
        for chunk in handle:  # split at LF by the C reader: fast
            if chunk.endswith(b"\n"):
                chunk = chunk[:-2] if chunk.endswith(b"\r\n") else chunk[:-1]
            if b"\r" in chunk:  # old-Mac line ends (or stray CRs): more lines inside
                for piece in chunk.split(b"\r"):
                    number += 1
                    yield number, piece
            else:
                number += 1
                yield number, chunk


def _read_jsonl(source: _Source, today: dt.date, notice: Notice) -> Iterator[Record]:
    line = 0
    n_records = 0
    try:
        if source.path.name.lower().endswith(".json") and _starts_with_array(source.path):
            yield from _read_json_array(source, today)
            return
        for line, raw in _raw_lines(source):
            if raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            if not raw.strip():
                continue
            n_records += 1
            yield _record_from_line(source, line, raw, today)
    except (OSError, EOFError, zlib.error) as exc:
        # A truncated or corrupt gzip stream, or a read error: what follows is unreadable.
        yield _rejected(
            source.fallback_id(line + 1),
            hashlib.sha256(str(source.path).encode()).hexdigest(),
            f"{source.where(line + 1)}: cannot read the file from here on ({_describe_os_error(exc)}); "
            f"{n_records} record(s) before this point were read",
        )
        return
    if n_records == 0:
        notice(f"{source.path}: no articles (the file is empty or has only blank lines)")


def _describe_os_error(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "compressed data ends early: the file is truncated"
    if isinstance(exc, gzip.BadGzipFile):
        return f"not valid gzip data: {exc}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _starts_with_array(path: Path) -> bool:
    with _open_binary(path) as handle:
        head = handle.read(4096)
    return head.lstrip(_BOM).lstrip().startswith(b"[")


def _read_json_array(source: _Source, today: dt.date) -> Iterator[Record]:
    raw = _open_binary(source.path).read()
    digest = hashlib.sha256(raw).hexdigest()
    try:
        items = _loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        yield _rejected(source.fallback_id(), digest, f"{source.where()}: {_utf8_message(raw, exc)}")
        return
    except _Reject as exc:
        yield _rejected(source.fallback_id(), digest, f"{source.where()}: {exc}")
        return
    for index, item in enumerate(items, 1):
        item_raw = json.dumps(item, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")
        where = f"{source.path}, item {index}"
        yield _record_from_object(item, where, source.fallback_id(index), item_raw, today)


def _record_from_line(source: _Source, line: int, raw: bytes, today: dt.date) -> Record:
    where = source.where(line)
    fallback = source.fallback_id(line)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _rejected(fallback, hashlib.sha256(raw).hexdigest(), f"{where}: {_utf8_message(raw, exc)}")
    try:
        obj = _loads(text)
    except _Reject as exc:
        return _rejected(fallback, hashlib.sha256(raw).hexdigest(), f"{where}: {exc}")
    return _record_from_object(obj, where, fallback, raw, today)


def _loads(text: str) -> Any:
    """Parse JSON strictly: no NaN/Infinity, no repeated keys, no absurd nesting.

    What ``json.loads`` with these hooks does, with one decoder made once (``json.loads``
    builds a new one for every call that passes hooks).
    """
    try:
        if text.startswith("\ufeff"):
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        return _decoder().decode(text)
    except _Reject:
        raise
    except json.JSONDecodeError as exc:
        raise _Reject(f"malformed JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise _Reject("malformed JSON (nested too deeply to read)") from None
    except ValueError as exc:  # e.g. an integer with more than 4300 digits
        raise _Reject(f"malformed JSON ({exc})") from None


@lru_cache(maxsize=1)
def _decoder() -> json.JSONDecoder:
    return json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite_float, object_pairs_hook=_unique_keys)


def _no_constant(name: str) -> Any:
    raise _Reject(f"malformed JSON ({name} is not a JSON number)")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Reject(f"malformed JSON (number {text[:40]} is too large)")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _Reject(f"key {key!r} appears twice in one object; which value is meant is unclear")
        obj[key] = value
    return obj


def _utf8_message(raw: bytes, exc: UnicodeDecodeError) -> str:
    return (
        f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at byte offset {exc.start}); "
        "re-encode the input as UTF-8"
    )


def _kind(value: Any) -> str:
    """A JSON value's type in JSON's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _record_from_object(obj: Any, where: str, fallback: str, raw: bytes, today: dt.date) -> Record:
    """An Article from one parsed JSON record, or a reject that says what is wrong with it."""
    if not isinstance(obj, dict):
        return _rejected(fallback, _digest(raw), f"{where}: the record is {_kind(obj)}, expected a JSON object")
    extra = {k: v for k, v in obj.items() if k not in KNOWN_FIELDS}
    try:
        article_id = _check_id(obj)
    except _Reject as exc:
        return _rejected(fallback, _digest(raw), f"{where}: {exc}", extra=extra, **_meta(obj))
    try:
        article = _article_from_object(obj, article_id, extra, today)
    except _Reject as exc:
        return _rejected(article_id, _digest(raw), f"{where} (id {article_id!r}): {exc}", extra=extra, **_meta(obj))
    return article


def _digest(raw: bytes) -> str:
    """A rejected record's identity: the SHA-256 of its bytes (only rejects need it)."""
    return hashlib.sha256(raw).hexdigest()


def _meta(obj: dict[str, Any]) -> dict[str, str | None]:
    """Title, source and url of a rejected record, where they are strings."""
    return {key: obj.get(key) if isinstance(obj.get(key), str) else None for key in ("title", "source", "url")}


def _check_id(obj: dict[str, Any]) -> str:
    if "id" not in obj:
        raise _Reject("no 'id' field; every record needs a unique id")
    value = obj["id"]
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _Reject(f"'id' is {_kind(value)}, expected a string")
    if not value.strip():
        raise _Reject("'id' is empty")
    if len(value) > 1000:
        raise _Reject(f"'id' is {len(value)} characters long (at most 1000)")
    if _CONTROL.search(value):
        raise _Reject(f"'id' {value[:80]!r} contains control characters")
    if _first_surrogate(value) is not None:
        raise _Reject(f"'id' {value[:80]!r} contains an unpaired UTF-16 surrogate escape")
    return value


def _article_from_object(obj: dict[str, Any], article_id: str, extra: dict[str, Any], today: dt.date) -> Article:
    if "text" not in obj:
        raise _Reject("no 'text' field")
    text = obj["text"]
    if not isinstance(text, str):
        raise _Reject(f"'text' is {_kind(text)}, expected a string")
    if not text.strip():
        raise _Reject("'text' is empty")
    fields: dict[str, str | None] = {}
    for key in ("title", "source", "url"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise _Reject(f"'{key}' is {_kind(value)}, expected a string or null")
        fields[key] = value or None
    for key, value in [("text", text), *fields.items()]:
        bad = _first_surrogate(value) if value else None
        if bad is not None:
            raise _Reject(f"'{key}' contains an unpaired UTF-16 surrogate escape at character {bad}; it cannot be stored as UTF-8")
    if _surrogate_anywhere(extra):
        raise _Reject("an extra field contains an unpaired UTF-16 surrogate escape; it cannot be stored as UTF-8")
    published = _published_of(obj.get("published"), text, today)
    byline = extra.get("byline") if isinstance(extra.get("byline"), str) else None
    return _build_article(article_id=article_id, text=text, published=published, byline=byline, extra=extra, **fields)


def _published_of(value: Any, text: str, today: dt.date) -> dt.date:
    if value is not None and not isinstance(value, str):
        raise _Reject(f"'published' is {_kind(value)}, expected an ISO date string such as 2022-08-31")
    if value and value.strip():
        return _check_date(_parse_iso(value.strip()), today, f"'published' {value!r}")
    found = _safe_dateline(text)
    if found is None:
        raise _Reject("no publication date: 'published' is missing and the text has no dateline with a date")
    return _check_date(found, today, "the dateline's date")


def _parse_iso(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()  # the date as written, no zone conversion
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", value):
        raise _Reject(f"'published' {value!r} is not a real date")
    written = _written_date(value)
    if written is not None:
        return written
    raise _Reject(f"'published' {value!r} is not an ISO date (YYYY-MM-DD) or datetime, "
                  "nor a written date with a month name, day and year")


@lru_cache(maxsize=4096)
def _written_date(value: str) -> dt.date | None:
    """A written publication date ("Wed, 31 Aug 2022 10:00 GMT", "August 31, 2022") via dateparser.

    Only values with a month name and a four-digit year are tried: all-numeric forms such
    as 06/03/2023 are ambiguous (June 3 or 6 March) and relative words ("yesterday") have
    no fixed date, so both stay rejected. The date is taken as written, with no zone shift.
    """
    if not re.search(r"\b(?:19|20)\d\d\b", value) or not re.search(r"[^\W\d_]{3,}", value):
        return None
    import dateparser  # imported on first use: most corpora give ISO dates

    parsed = dateparser.parse(value, settings={
        "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False,
    })
    return parsed.date() if parsed is not None else None


def _check_date(value: dt.date, today: dt.date, what: str) -> dt.date:
    if value > today + FUTURE_TOLERANCE:
        raise _Reject(f"{what} is in the future ({value.isoformat()}, today is {today.isoformat()})")
    if value < EARLIEST_PUBLISHED:
        raise _Reject(f"{what} is before {EARLIEST_PUBLISHED.year}: a placeholder, not a publication date")
    return value


def _safe_dateline(text: str, start: int = 0) -> dt.date | None:
    """The date of the text's dateline, if any. The dateline finder must not sink a record."""
    try:
        found = find_dateline(text, start, None)
    except Exception:  # noqa: BLE001 - a bug there is reported by its own tests, not here
        log.exception("find_dateline failed")
        return None
    return found.date if found is not None else None


def _first_surrogate(value: str) -> int | None:
    try:
        value.encode("utf-8")
        return None
    except UnicodeEncodeError as exc:
        return exc.start


def _surrogate_anywhere(value: Any) -> bool:
    if isinstance(value, str):
        return _first_surrogate(value) is not None
    if isinstance(value, list):
        return any(_surrogate_anywhere(v) for v in value)
    if isinstance(value, dict):
        return any(_surrogate_anywhere(k) or _surrogate_anywhere(v) for k, v in value.items())
    return False


def _build_article(**fields: Any) -> Article:
    try:
        return Article(**fields)
    except ValidationError as exc:  # the model's own checks, in its words
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors())
        raise _Reject(problems) from None


def _rejected(
    article_id: str,
    sha256: str,
    error: str,
    *,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    extra: dict[str, Any] | None = None,
) -> ArticleRow:
    extra_json = None
    if extra:
        try:
            extra_json = json.dumps(extra, ensure_ascii=False, sort_keys=True, allow_nan=False)
            extra_json.encode("utf-8")
        except (ValueError, UnicodeEncodeError):
            extra_json = None
    clean = {k: v if v and _first_surrogate(v) is None else None for k, v in (("title", title), ("source", source), ("url", url))}
    return ArticleRow(
        article_id=article_id,
        published=None,
        sha256=sha256,
        status="rejected",
        error=error,
        extra=extra_json,
        **clean,
    )


# ---------------------------------------------------------------- plain-text files


def _read_text_file(source: _Source, today: dt.date) -> Record:
    """One plain-text article laid out like the seed (title, date, source, byline, body)."""
    try:
        size = source.path.stat().st_size
        if size > MAX_TEXT_BYTES:
            return _rejected(
                source.name,
                hashlib.sha256(str(source.path).encode()).hexdigest(),
                f"{source.where()}: {size} bytes is too large for one article (at most {MAX_TEXT_BYTES})",
            )
        if source.path.name.lower().endswith(".gz"):
            with gzip.open(source.path, "rb") as handle:
                raw = handle.read(MAX_TEXT_BYTES + 1)
        else:
            raw = source.path.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:
        return _rejected(source.name, hashlib.sha256(str(source.path).encode()).hexdigest(),
                         f"{source.where()}: cannot read the file ({_describe_os_error(exc)})")
    digest = hashlib.sha256(raw).hexdigest()
    if b"\0" in raw:
        return _rejected(source.name, digest, f"{source.where()}: binary file (contains NUL bytes), not a text article")
    if len(raw) > MAX_TEXT_BYTES:
        return _rejected(source.name, digest, f"{source.where()}: too large for one article (at most {MAX_TEXT_BYTES} bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return _rejected(source.name, digest, f"{source.where(line)}: {_utf8_message(raw, exc)}")
    if not text.strip():
        return _rejected(source.name, digest, f"{source.where()}: empty file, no article text")
    try:
        return parse_text_article(text, source.name, today=today)
    except ValueError as exc:
        return _rejected(source.name, digest, f"{source.where()}: {exc}")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text``, line ends excluded, any line-end convention."""
    spans, cursor = [], 0
    for match in _LINE_END.finditer(text):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(text)))
    return spans


def _looks_like_header(line: str) -> bool:
    """A source or byline line: short, and not a sentence."""
    stripped = line.strip()
    return 0 < len(stripped) <= _MAX_HEADER_LINE and not stripped.endswith((".", "!", "?", "\"", "”", ":"))


def _date_of_line(line: str) -> dt.date | None:
    stripped = line.strip()
    try:
        found = parse_date_line(stripped)
    except Exception:  # noqa: BLE001 - as in _safe_dateline
        log.exception("parse_date_line failed")
        found = None
    if found is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", stripped):
        try:
            found = dt.date.fromisoformat(stripped)
        except ValueError:
            found = None
    return found


def parse_text_article(text: str, article_id: str, *, today: dt.date | None = None) -> Article:
    """An Article from the text of a file laid out like the seed article.

    Layout: a title line, a date line ("Wednesday, August 31, 2022" or 2022-08-31),
    optional source and "By ..." byline lines, then the body (usually opening with a
    "CITY:" dateline); blank lines between them are optional. ``text`` is kept whole and
    ``body_start`` points at the body. Without a date line the body's dateline must give
    the date. Raises ValueError, saying what is missing or wrong, when no usable
    publication date is found.
    """
    today = today or dt.date.today()
    spans = [(a, b) for a, b in _lines(text) if text[a:b].strip()]
    if not spans:
        raise ValueError("no article text")
    i = 0
    title = published = None
    date_line_seen: str | None = None
    first = text[spans[0][0] : spans[0][1]].strip()
    if _date_of_line(first) is None and len(first) <= _MAX_TITLE_CHARS and len(spans) > 1:
        title, i = first, 1
    if i < len(spans):
        line = text[spans[i][0] : spans[i][1]]
        published = _date_of_line(line)
        if published is not None:
            i += 1
        else:
            date_line_seen = line.strip()
    source = byline = None
    # Source and byline: up to two short lines right after the date line, before the body.
    for _ in range(2):
        if published is None or i >= len(spans) - 1:
            break
        line = text[spans[i][0] : spans[i][1]].strip()
        if not _looks_like_header(line):
            break
        if re.match(r"(?i)by\s+\S", line) and byline is None:
            byline = line
        elif source is None and byline is None:
            source = line
        else:
            break
        i += 1
    body_start = spans[i][0] if i < len(spans) else len(text)
    if published is None:
        published = _safe_dateline(text, body_start)
        if published is None:
            hint = f" (the line after the title, {date_line_seen[:60]!r}, is not a date)" if date_line_seen else ""
            raise ValueError(f"no publication date: no date line under the title and no dated dateline{hint}")
        what = "the dateline's date"
    else:
        what = "the date line"
    try:
        _check_date(published, today, what)
    except _Reject as exc:
        raise ValueError(str(exc)) from None
    try:
        return _build_article(article_id=article_id, text=text, published=published, title=title,
                              source=source, byline=byline, body_start=body_start)
    except _Reject as exc:
        raise ValueError(str(exc)) from None
