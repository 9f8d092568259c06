"""Rule files are data: parsed safely, cached, and errors name the file and line."""
import shutil

import pytest

from dipevents.extractors.rulefiles import DEFAULT_RULES_DIR, RuleError, Rules


def test_malformed_toml_names_file_and_line(tmp_path):
    shutil.copytree(DEFAULT_RULES_DIR, tmp_path / "rules")
    path = tmp_path / "rules" / "statements.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "this is = = not toml")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        Rules(tmp_path / "rules").table("statements")
    assert err.value.path == path and err.value.line == 5
    assert "statements.toml:5" in str(err.value)


def test_missing_rules_folder_is_reported(tmp_path):
    with pytest.raises(RuleError, match="does not exist"):
        Rules(tmp_path / "nope")


def test_digest_changes_when_a_rule_changes(tmp_path):
    shutil.copytree(DEFAULT_RULES_DIR, tmp_path / "rules")
    before = Rules(tmp_path / "rules").digest
    assert before == Rules(DEFAULT_RULES_DIR).digest
    with open(tmp_path / "rules" / "statements.toml", "a", encoding="utf-8") as f:
        f.write("\n# a comment is a change too\n")
    assert Rules(tmp_path / "rules").digest != before


def test_bad_meeting_mode_points_at_the_line(tmp_path):
    shutil.copytree(DEFAULT_RULES_DIR, tmp_path / "rules")
    path = tmp_path / "rules" / "events.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"met" = "in_person"', '"met" = "teleport"'), encoding="utf-8")
    from dipevents.extractors.meetings import _triggers
    from dipevents.extractors.context import ArticleContext  # noqa: F401  (module loads)

    class Ctx:
        rules = Rules(tmp_path / "rules")

    with pytest.raises(RuleError) as err:
        _triggers(Ctx())
    expected = 1 + path.read_text(encoding="utf-8").splitlines().index('"met" = "teleport"')
    assert err.value.line == expected and "events.toml" in str(err.value)
