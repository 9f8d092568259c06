"""Progress: plain lines when not a terminal, a bar on one, nothing when quiet."""
from __future__ import annotations

import gzip
import io
from pathlib import Path

from dipevents.datasets.progress import Progress, count_articles


class FakeClock:
    """A clock the test moves by hand, so that 'every N seconds' is deterministic."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class TtyStream(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_non_tty_prints_plain_lines_every_interval() -> None:
    out, clock = io.StringIO(), FakeClock()
    with Progress(None, True, out, interval=10, clock=clock) as progress:
        for _ in range(5):
            clock.now += 1
            progress.update(100)  # 5 s in: no line yet
        assert out.getvalue() == ""
        clock.now += 5
        progress.update(1000)  # 10 s, 1500 articles
        clock.now += 2
        progress.update(10)  # only 2 s after the last line: quiet
    lines = out.getvalue().splitlines()
    assert lines == ["1500 articles, 150/s", "1510 articles in 12.0 s, 126/s"]
    assert "\r" not in out.getvalue() and "\x1b" not in out.getvalue()


def test_non_tty_with_total_shows_percentage_and_eta() -> None:
    out, clock = io.StringIO(), FakeClock()
    with Progress(4000, True, out, interval=1, clock=clock) as progress:
        clock.now += 10
        progress.update(1000)
    first = out.getvalue().splitlines()[0]
    assert first == "1000/4000 articles (25%), 100/s, ETA 0:30"


def test_quiet_prints_nothing_but_still_counts() -> None:
    for stream in (io.StringIO(), TtyStream()):
        clock = FakeClock()
        with Progress(50, False, stream, interval=0, clock=clock) as progress:
            for _ in range(50):
                clock.now += 1
                progress.update()
        assert stream.getvalue() == ""
        assert progress.count == 50


def test_tty_draws_a_bar_with_rate() -> None:
    out = TtyStream()
    with Progress(200, True, out) as progress:
        assert progress.is_tty
        progress.update(200)
    text = out.getvalue()
    assert "\r" in text and "200/200" in text and "article/s" in text


def test_eta_formats_hours() -> None:
    clock = FakeClock()
    progress = Progress(1_000_000, True, io.StringIO(), clock=clock)
    with progress:
        clock.now += 10
        progress.count = 1000
        assert progress.line().endswith("ETA 2:46:30")


def test_count_articles_counts_jsonl_gzip_and_text_files(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": 1}\n\n{"id": 2}\n{"id": 3}', encoding="utf-8")
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write('{"id": 4}\n{"id": 5}\n')
    folder = tmp_path / "texts"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text("Title\n", encoding="utf-8")
    (folder / "sub" / "two.txt").write_text("Title\n", encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    assert count_articles([tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz", folder]) == 3 + 2 + 2


def test_count_articles_gives_up_on_large_input(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"id": 1}\n' * 1000, encoding="utf-8")
    assert count_articles([path], max_bytes=100_000) == 1000
    assert count_articles([path], max_bytes=5_000) is None
    gz = tmp_path / "big.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        fh.write('{"id": 1}\n' * 1000)
    assert count_articles([gz], max_bytes=5_000) is None  # compressed size is small; content is not


def test_works_without_with_block_like_a_tqdm_bar() -> None:
    out, clock = io.StringIO(), FakeClock()
    progress = Progress(None, True, out, interval=5, clock=clock)
    clock.now += 5
    progress.update(50)
    clock.now += 5
    progress.close()
    progress.close()  # closing twice prints the summary once
    assert out.getvalue().splitlines() == ["50 articles, 10/s", "50 articles in 10.0 s, 5/s"]
