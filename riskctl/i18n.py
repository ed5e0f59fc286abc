"""Translations: English message ids, Swedish catalogs, chosen at call time.

Each part of riskctl keeps its own catalog in `locale/sv/LC_MESSAGES/<part>.po` (cli, help,
tui, reports); `make catalogs` compiles them to `.mo` files, which ship in the package. All
catalogs of a language are chained, so `_()` finds a message whichever part defines it.
English needs no catalog: the message ids are English. The help screens are translated when
they are shown, by `riskctl.cli.common.Command` and `Group`.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

LANGUAGES = ("sv", "en")
_current: str | None = None


def locale_dir() -> Path:
    return Path(__file__).resolve().parent / "locale"


def detect_language() -> str:
    """sv or en, from RISKCTL_LANG or the locale (LC_ALL, LC_MESSAGES, LANG); English else."""
    for name in ("RISKCTL_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    return "en"


def set_language(lang: str | None) -> None:
    global _current
    _current = lang if lang in LANGUAGES else None


def language() -> str:
    return _current or detect_language()


@cache
def translations(lang: str) -> gettext.NullTranslations:
    folder = locale_dir() / lang / "LC_MESSAGES"
    chain: gettext.NullTranslations = gettext.NullTranslations()
    for mo in sorted(folder.glob("*.mo")) if folder.is_dir() else []:
        with mo.open("rb") as fh:
            catalog = gettext.GNUTranslations(fh)
        catalog.add_fallback(chain)
        chain = catalog
    return chain


def _(message: str, lang: str | None = None) -> str:
    """The message in `lang`, or in the current language."""
    return translations(lang or language()).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    return translations(lang or language()).ngettext(singular, plural, n)
