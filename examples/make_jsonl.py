"""Write ``articles.jsonl`` from ``texts/*.txt``: the same example articles in the other input format.

Each text file (title, date line, source, byline, body) becomes one JSON Lines record:
``id`` is the file's stem, ``text`` the body from its "CITY:" dateline on, and the
header lines become ``title``, ``published``, ``source`` and an extra ``byline`` key.
Run ``python examples/make_jsonl.py`` after editing a text file.
"""
from __future__ import annotations

import json
from pathlib import Path

from dipevents.extractors.readers import parse_text_article

HERE = Path(__file__).resolve().parent


def main() -> None:
    lines = []
    for path in sorted((HERE / "texts").glob("*.txt")):
        article = parse_text_article(path.read_bytes().decode("utf-8"), path.name)
        record = {
            "id": path.stem,
            "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "source": article.source,
            "url": f"https://news.example.org/{path.stem.replace('_', '-')}",
            "byline": article.byline,
            "text": article.text[article.body_start :].rstrip("\n"),
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    (HERE / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
