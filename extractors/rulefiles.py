"""Rule files: trigger lexicons, titles, demonyms and patterns kept as data.

Rules live in TOML files in ``extractors/rules/`` (or a folder the researcher passes
with ``--rules``). They are parsed with :mod:`tomllib` only (no eval, no pickle), loaded
once per process, and a digest of their bytes is recorded in every release.
A malformed file raises :class:`RuleError` naming the file and the line.
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

DEFAULT_RULES_DIR = Path(__file__).resolve().parent / "rules"


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the line."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line = Path(path), line
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")


def line_of(path: Path, needle: str) -> int | None:
    """First line (1-based) of ``path`` that contains ``needle``: to point at a bad entry."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return number
    except OSError:
        return None
    return None


class Rules:
    """The rule files of one folder, parsed lazily and cached; one instance per process."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory else DEFAULT_RULES_DIR
        if not self.directory.is_dir():
            raise RuleError(self.directory, None, "rules folder does not exist")
        self._tables: dict[str, dict[str, Any]] = {}
        self._compiled: dict[str, Any] = {}
        self._digest: str | None = None

    def path(self, name: str) -> Path:
        """Path of the rule file ``name`` (without extension)."""
        return self.directory / f"{name}.toml"

    def table(self, name: str) -> dict[str, Any]:
        """The parsed TOML file ``name``; raises RuleError with file and line if malformed."""
        if name not in self._tables:
            path = self.path(name)
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise RuleError(path, None, f"cannot read rule file: {exc.strerror or exc}") from exc
            try:
                self._tables[name] = tomllib.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise RuleError(path, raw[: exc.start].count(b"\n") + 1, "not valid UTF-8") from exc
            except tomllib.TOMLDecodeError as exc:
                match = re.search(r"line (\d+)", str(exc))
                raise RuleError(path, int(match.group(1)) if match else None, f"malformed TOML: {exc}") from exc
        return self._tables[name]

    def compiled(self, key: str, build: Callable[["Rules"], Any]) -> Any:
        """Build a derived structure (automaton, regex) once per process and keep it."""
        if key not in self._compiled:
            self._compiled[key] = build(self)
        return self._compiled[key]

    def error(self, name: str, needle: str, message: str) -> RuleError:
        """A RuleError pointing at the line of rule file ``name`` that contains ``needle``."""
        path = self.path(name)
        return RuleError(path, line_of(path, needle), message)

    @property
    def digest(self) -> str:
        """SHA-256 over every rule file's name and bytes: recorded in releases and cache keys."""
        if self._digest is None:
            h = hashlib.sha256()
            for path in sorted(self.directory.glob("*.toml")):
                h.update(path.name.encode())
                h.update(b"\0")
                h.update(path.read_bytes())
                h.update(b"\0")
            self._digest = h.hexdigest()
        return self._digest


@lru_cache(maxsize=8)
def load_rules(directory: str | None = None) -> Rules:
    """The :class:`Rules` of ``directory`` (default: the bundled rules), cached per process."""
    return Rules(directory)
