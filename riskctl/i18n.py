"""Translations: English message ids, Swedish catalogs, chosen at call time.

Each part of riskctl keeps its own catalog in `locale/sv/LC_MESSAGES/<part>.po` (cli, help,
tui, reports); `make catalogs` compiles them to `.mo` files, which ship in the package. All
catalogs of a language are chained, so `_()` finds a message whichever part defines it.
English needs no catalog: the message ids are English. The help screens are translated when
they are shown, by `riskctl.cli.help_text.Command` and `Group`.
"""

from __future__ import annotations

import gettext
import os
import re
from functools import cache
from pathlib import Path

LANGUAGES = ("sv", "en")
_current: str | None = None


def locale_dir() -> Path:
    return Path(__file__).resolve().parent / "locale"


_LANGUAGE = re.compile(r"(sv|en)([_.@-].*)?", re.IGNORECASE)


def language_of(value: str) -> str | None:
    """sv or en for a language setting ("sv", "sv_SE.UTF-8", "en-GB"), None if it is neither."""
    found = _LANGUAGE.fullmatch(value.strip())
    return found[1].lower() if found else None


def detect_language() -> str:
    """sv or en, from RISKCTL_LANG or the locale (LC_ALL, LC_MESSAGES, LANG); English else.

    A RISKCTL_LANG that is neither sv nor en is passed over (`config.load_settings` warns)."""
    for name in ("RISKCTL_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if name == "RISKCTL_LANG" and value and language_of(value) is None:
            continue
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


def N_(message: str) -> str:
    """Mark `message` for the catalog where it is defined; `_()` translates it when shown."""
    return message


def pgettext(context: str, message: str, lang: str | None = None) -> str:
    """A short message whose meaning needs a context (a one-letter column heading), in
    `lang` or the current language; its catalog entry carries `context` as msgctxt."""
    return translations(lang or language()).pgettext(context, message)
