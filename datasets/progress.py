"""Progress of a build: a bar on a terminal, plain log lines otherwise, nothing when quiet.

A researcher at a terminal wants articles/s and the time left; a batch job's log wants a
short line now and then, not a bar redrawn thousands of times. :class:`Progress` picks
by asking whether its stream is a TTY. The number of articles in a stream is unknown in
advance; :func:`count_articles` counts them cheaply when the input is small enough to
scan, and otherwise the reporter shows the rate without an ETA.
"""
from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Callable, Iterable, TextIO

DEFAULT_INTERVAL = 10.0
COUNT_LIMIT_BYTES = 256 * 1024 * 1024
_TEXT_SUFFIXES = (".txt", ".txt.gz")


class Progress:
    """Context manager that reports how many articles were processed and how fast.

    ``total`` is the expected number of articles (None when unknown: no percentage or
    ETA). With ``enabled=False`` nothing is printed. On a TTY ``stream`` it draws a tqdm
    bar; otherwise it prints ``"12000 articles, 1450/s"`` at most every ``interval``
    seconds, and a closing summary line. The clock starts when it is created; use it as
    a context manager, or call :meth:`close` (the same interface as a tqdm bar).
    """

    def __init__(
        self,
        total: int | None,
        enabled: bool = True,
        stream: TextIO | None = None,
        *,
        interval: float = DEFAULT_INTERVAL,
        unit: str = "articles",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.unit = unit
        self.count = 0
        self._clock = clock
        self._start = self._last_line = clock()
        self._bar = None
        self._open = True
        if enabled and self.is_tty:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total,
                file=self.stream,
                unit=" " + unit.removesuffix("s"),
                unit_scale=True,
                dynamic_ncols=True,
                mininterval=0.2,
                smoothing=0.1,
            )

    @property
    def is_tty(self) -> bool:
        """True when the stream is an interactive terminal (a bar can be drawn)."""
        try:
            return bool(self.stream.isatty())
        except (AttributeError, ValueError):
            return False

    def __enter__(self) -> "Progress":
        return self

    def update(self, n: int = 1) -> None:
        """Record ``n`` more processed articles (and maybe report them)."""
        self.count += n
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(n)
            return
        now = self._clock()
        if now - self._last_line >= self.interval:
            self._last_line = now
            self._print(self.line(now))

    def line(self, now: float | None = None) -> str:
        """The plain progress line for the current count: ``"12000 articles, 1450/s"``,
        with ``of N (p%)`` and an ETA when the total is known."""
        now = self._clock() if now is None else now
        elapsed = max(now - self._start, 1e-9)
        rate = self.count / elapsed
        parts = [f"{self.count} {self.unit}"]
        if self.total:
            parts[0] = f"{self.count}/{self.total} {self.unit} ({100 * self.count / self.total:.0f}%)"
        parts.append(f"{rate:.0f}/s")
        if self.total and rate > 0 and self.count < self.total:
            parts.append(f"ETA {_clock_time((self.total - self.count) / rate)}")
        return ", ".join(parts)

    def close(self) -> None:
        """Finish: close the bar, or print a summary line with the mean rate."""
        if not self._open:
            return
        self._open = False
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self.enabled:
            elapsed = max(self._clock() - self._start, 1e-9)
            self._print(f"{self.count} {self.unit} in {elapsed:.1f} s, {self.count / elapsed:.0f}/s")

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


def _clock_time(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def count_articles(inputs: Iterable[str | Path], max_bytes: int = COUNT_LIMIT_BYTES) -> int | None:
    """How many articles ``inputs`` hold, or None when counting would cost too much.

    JSON Lines files (``.jsonl``, ``.jsonl.gz``, ``.gz``) count their non-blank lines;
    text files (``.txt``, ``.txt.gz``) one each; folders are walked recursively. A
    ``.json`` array is not counted (None). Gzip files are
    decompressed to count, and their uncompressed bytes count towards ``max_bytes``:
    once more than ``max_bytes`` would have to be read the answer is None, so that a
    progress bar never delays a large build by a full extra pass over its input.
    """
    budget = [max_bytes]
    total = 0
    for item in inputs:
        path = Path(item)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            name = file.name.lower()
            if name.endswith(_TEXT_SUFFIXES):
                total += 1
            elif name.endswith(".json"):
                return None  # a JSON array: counting means parsing it
            elif name.endswith((".jsonl", ".gz")):
                lines = _count_lines(file, budget)
                if lines is None:
                    return None
                total += lines
            elif not path.is_dir():
                total += 1  # a file given by name is read as one text article
    return total


def _count_lines(path: Path, budget: list[int]) -> int | None:
    gz = path.name.lower().endswith(".gz")
    if not gz:
        try:
            size = path.stat().st_size
        except OSError:
            return None
        if size > budget[0]:
            return None
    lines = 0
    try:
        with (gzip.open(path, "rb") if gz else path.open("rb")) as fh:
            for line in fh:
                budget[0] -= len(line)
                if budget[0] < 0:
                    return None
                if not line.isspace():  # blank lines are not articles
                    lines += 1
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    return lines
