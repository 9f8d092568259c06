"""Gazetteer: rule data validity, case and boundary handling, malformed rules."""
from __future__ import annotations

import shutil
import tomllib

import pycountry
import pytest

from dipevents.extractors.gazetteer import STATE, scan, title_case, title_in_scope
from dipevents.extractors.rulefiles import DEFAULT_RULES_DIR, RuleError, Rules, load_rules
from dipevents.schema.countries import is_country_code


def _states(text: str) -> list[tuple[str, str]]:
    return [(text[h.start:h.end], h.first(STATE).value) for h in scan(text) if h.first(STATE)]


def test_every_code_in_countries_toml_is_iso() -> None:
    table = tomllib.loads((DEFAULT_RULES_DIR / "countries.toml").read_text(encoding="utf-8"))
    codes = [c for c in table if c not in ("skip", "block")]
    assert len(codes) > 100
    current = {c.alpha_3 for c in pycountry.countries}
    historic = {c.alpha_3 for c in pycountry.historic_countries}
    for code in codes:
        assert code in current or code in historic or code == "XKX", code
        assert is_country_code(code)


@pytest.mark.parametrize(
    "word, code",
    [("American", "USA"), ("Americans", "USA"), ("British", "GBR"), ("Japanese", "JPN"), ("Israeli", "ISR"),
     ("Soviet", "SUN"), ("Chinese", "CHN"), ("Indian", "IND"), ("Dutch", "NLD"), ("Iranian", "IRN"),
     ("South Korean", "KOR"), ("North Korean", "PRK"), ("Turkish", "TUR"), ("Philippine", "PHL"),
     ("Swiss", "CHE"), ("Saudi", "SAU"), ("Afghan", "AFG"), ("Somali", "SOM"), ("Yugoslav", "YUG")],
)
def test_demonyms_map_to_the_right_state(word: str, code: str) -> None:
    assert _states(f"The {word} delegation arrived.") == [(word, code)]


@pytest.mark.parametrize(
    "name, code",
    [("U.S.", "USA"), ("US", "USA"), ("America", "USA"), ("Britain", "GBR"), ("UK", "GBR"), ("Russia", "RUS"),
     ("Soviet Union", "SUN"), ("USSR", "SUN"), ("East Germany", "DDR"), ("West Germany", "DEU"),
     ("Yugoslavia", "YUG"), ("Czechoslovakia", "CSK"), ("Burma", "MMR"), ("Ivory Coast", "CIV"),
     ("Holland", "NLD"), ("Vatican", "VAT"), ("Taiwan", "TWN"), ("Vietnam", "VNM"), ("Syria", "SYR"),
     ("Bolivia", "BOL"), ("Papua New Guinea", "PNG"), ("Equatorial Guinea", "GNQ"), ("Niger", "NER"),
     ("Nigeria", "NGA"), ("Kosovo", "XKX"), ("Peking", "CHN"), ("Kremlin", "RUS"), ("Downing Street", "GBR")],
)
def test_state_names_short_forms_and_capitals(name: str, code: str) -> None:
    assert _states(f"Officials from {name} spoke.") == [(name, code)]


def test_possessives_and_curly_apostrophes() -> None:
    assert _states("Israel's army and Japan’s navy") == [("Israel", "ISR"), ("Japan", "JPN")]


def test_case_and_word_boundaries() -> None:
    assert _states("let us go to the usa museum") == []
    assert _states("Romania and Germanic tribes") == [("Romania", "ROU")]
    assert _states("JAPAN AND CHINA SIGN PACT") == [("JAPAN", "JPN"), ("CHINA", "CHN")]
    assert _states("Jamaica") == [("Jamaica", "JAM")]  # not the capital's substring "Jam"


def test_blocked_phrases_suppress_states() -> None:
    assert _states("The governor of New Mexico visited New Jersey and the Indian Ocean.") == []
    assert _states("Mexico and India") == [("Mexico", "MEX"), ("India", "IND")]


def test_longest_match_wins() -> None:
    hits = scan("the South Korean foreign ministry")
    assert [(h.start, h.end) for h in hits] == [(4, 16), (17, 33)]


def test_title_case() -> None:
    assert title_case("deputy prime minister and minister of defense") == "Deputy Prime Minister and Minister of Defense"
    assert title_case("secretary-general") == "Secretary-General"


@pytest.mark.parametrize(
    "title, expected",
    [("Mayor", False), ("Deputy Mayor", False), ("Governor", False), ("Central Bank Governor", True),
     ("Police Chief", False), ("Prosecutor", False), ("Chief Executive", False), ("Judge", False),
     ("Foreign Minister", True), ("Prime Minister", True), ("Deputy Chief Minister", False), ("Spokesman", True),
     ("Secretary of State", True), ("head of the trade division", True)],
)
def test_title_in_scope(title: str, expected: bool) -> None:
    assert title_in_scope(title, load_rules()) is expected


def _broken(tmp_path, name: str, old: str, new: str) -> Rules:
    folder = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, folder)
    path = folder / f"{name}.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return Rules(folder)


def test_unknown_iso_code_raises_with_file_and_line(tmp_path) -> None:
    rules = _broken(tmp_path, "countries", "[JPN]", "[JPX]")
    with pytest.raises(RuleError) as info:
        scan("Japan", rules)
    assert info.value.path.name == "countries.toml"
    assert info.value.line is not None
    assert "[JPX]" in (tmp_path / "rules" / "countries.toml").read_text().splitlines()[info.value.line - 1]
    assert "JPX" in str(info.value)


def test_bad_org_country_and_bad_list_raise(tmp_path) -> None:
    rules = _broken(tmp_path, "organizations", 'country = "AFG"', 'country = "QQQ"')
    with pytest.raises(RuleError, match="QQQ") as info:
        scan("Taliban", rules)
    assert info.value.path.name == "organizations.toml" and info.value.line
    rules = _broken(tmp_path / "b", "titles", 'forms = ["king"]', 'forms = "king"')
    with pytest.raises(RuleError, match="list") as info:
        scan("King Abdullah", rules)
    assert info.value.path.name == "titles.toml" and info.value.line


def test_malformed_place_code_raises(tmp_path) -> None:
    rules = _broken(tmp_path, "places", '"Geneva" = "CHE"', '"Geneva" = "SWZZ"')
    with pytest.raises(RuleError) as info:
        scan("Geneva", rules)
    assert info.value.path.name == "places.toml"
    assert "Geneva" in (tmp_path / "rules" / "places.toml").read_text().splitlines()[info.value.line - 1]
