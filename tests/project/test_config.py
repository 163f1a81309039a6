"""[tool.dipl10n] configuration and its overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipl10n.errors import ConfigError
from dipl10n.project.config import COMPUTE_TYPES, MT_SETTINGS, MTConfig, load_config
from dipl10n.project.session import Project


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
        ('[tool.dipl10n]\nlanguages = ["xx"]\n', 2, "unknown language code 'xx'"),
        ('[tool.dipl10n]\nlanguages = ["xx-nowhere"]\n', 2, "'xx-nowhere' is not a language code"),
        ("[tool.dipl10n]\nlanguages = 3\n", 2, "languages must be a list"),
        ("[tool.dipl10n.mt]\nbeam_size = 0\n", 2, "mt.beam_size must be an integer from 1 to 64, not 0"),
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


@pytest.mark.parametrize(
    ("setting", "fragment"),
    [
        ("inter_threads = 0", "mt.inter_threads must be an integer from 1 to 256, not 0"),
        ("intra_threads = -1", "mt.intra_threads must be an integer from 0 to 1024"),
        ("beam_size = 65", "mt.beam_size must be an integer from 1 to 64"),
        ("beam_size = true", "mt.beam_size must be an integer"),
        ("beam_size = 2.0", "mt.beam_size must be an integer"),
        ("max_batch_tokens = 0", "mt.max_batch_tokens must be an integer from 1"),
        ("max_decoding_length = 0", "mt.max_decoding_length must be an integer from 1"),
        ("max_decoding_margin = -1", "mt.max_decoding_margin must be an integer from 0"),
        ("max_input_tokens = 0", "mt.max_input_tokens must be an integer from 1"),
        ("max_decoding_ratio = -0.5", "mt.max_decoding_ratio must be a number from 0 to 100"),
        ("max_decoding_ratio = nan", "mt.max_decoding_ratio must be a number"),
        ("length_penalty = inf", "mt.length_penalty must be a number from -10 to 10"),
        ('compute_type = "int4"', "mt.compute_type must be one of 'auto', 'default', 'int8'"),
        ('compute_type = "INT8"', "mt.compute_type must be one of"),
        ('device = "gpu"', "mt.device must be one of 'auto', 'cpu', 'cuda', not 'gpu'"),
        ('engine = "deepl"', "mt.engine must be one of 'argos'"),
        ('replace_unknowns = "yes"', "mt.replace_unknowns must be true or false"),
        ("packages_dir = 3", "mt.packages_dir must be a directory path"),
        ('package_index = ""', "mt.package_index must be the URL"),
        ('from_code = "en/../x"', "mt.from_code must be the source language code"),
    ],
)
def test_every_mt_setting_is_checked_when_the_file_is_read(tmp_path, setting, fragment):
    # Line 4: the error points at the setting, not at the table or the first key of that name.
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.dipl10n]\nlanguages = ["ko"]\n[tool.dipl10n.mt]\n{setting}\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert fragment in info.value.message
    assert (info.value.path, info.value.line) == (tmp_path / "pyproject.toml", 4)
    assert str(info.value).startswith(f"{tmp_path / 'pyproject.toml'}:4: mt.")


def test_mt_line_is_found_in_its_table_and_as_a_dotted_key(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.other]\ninter_threads = 0\n[tool.dipl10n.mt]\nbeam_size = 2\ninter_threads = 0\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == 5
    path.write_text('[tool.dipl10n]\nmt.inter_threads = 0\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == 2
    path.write_text("[tool.dipl10n]\nmt = { beam_size = 2, inter_threads = 0 }\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == 2 and "mt.inter_threads" in info.value.message


def test_every_mt_setting_can_be_set(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        "[tool.dipl10n.mt]\n"
        'engine = "argos"\nfrom_code = "en"\npackages_dir = "models"\npackage_index = "http://index.example/index.json"\n'
        'beam_size = 1\ninter_threads = 2\nintra_threads = 3\ncompute_type = "int8_float32"\ndevice = "auto"\n'
        "max_batch_tokens = 512\nmax_decoding_ratio = 1\nmax_decoding_margin = 0\nmax_decoding_length = 64\n"
        "max_input_tokens = 200\nlength_penalty = -0.5\nreplace_unknowns = false\n"
        'executor = "ray"\naddress = "ray://head:10001"\nworkers = 4\ncpus_per_worker = 3\n',
        encoding="utf-8",
    )
    mt = load_config(tmp_path).mt
    assert mt == MTConfig(
        engine="argos",
        from_code="en",
        packages_dir=tmp_path / "models",  # relative to the project
        package_index="http://index.example/index.json",
        beam_size=1,
        inter_threads=2,
        intra_threads=3,
        compute_type="int8_float32",
        device="auto",
        max_batch_tokens=512,
        max_decoding_ratio=1.0,
        max_decoding_margin=0,
        max_decoding_length=64,
        max_input_tokens=200,
        length_penalty=-0.5,
        executor="ray",
        address="ray://head:10001",
        workers=4,
        cpus_per_worker=3,
        replace_unknowns=False,
    )
    assert isinstance(mt.max_decoding_ratio, float)
    assert set(MT_SETTINGS) == {
        "engine", "from_code", "packages_dir", "package_index", "beam_size", "inter_threads", "intra_threads",
        "compute_type", "device", "max_batch_tokens", "max_decoding_ratio", "max_decoding_margin",
        "max_decoding_length", "max_input_tokens", "length_penalty", "replace_unknowns", "executor", "address", "workers",
        "cpus_per_worker",
    }


@pytest.mark.parametrize("compute_type", COMPUTE_TYPES)
def test_every_compute_type_ctranslate2_accepts_is_accepted(compute_type):
    assert MTConfig(compute_type=compute_type).compute_type == compute_type


def test_compute_types_are_ctranslate2s():
    ctranslate2 = pytest.importorskip("ctranslate2")
    supported = ctranslate2.get_supported_compute_types("cpu")
    assert supported <= set(COMPUTE_TYPES)


@pytest.mark.parametrize(
    "bad", [{"inter_threads": 0}, {"compute_type": "int4"}, {"device": "tpu"}, {"beam_size": "4"}]
)
def test_mt_config_made_in_code_is_checked_the_same_way(tmp_path, bad):
    (name, value) = next(iter(bad.items()))
    with pytest.raises(ConfigError) as in_code:
        MTConfig(**bad)
    rendered = f'"{value}"' if isinstance(value, str) else str(value)
    (tmp_path / "pyproject.toml").write_text(f"[tool.dipl10n.mt]\n{name} = {rendered}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as in_file:
        load_config(tmp_path)
    assert in_code.value.message == in_file.value.message
    assert in_code.value.line is None and in_file.value.line == 2


def test_mt_overrides_are_checked_too(tmp_path):
    assert load_config(tmp_path, mt={"beam_size": 2, "device": None}).mt.beam_size == 2
    with pytest.raises(ConfigError, match="mt.inter_threads must be"):
        load_config(tmp_path, mt={"inter_threads": 0})
    with pytest.raises(ConfigError, match="unknown setting 'beam'"):
        load_config(tmp_path, mt={"beam": 2})


@pytest.mark.parametrize(
    ("given", "expected"),
    [(["ko-KR"], ("ko_KR",)), (["KO"], ("ko",)), (["ko", "ko"], ("ko",)), (["ko_KR", "ko-kr"], ("ko_KR",)),
     (["kok"], ("kok",)), ("ko, ja", ("ko", "ja"))],
)
def test_languages_are_normalised_locales(tmp_path, given, expected):
    rendered = repr(given).replace("'", '"') if isinstance(given, list) else f'"{given}"'
    (tmp_path / "pyproject.toml").write_text(f"[tool.dipl10n]\nlanguages = {rendered}\n", encoding="utf-8")
    assert load_config(tmp_path).languages == expected


def test_a_bad_language_in_a_list_over_lines_names_its_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.dipl10n]\nlanguages = [\n  "ko",\n  "kor",\n]\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == 4
    assert "'kor' is another name of 'ko'" in info.value.message


def test_lang_overrides_are_parsed_as_locales(tmp_path):
    assert load_config(tmp_path, languages=["ko-KR", "ja"]).languages == ("ko_KR", "ja")
    assert load_config(tmp_path, languages=["ko,ja"]).languages == ("ko", "ja")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, languages=["ko@x"])
    assert info.value.message.startswith("--lang: 'ko@x' is not a language code")
    assert info.value.path is None
