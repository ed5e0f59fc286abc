"""Every text riskctl shows has its Swedish translation, and the compiled catalogs that ship
are those of the .po files.

The message ids are found by walking the syntax tree of every module of `riskctl/`: the
first argument of `_("…")`, `N_("…")` (marked, translated later) and `ngettext("…", "…", n)`
(both forms), and the (context, message) of `pgettext("…", "…")`, whose translation is the
catalog entry with that msgctxt. English needs no catalog: the message ids are English. The
help texts (the commands' docstrings, the options' help) are found by walking the command tree
instead, in tests/cli/test_help_language.py.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from riskctl.i18n import _, locale_dir, ngettext, pgettext

PACKAGE = Path(__file__).resolve().parents[2] / "riskctl"
CATALOGS = locale_dir() / "sv" / "LC_MESSAGES"
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}  # function → how many leading msgid arguments
FIELD = re.compile(r"\{[^{}]*\}|%\(\w+\)[sd]")


def _marker(call: ast.Call) -> str | None:
    func = call.func
    name = (
        func.id
        if isinstance(func, ast.Name)
        else (func.attr if isinstance(func, ast.Attribute) else None)
    )
    return name if name in MARKERS else None


@cache
def used_messages() -> dict[str, str]:
    """msgid → where it is used first (path:line)."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _marker(node) is None:
                continue
            for arg in node.args[: MARKERS[_marker(node) or "_"]]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


@cache
def used_contexts() -> dict[tuple[str, str], str]:
    """(msgctxt, msgid) of every `pgettext(context, message)` → where it is used first."""
    found: dict[tuple[str, str], str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            args = node.args[:2]
            if (
                name == "pgettext"
                and len(args) == 2
                and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args)
            ):
                key = (str(args[0].value), str(args[1].value))  # type: ignore[attr-defined]
                found.setdefault(key, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


@cache
def f_strings() -> list[str]:
    """Calls that pass an f-string as the message: no catalog can hold those."""
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _marker(node)
                and node.args
                and isinstance(node.args[0], ast.JoinedStr)
            ):
                bad.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return bad


def po_files() -> list[Path]:
    return sorted(CATALOGS.glob("*.po"))


def _read_po(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale="sv")


def _translations(catalog: Catalog) -> dict[str, object]:
    """msgid (the singular for plurals) → translation, for translated, non-fuzzy messages
    without a msgctxt (those are `_contextual`'s)."""
    out: dict[str, object] = {}
    for message in catalog:
        if not message.id or message.fuzzy or message.context:
            continue
        key = message.id[0] if isinstance(message.id, tuple | list) else message.id
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if all(strings):
            text = tuple(strings) if len(strings) > 1 else strings[0]
            out[str(key)] = text
            if isinstance(message.id, tuple | list):
                out[str(message.id[1])] = text
    return out


def _contextual(catalog: Catalog) -> dict[tuple[str, str], str]:
    """(msgctxt, msgid) → translation, for translated, non-fuzzy messages with a msgctxt."""
    return {
        (str(m.context), str(m.id)): str(m.string)
        for m in catalog
        if m.context and m.id and m.string and not m.fuzzy
    }


@cache
def swedish_in_context() -> dict[tuple[str, str], str]:
    merged: dict[tuple[str, str], str] = {}
    for path in po_files():
        merged.update(_contextual(_read_po(path)))
    return merged


@cache
def swedish() -> dict[str, object]:
    merged: dict[str, object] = {}
    for path in po_files():
        merged.update(_translations(_read_po(path)))
    return merged


def test_there_are_swedish_catalogs():
    assert po_files(), f"no .po files in {CATALOGS}"


def test_every_message_has_a_swedish_translation():
    missing = [
        f"{where}: {msgid!r}"
        for msgid, where in sorted(used_messages().items(), key=lambda kv: kv[1])
        if msgid not in swedish()
    ]
    assert not missing, f"messages with no Swedish translation in {CATALOGS}/*.po:\n" + "\n".join(
        missing
    )


def test_every_message_in_context_has_a_swedish_translation():
    assert used_contexts(), "no pgettext call found: the walk of the syntax tree is broken"
    missing = [
        f"{where}: msgctxt {context!r}, msgid {msgid!r}"
        for (context, msgid), where in sorted(used_contexts().items(), key=lambda kv: kv[1])
        if (context, msgid) not in swedish_in_context()
    ]
    assert not missing, (
        f"pgettext messages with no Swedish translation in that context in {CATALOGS}/*.po:\n"
        + "\n".join(missing)
    )


def test_no_message_is_an_f_string():
    assert not f_strings(), "translate the template, then format it: " + ", ".join(f_strings())


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.name)
def test_the_compiled_catalog_is_that_of_the_po_file(po: Path):
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo.name} is missing: pybabel compile -i {po} -o {mo}"
    with mo.open("rb") as fh:
        catalog = read_mo(fh)
    source = _read_po(po)
    assert (_translations(catalog), _contextual(catalog)) == (
        _translations(source),
        _contextual(source),
    ), f"{mo.name} is out of date with {po.name}: pybabel compile -i {po} -o {mo}"


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.name)
def test_translations_keep_their_placeholders(po: Path):
    """A `{year}` the Swedish text drops (or misspells) would fail at run time."""
    wrong = []
    for message in _read_po(po):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        expected = sorted(FIELD.findall(ids[-1]))
        for text in strings:
            if sorted(FIELD.findall(text)) != expected:
                wrong.append(f"{ids[0]!r} → {text!r}")
    assert not wrong, "\n".join(wrong)


def test_no_message_is_translated_two_ways():
    seen: dict[str, tuple[str, object]] = {}
    clashes = []
    for path in po_files():
        for msgid, text in _translations(_read_po(path)).items():
            if msgid in seen and seen[msgid][1] != text:
                clashes.append(f"{msgid!r}: {seen[msgid][0]} and {path.name}")
            seen.setdefault(msgid, (path.name, text))
    assert not clashes, "\n".join(clashes)


def test_translation_happens_at_call_time():
    assert _("Risk description", "sv") == "Riskbeskrivning"
    assert _("Risk description", "en") == "Risk description"
    assert pgettext("probability column", "P", "sv") == "S"
    assert pgettext("probability column", "P", "en") == "P"
    assert (
        ngettext(
            "{source}: {count} bad row; nothing was imported",
            "{source}: {count} bad rows; nothing was imported",
            2,
            "sv",
        )
        == "{source}: {count} felaktiga rader; inget importerades"
    )
