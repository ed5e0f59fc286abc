"""Settings, resolved in this order: command-line flag > environment > config file > default.

The config file (see `paths.config_file()`) is TOML, for example:

    database_url = "postgresql://controller@db.example/riskctl"
    lang = "sv"
    user = "anna"
    interim_due = "08-31"   # month-day after which an interim follow-up is overdue
    annual_due = "02-end"   # month-day in the following year; "02-end" = last day of February
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from riskctl import paths
from riskctl.errors import InvalidInput
from riskctl.i18n import _

ENV_URL = "RISKCTL_DATABASE_URL"
ENV_CONFIG = "RISKCTL_CONFIG"
ENV_LANG = "RISKCTL_LANG"
ENV_USER = "RISKCTL_USER"


@dataclass(frozen=True)
class Settings:
    database_url: str
    lang: str | None = None
    user: str | None = None
    interim_due: str = "08-31"
    annual_due: str = "02-end"


def _config_path() -> Path:
    return Path(os.environ[ENV_CONFIG]) if os.environ.get(ENV_CONFIG) else paths.config_file()


def read_config_file(path: Path | None = None) -> dict[str, object]:
    path = path or _config_path()
    if not path.is_file():
        return {}
    import tomllib  # only when there is a file: most runs have none

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(
            _("config file"), str(path), _("it must be readable TOML ({error})").format(error=exc)
        ) from None


def load_settings(
    db_flag: str | None = None, lang_flag: str | None = None, user_flag: str | None = None
) -> Settings:
    file = read_config_file()

    def pick(flag: str | None, env: str, key: str) -> str | None:
        if flag:
            return flag
        if os.environ.get(env):
            return os.environ[env]
        value = file.get(key)
        return str(value) if value is not None else None

    return Settings(
        database_url=pick(db_flag, ENV_URL, "database_url") or paths.default_database_url(),
        lang=pick(lang_flag, ENV_LANG, "lang"),
        user=pick(user_flag, ENV_USER, "user"),
        interim_due=str(file.get("interim_due", "08-31")),
        annual_due=str(file.get("annual_due", "02-end")),
    )
