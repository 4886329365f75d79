"""Production settings from the environment: `check --deploy` passes, mistakes fail loudly."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

BASE_DIR = Path(__file__).resolve().parents[2]
# Variables the settings read; the subprocesses start from none of them.
SETTINGS_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "MEDIA_ROOT",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "SHINGIKAI_VAR_DIR",
)


def _secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def _run(tmp_path: Path, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    environ = {
        name: value
        for name, value in os.environ.items()
        if name not in SETTINGS_VARIABLES and not name.endswith("_FILE")
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="config.settings", SHINGIKAI_VAR_DIR=str(tmp_path), **variables
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _check(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    return _run(
        tmp_path, "-m", "django", "check", "--deploy", "--fail-level", "WARNING", **variables
    )


def test_it_passes_the_deployment_checks_in_production(tmp_path: Path) -> None:
    result = _check(
        tmp_path, DEBUG="False", SECRET_KEY=_secret_key(), ALLOWED_HOSTS="shingikai.example.jp"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_passes_the_deployment_checks_with_hsts_preload_chosen(tmp_path: Path) -> None:
    result = _check(
        tmp_path,
        DEBUG="false",
        SECRET_KEY=_secret_key(),
        ALLOWED_HOSTS="shingikai.example.jp",
        SECURE_HSTS_PRELOAD="yes",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_it_flags_a_weakened_production_setting(tmp_path: Path) -> None:
    result = _check(
        tmp_path,
        DEBUG="False",
        SECRET_KEY=_secret_key(),
        ALLOWED_HOSTS="shingikai.example.jp",
        SECURE_HSTS_SECONDS="0",
    )

    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_it_refuses_to_run_in_production_without_a_secret_key(tmp_path: Path) -> None:
    result = _check(tmp_path, DEBUG="False", ALLOWED_HOSTS="shingikai.example.jp")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_refuses_the_development_secret_key_in_production(tmp_path: Path) -> None:
    from config import settings

    result = _check(
        tmp_path,
        DEBUG="False",
        SECRET_KEY=settings._DEV_SECRET,
        ALLOWED_HOSTS="shingikai.example.jp",
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_to_run_in_production_without_allowed_hosts(tmp_path: Path) -> None:
    result = _check(tmp_path, DEBUG="False", SECRET_KEY=_secret_key())

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_it_refuses_an_unreadable_debug_flag(tmp_path: Path) -> None:
    result = _check(tmp_path, DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def test_it_installs_the_shingikai_command(tmp_path: Path) -> None:
    command = Path(sys.executable).parent / "shingikai"

    assert command.is_file(), f"{command} is missing; run pip install -e ."
    result = subprocess.run(  # noqa: S603 - the project's own console script
        [str(command), "--version"],
        cwd=tmp_path,
        env={**os.environ, "SHINGIKAI_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("5.2")


# -- config.env -------------------------------------------------------------------------

NAME = "SHINGIKAI_TEST_VALUE"


@pytest.fixture(autouse=True)
def _clean_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NAME, raising=False)
    monkeypatch.delenv(f"{NAME}_FILE", raising=False)


@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on", " On "])
def test_it_reads_true_spellings(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(NAME, raw)

    assert env.envbool(NAME, False) is True


@pytest.mark.parametrize("raw", ["0", "false", "FALSE", "no", "off", ""])
def test_it_reads_false_spellings(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(NAME, raw)

    assert env.envbool(NAME, True) is False


def test_it_falls_back_to_the_default_flag() -> None:
    assert env.envbool(NAME, True) is True
    assert env.envbool(NAME, False) is False


@pytest.mark.parametrize("raw", ["maybe", "y", "2", "ture"])
def test_it_refuses_other_flag_spellings(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(NAME, raw)

    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be true or false"):
        env.envbool(NAME, True)


def test_it_reads_an_integer(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env.envint(NAME, 60) == 60
    monkeypatch.setenv(NAME, "")
    assert env.envint(NAME, 60) == 60
    monkeypatch.setenv(NAME, "480")
    assert env.envint(NAME, 60) == 480


def test_it_refuses_a_non_integer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAME, "8h")

    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be an integer, not '8h'"):
        env.envint(NAME, 60)


def test_it_reads_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env.envlist(NAME, ["localhost"]) == ["localhost"]
    monkeypatch.setenv(NAME, " shingikai.example.jp, ,www.example.jp,")
    assert env.envlist(NAME, ["localhost"]) == ["shingikai.example.jp", "www.example.jp"]
    monkeypatch.setenv(NAME, "")
    assert env.envlist(NAME, ["localhost"]) == []


def test_it_reads_a_string(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env.envstr(NAME) == ""
    assert env.envstr(NAME, "fallback") == "fallback"
    monkeypatch.setenv(NAME, "value")
    assert env.envstr(NAME, "fallback") == "value"


def test_it_reads_a_string_from_the_named_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "secret_key"
    secret.write_text("  from-the-file\n", encoding="utf-8")
    monkeypatch.setenv(NAME, "from-the-variable")
    monkeypatch.setenv(f"{NAME}_FILE", str(secret))

    assert env.envstr(NAME, "fallback") == "from-the-file"


def test_it_fails_when_the_named_file_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(f"{NAME}_FILE", str(tmp_path / "absent"))

    with pytest.raises(FileNotFoundError):
        env.envstr(NAME, "fallback")
