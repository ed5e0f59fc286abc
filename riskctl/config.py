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
from riskctl.i18n import _, language_of
from riskctl.tabular import read_text_file, toml_reason

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
    # Said once on stderr by the CLI; the command goes on (a missing RISKCTL_CONFIG file, a
    # language riskctl does not have).
    warnings: tuple[str, ...] = ()


def _config_path() -> Path:
    return Path(os.environ[ENV_CONFIG]) if os.environ.get(ENV_CONFIG) else paths.config_file()


def read_config_file(path: Path | None = None) -> dict[str, object]:
    """The config file's settings; {} if there is none. A file that is there but cannot be
    read, is not a regular file, is too large, is not text or not TOML is an `InvalidInput`
    (exit 2): a config that is silently ignored is worse than one that stops the command."""
    path = path or _config_path()
    field = _("config file")
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as exc:  # e.g. a config directory its owner cannot read
        raise InvalidInput(
            field, str(path), _("it cannot be read ({reason})").format(reason=exc.strerror or exc)
        ) from None
    text = read_text_file(path, field=field, what=_("the config file"))
    import tomllib  # only when there is a file: most runs have none

    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise InvalidInput(
            field, str(path), _("it must be readable TOML ({error})").format(error=toml_reason(exc))
        ) from None
    for key in ("database_url", "lang", "user", "interim_due", "annual_due"):
        if key in data and not isinstance(data[key], str):
            raise InvalidInput(
                field,
                str(path),
                _('{key} must be a string in quotes, as in {key} = "…"').format(key=key),
            )
    return data


def load_settings(
    db_flag: str | None = None, lang_flag: str | None = None, user_flag: str | None = None
) -> Settings:
    file = read_config_file()
    warnings: list[str] = []
    named = os.environ.get(ENV_CONFIG)
    if named and not os.path.lexists(named):
        warnings.append(
            _("warning: {env} names {path}, which does not exist; no config file is read").format(
                env=ENV_CONFIG, path=named
            )
        )

    def pick(flag: str | None, env: str, key: str) -> str | None:
        if flag:
            return flag
        if os.environ.get(env):
            return os.environ[env]
        value = file.get(key)
        return str(value) if value is not None else None

    lang = lang_flag
    if not lang:
        # An unknown language is said and passed over: the next setting (the config file's
        # `lang`, then the locale) chooses.
        for source, value in ((ENV_LANG, os.environ.get(ENV_LANG)), ("lang", file.get("lang"))):
            if not value:
                continue
            if language_of(str(value)):
                lang = str(value)
                break
            warnings.append(
                _(
                    "warning: {source} = {value} is not a language riskctl has (sv or en); "
                    "it is passed over"
                ).format(source=source, value=repr(value))
            )
    return Settings(
        database_url=pick(db_flag, ENV_URL, "database_url") or paths.default_database_url(),
        lang=lang,
        user=pick(user_flag, ENV_USER, "user"),
        interim_due=str(file.get("interim_due", "08-31")),
        annual_due=str(file.get("annual_due", "02-end")),
        warnings=tuple(warnings),
    )
