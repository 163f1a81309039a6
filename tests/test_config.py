"""[tool.dipl10n] configuration and its overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipl10n.config import load_config
from dipl10n.errors import ConfigError
from dipl10n.project import Project


def test_defaults_without_pyproject(tmp_path):
    config = load_config(tmp_path)
    assert config.source_dir == tmp_path / "source"
    assert config.locales_dir == tmp_path / "locales"
    assert config.glossary == tmp_path / "glossary.csv"
    assert config.output_dir == tmp_path / "build"
    assert config.languages == ("ko",)
    assert config.project == tmp_path.name
    assert config.mt.beam_size == 4
    # The layout is the project's now (Project wraps the configuration).
    project = Project(config)
    assert project.catalog_path("ko", "a") == tmp_path / "locales" / "ko" / "LC_MESSAGES" / "a.po"
    assert project.template_path("a") == tmp_path / "locales" / "a.pot"


def test_file_values_and_cli_overrides(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.dipl10n]\nproject = "Desk"\nsource_dir = "articles"\nlanguages = ["ko", "ja"]\n'
        '[tool.dipl10n.mt]\nbeam_size = 2\ncompute_type = "int8"\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    assert (config.project, config.source_dir, config.languages) == ("Desk", tmp_path / "articles", ("ko", "ja"))
    assert (config.mt.beam_size, config.mt.compute_type) == (2, "int8")
    overridden = load_config(tmp_path, languages=["ko"], source_dir=Path("/abs/src"), locales_dir=None)
    assert overridden.languages == ("ko",)
    assert overridden.source_dir == Path("/abs/src")
    assert overridden.locales_dir == tmp_path / "locales"


@pytest.mark.parametrize(
    ("toml", "line", "fragment"),
    [
        ('[tool.dipl10n]\nsorce_dir = "x"\n', 2, "unknown setting 'sorce_dir'"),
        ('[tool.dipl10n]\nlanguages = ["xx-nowhere"]\n', 2, "unknown language code"),
        ("[tool.dipl10n]\nlanguages = 3\n", 2, "languages must be a list"),
        ("[tool.dipl10n.mt]\nbeam_size = 0\n", 2, "beam_size must be at least 1"),
        ('[tool.dipl10n.mt]\nbeam = 2\n', 2, "unknown setting 'beam'"),
        ("[tool.dipl10n\n", 1, "invalid TOML"),
    ],
)
def test_bad_configuration_names_the_line(tmp_path, toml, line, fragment):
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert fragment in info.value.message
    assert info.value.line == line
    assert info.value.path == tmp_path / "pyproject.toml"


def test_missing_project_directory(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nowhere")
