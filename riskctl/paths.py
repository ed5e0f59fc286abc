"""Where riskctl keeps its files by default (per-user directories from platformdirs)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP = "riskctl"


def data_dir() -> Path:
    """The directory of the default store; not created here."""
    return user_data_path(APP, appauthor=False)


def config_file() -> Path:
    """The optional TOML configuration file."""
    return user_config_path(APP, appauthor=False) / "config.toml"


def default_database_path() -> Path:
    return data_dir() / "riskctl.db"


def default_database_url() -> str:
    return f"sqlite:///{default_database_path()}"


def package_dir() -> Path:
    return Path(__file__).resolve().parent


def _shipped_or_source(shipped: str, source: str) -> Path:
    """A directory shipped inside the wheel, else the one in the source tree."""
    inside = package_dir() / shipped
    return inside if inside.is_dir() else package_dir().parent / source


def migrations_dir() -> Path:
    return _shipped_or_source("_migrations", "db")


def examples_dir() -> Path:
    return _shipped_or_source("_examples", "examples")
