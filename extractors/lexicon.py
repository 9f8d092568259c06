"""Word lists from rule files, compiled into matchers that respect word boundaries."""
from __future__ import annotations

import re
from typing import Iterable

from .rulefiles import Rules


def compile_words(words: Iterable[str], *, case_sensitive: bool = False) -> re.Pattern[str]:
    """One pattern matching any of ``words`` as whole words (longest first).

    Meant for short trigger lists (tens of entries); name gazetteers use Aho-Corasick.
    """
    alternatives = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    if not alternatives:
        return re.compile(r"(?!x)x")
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alternatives)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


def word_list(rules: Rules, table: str, *path: str) -> list[str]:
    """A list of strings at ``path`` in rule file ``table``; RuleError if it is not one."""
    node = rules.table(table)
    for key in path:
        if not isinstance(node, dict) or key not in node:
            raise rules.error(table, f"[{path[0]}", f"missing key {'.'.join(path)!r}")
        node = node[key]
    if not isinstance(node, list) or not all(isinstance(w, str) for w in node):
        raise rules.error(table, path[-1], f"{'.'.join(path)} must be a list of strings")
    return node


def matcher(rules: Rules, table: str, *path: str) -> re.Pattern[str]:
    """Compiled word matcher for a word list in a rule file, cached per process."""
    key = f"words:{table}:{'.'.join(path)}"
    return rules.compiled(key, lambda r: compile_words(word_list(r, table, *path)))
