"""Loading concern definitions: a broken file is reported with its name and entry, the
built-in catalogue loads, and an installation's extra directory (REVIEW_CONCERN_DIRS) is
checked when the application starts.

Pure Python except the start-up tests, which run `django check` in a child process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shingikai.review import definitions
from shingikai.review.definitions import DefinitionError

ROOT = Path(__file__).resolve().parents[3]

ENTRY = """\
  - id: {id}
    severity: {severity}
    question: 委託先との受け渡しはどの回線で行いますか。
    summary: A local concern for the tests.
    when: {when}
    answer: [回線の種類]
    refs: [local 1]
"""


def concern_file(*entries: str, theme: str = "独自の観点") -> str:
    return f"version: 1\ntheme: {theme}\nconcerns:\n" + "".join(entries)


def entry(
    ident: str = "X-LOCAL-01",
    severity: str = "high",
    when: str = "{channel: fax}",
) -> str:
    return ENTRY.format(id=ident, severity=severity, when=when)


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(directory: Path) -> str:
    with pytest.raises(DefinitionError) as excinfo:
        definitions.load([directory])
    return str(excinfo.value)


# -- broken files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            concern_file(entry(when="{channel_of_pigeons: fax}")),
            "unknown test `channel_of_pigeons`",
        ),
        (concern_file(entry(when="{channel: pigeon}")), "pigeon"),
        (concern_file(entry(when="{channel: [fax, carrier_pigeon]}")), "carrier_pigeon"),
        (concern_file(entry(when="{handling: not_a_type}")), "not_a_type"),
        (concern_file(entry(when="{all: []}")), "`all` needs a non-empty list"),
        (concern_file(entry(when="{channel: fax, handling: outsourcing}")), "one key"),
        (concern_file(entry(severity="critical")), "`severity`"),
        (concern_file(entry(severity="High")), "`severity`"),
        (concern_file(entry().replace("    question: ", "    question_text: ")), "question"),
        (
            concern_file(entry().replace("    summary: A local concern for the tests.\n", "")),
            "summary",
        ),
        (concern_file(entry().replace("    when: {channel: fax}\n", "")), "`when` is missing"),
    ],
)
def test_it_names_the_file_and_the_entry_of_a_broken_definition(
    text: str, expected: str, tmp_path: Path
) -> None:
    write(tmp_path, "90-local.yaml", concern_file(entry(ident="X-LOCAL-00")))
    write(tmp_path, "91-broken.yaml", text)

    message = load_error(tmp_path)

    assert message.startswith("91-broken.yaml: X-LOCAL-01: ")
    assert expected in message


@pytest.mark.parametrize(
    "question",
    [None, 'question: ""', "question: '   '", "question: [一, 二]", "question:"],
)
def test_it_names_a_question_left_out(question: str | None, tmp_path: Path) -> None:
    lines = entry().splitlines(keepends=True)
    text = "".join(
        line if "question:" not in line else (f"    {question}\n" if question else "")
        for line in lines
    )
    write(tmp_path, "91-broken.yaml", concern_file(text))

    message = load_error(tmp_path)

    assert message == "91-broken.yaml: X-LOCAL-01: `question` must be a non-empty text"


def test_it_names_the_position_of_an_entry_without_id(tmp_path: Path) -> None:
    text = concern_file(
        entry(ident="X-LOCAL-01"),
        entry(ident="X-LOCAL-02").replace("  - id: X-LOCAL-02\n    severity", "  - severity"),
    )
    write(tmp_path, "91-broken.yaml", text)

    message = load_error(tmp_path)

    assert message.startswith("91-broken.yaml: entry 2: ")
    assert "`id`" in message


@pytest.mark.parametrize(
    "text",
    [
        "version: 1\ntheme: 壊れた\nconcerns:\n  - id: X-LOCAL-01\n   severity: [high\n",
        "version: 1\ntheme: 壊れた\nconcerns: [{id: X-LOCAL-01}\n",
        "\tversion: 1\n",
    ],
)
def test_it_names_a_file_that_is_not_yaml(text: str, tmp_path: Path) -> None:
    write(tmp_path, "91-broken.yaml", text)

    message = load_error(tmp_path)

    assert message.startswith("91-broken.yaml: cannot be read as YAML")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "- id: X-LOCAL-01\n",
        "version: 1\ntheme: 独自\n",
        "theme: 独自\nconcerns: []\n",
        "version: 1\nconcerns: []\n",
    ],
)
def test_it_names_a_file_without_its_frame(text: str, tmp_path: Path) -> None:
    write(tmp_path, "91-broken.yaml", text)

    assert load_error(tmp_path).startswith("91-broken.yaml: ")


def test_it_refuses_an_id_defined_twice_across_files(tmp_path: Path) -> None:
    write(tmp_path, "90-first.yaml", concern_file(entry(ident="X-LOCAL-01")))
    write(
        tmp_path,
        "91-second.yaml",
        concern_file(entry(ident="X-LOCAL-02"), entry(ident="X-LOCAL-01")),
    )

    message = load_error(tmp_path)

    assert message == "91-second.yaml: X-LOCAL-01: already defined in 90-first.yaml"


def test_it_refuses_an_id_defined_twice_in_one_file(tmp_path: Path) -> None:
    write(tmp_path, "90-first.yaml", concern_file(entry(), entry(severity="low")))

    assert load_error(tmp_path) == "90-first.yaml: X-LOCAL-01: already defined in 90-first.yaml"


def test_it_refuses_a_local_definition_of_a_built_in_id(tmp_path: Path) -> None:
    write(tmp_path, "90-local.yaml", concern_file(entry(ident="C-VENDOR-01")))

    with pytest.raises(DefinitionError) as excinfo:
        definitions.load([definitions.BUILTIN_DIR, tmp_path])

    assert str(excinfo.value) == "90-local.yaml: C-VENDOR-01: already defined in 05-vendor.yaml"


# -- good files ------------------------------------------------------------------------------


def test_it_loads_the_built_in_catalogue() -> None:
    concerns = definitions.load()

    ids = [c.id for c in concerns]
    assert len(ids) >= 80
    assert len(set(ids)) == len(ids)
    assert {"C-CHANNEL-02", "C-MEDIA-01", "C-VENDOR-01"} <= set(ids)
    assert [c.order for c in concerns] == list(range(1, len(concerns) + 1))
    assert all(c.severity in definitions.SEVERITIES for c in concerns)
    vendor = next(c for c in concerns if c.id == "C-VENDOR-01")
    assert vendor.source == "05-vendor.yaml v1"
    assert vendor.theme


def test_it_adds_the_concerns_of_an_extra_directory(tmp_path: Path) -> None:
    write(tmp_path, "90-local.yaml", concern_file(entry(severity="low")))

    concerns = definitions.load([definitions.BUILTIN_DIR, tmp_path])

    local = concerns[-1]
    assert local.id == "X-LOCAL-01"
    assert (local.theme, local.severity, local.source) == ("独自の観点", "low", "90-local.yaml v1")
    assert local.when == definitions.Condition("channel", param=("fax",))
    assert local.answer == ("回線の種類",)
    assert local.order == len(concerns)
    assert len(concerns) == len(definitions.load()) + 1


# -- at start-up -----------------------------------------------------------------------------


def django(*args: str, concern_dir: Path, var_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter with fixed arguments
        [sys.executable, "-m", "django", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SHINGIKAI_VAR_DIR": str(var_dir),
            "REVIEW_CONCERN_DIRS": str(concern_dir),
        },
    )


def test_it_stops_the_application_on_a_broken_extra_file(tmp_path: Path) -> None:
    concerns = tmp_path / "concerns"
    write(concerns, "90-local.yaml", concern_file(entry(when="{channel: pigeon}")))

    result = django("check", concern_dir=concerns, var_dir=tmp_path / "var")

    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    final = lines[-1]
    assert final.startswith(
        "django.core.exceptions.ImproperlyConfigured: "
        "審議の観点（concerns）の定義に誤りがあります: 90-local.yaml: X-LOCAL-01: "
    )
    assert "pigeon" in final
    assert sum("ImproperlyConfigured:" in line for line in lines) == 1
    assert "System check identified" not in result.stdout


def test_it_starts_with_a_valid_extra_file(tmp_path: Path) -> None:
    concerns = tmp_path / "concerns"
    write(concerns, "90-local.yaml", concern_file(entry()))

    checked = django("check", concern_dir=concerns, var_dir=tmp_path / "var")
    listed = django(
        "shell",
        "--no-imports",
        "-c",
        "from shingikai.review import catalog; print(catalog.concerns()[-1].id)",
        concern_dir=concerns,
        var_dir=tmp_path / "var",
    )

    assert checked.returncode == 0, checked.stderr
    assert "System check identified no issues" in checked.stdout
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == ["X-LOCAL-01"]
    assert "X-LOCAL-01" in [c.id for c in definitions.load([definitions.BUILTIN_DIR, concerns])]
