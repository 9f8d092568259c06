"""ISO 3166-1 alpha-3 codes that a release may contain.

Current states come from pycountry; states that no longer exist keep their former
ISO 3166-3 code (Soviet Union SUN, East Germany DDR, Yugoslavia YUG, ...), because
1987 wire copy talks about them. Kosovo's user-assigned XKX is accepted as well.
"""
from __future__ import annotations

from functools import lru_cache

import pycountry

EXTRA_CODES = {"XKX": "Kosovo"}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Map every accepted alpha-3 code to a readable English name."""
    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    for c in pycountry.historic_countries:
        names.setdefault(c.alpha_3, c.name)
    names.update(EXTRA_CODES)
    return names


def is_country_code(code: str) -> bool:
    """True when ``code`` is an accepted ISO 3166 alpha-3 code (current or former)."""
    return code in country_names()


def check_country_code(code: str) -> str:
    """Pydantic validator: accept a known alpha-3 code, reject anything else."""
    if not isinstance(code, str) or len(code) != 3 or not code.isupper() or not is_country_code(code):
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 country code (current or former)")
    return code
