"""config/README.md documents every key: it is generated from the schemas and must be up to date."""

from pathlib import Path

from virality import configdoc

ROOT = Path(__file__).resolve().parents[1]


def test_every_schema_key_has_a_description():
    assert configdoc.undocumented(ROOT) == []


def test_config_readme_is_up_to_date():
    expected = configdoc.render(ROOT)
    actual = (ROOT / "config" / "README.md").read_text()
    assert actual == expected, "config/README.md is stale: run `python -m virality.configdoc`"


def test_readme_lists_every_top_level_key():
    text = (ROOT / "config" / "README.md").read_text()
    for key in (
        "seed",
        "data_dirs",
        "download",
        "datasets",
        "lexicons",
        "datasets.<name>.files.<name>.sha256",
    ):
        assert f"| `{key}` |" in text
