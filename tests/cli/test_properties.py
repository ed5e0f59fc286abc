"""Every command, every option, hostile values: exit 0, 2 or 3, never a traceback, one line on
stderr when refused, and the store byte for byte as before a refusal.

The commands and their parameters are read from the command tree of `riskctl.cli.main.app`, so
that a new command or option is thrown at as soon as it exists. Values are drawn from what a
user would type (a board, a year, a score) and from what an attacker would: long strings,
control characters, bytes that are not UTF-8 (as Python hands them on: surrogates), numbers no
store holds, negatives, empty text and spreadsheet formulas. The terminal UI and the web
server are left out (they do not return), and so is the question of a confirmation (`--yes`
is always given).

One store per test function, with the examples loaded; its rows are compared before and after
each refused command, and read again after each command that succeeded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskctl.models import ASSESSMENTS, HANDLINGS, PERIODS

LEFT_OUT = {("tui",), ("serve",)}
EXAMPLES = int(os.environ.get("RISKCTL_PROPERTY_EXAMPLES", "150"))


@dataclass(frozen=True)
class Param:
    name: str  # the longest option name ('--year'), or the argument's name ('risk_id')
    option: bool
    flag: bool
    required: bool
    kind: str  # int, str, path, bool or choice
    choices: tuple[str, ...]


@dataclass(frozen=True)
class CommandShape:
    path: tuple[str, ...]
    params: tuple[Param, ...]


def _kind(param: Any) -> tuple[str, tuple[str, ...]]:
    described = param.type_descriptor
    if getattr(described, "is_choice", False):
        return "choice", tuple(str(getattr(c, "value", c)) for c in described.choices)
    annotation = str(described.annotation)
    for kind in ("bool", "int", "Path"):
        if kind in annotation:
            return kind.lower(), ()
    return "str", ()


def _params(command: Any) -> tuple[Param, ...]:
    out = []
    for p in command.params:
        option = p.param_type_name == "option"
        if option and "--help" in p.opts:
            continue
        kind, choices = _kind(p)
        out.append(
            Param(
                name=max(p.opts, key=len) if option else str(p.name),
                option=option,
                flag=bool(getattr(p, "is_flag", False)),
                required=bool(p.required),
                kind=kind,
                choices=choices,
            )
        )
    return tuple(out)


def command_shapes() -> list[CommandShape]:
    """Every command of riskctl (groups walked down), with its parameters."""
    import typer.main

    from riskctl.cli.main import app

    def walk(command: Any, path: tuple[str, ...]) -> Iterator[CommandShape]:
        subcommands = getattr(command, "commands", None)
        # A group that runs without a subcommand (`audit` lists the trail) is a command too.
        runs_alone = subcommands is None or (path and command.invoke_without_command)
        if runs_alone and path not in LEFT_OUT:
            yield CommandShape(path, _params(command))
        if subcommands is None:
            return
        for name in list(subcommands):
            yield from walk(command.get_command(None, name), (*path, name))

    return list(walk(typer.main.get_command(app), ()))


SHAPES = command_shapes()

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "x" * 5000,
            "a\x1b[31mred\x1b[0m",
            "tab\there",
            "line\nbreak",
            "bell\x07",
            "x\udcffy",  # b"x\xffy" on a command line
            "\udc80",
            '=HYPERLINK("http://evil.example","click")',
            "@SUM(A1)",
            "+1+1",
            "-1",
            "0",
            "-2147483649",
            str(2**31),
            str(2**63),
            str(10**30),
            "-" + str(10**30),
            "1e3",
            "3.5",
            "'; DROP TABLE risk; --",
            "<script>alert(1)</script>",
            "a | b",
            "KS\r",
            "..",
            "/",
        ]
    ),
    st.text(max_size=20),
)

SENSIBLE: dict[str, list[str]] = {
    "--org": ["KS", "Kommunstyrelsen", "all"],
    "org": ["KS"],
    "--year": ["2025", "2026", "2024"],
    "--from": ["2025"],
    "--to": ["2026", "2027"],
    "--period": list(PERIODS),
    "--handling": list(HANDLINGS),
    "--assessment": list(ASSESSMENTS),
    "--date": ["2025-03-01", "2024-12-16"],
    "--since": ["2025-01-01"],
    "--checked": ["2025-03-01"],
    "--lang": ["sv", "en"],
    "--entity": ["risk", "plan", "org", "item"],
    "--delimiter": [";", ",", "tab"],
    "--probability": ["1", "2", "4"],
    "--significance": ["1", "3", "4"],
    "--min-value": ["4", "9"],
    "--threshold": ["6", "8", "16"],
    "--scale-size": ["4", "5"],
    "--if-version": ["1", "2"],
    "--id": ["1", "3"],
    "risk_id": ["1", "2", "12", "40"],
    "item": ["1", "2", "5"],
    "--size": ["1", "3"],
    "--seed": ["7", str(10**18 - 1)],
    "--errors": ["0", "1"],
    "--tolerable-rate": ["0.05", "0.1"],
    "--confidence": ["0.95", "0.9"],
    "--id-column": ["id"],
    "--reason": ["The board asked for a change"],
}
# Files a command reads, and names a command writes to: apart, so that no command reads what
# another wrote (a backup given as a scale file tests the scale reader, not these rules).
FILES = ["register.csv", "population.csv", "missing.csv", ".", "/dev/null"]
OUTPUTS = ["out.md", "out.csv", "copy.db", "out", "."]
WRITTEN = {"--output", "--save", "file@db backup"}


def _value(param: Param, hostile: bool, command: tuple[str, ...]) -> st.SearchStrategy[str]:
    if hostile:
        return HOSTILE
    if param.kind == "choice":
        sensible: list[str] = list(param.choices)
    elif param.kind == "path":
        written = {param.name, f"{param.name}@{' '.join(command)}"} & WRITTEN
        sensible = OUTPUTS if written else FILES
    else:
        sensible = SENSIBLE.get(param.name) or ["x", "Ny risk", "KS", "1"]
    return st.sampled_from(sensible)


@st.composite
def invocations(draw: st.DrawFn) -> list[str]:
    """A command line: global options, the command, its arguments and some of its options."""
    args: list[str] = []
    if draw(st.integers(0, 9)) == 0:
        args += ["--user", draw(st.sampled_from(["Anna Berg", "Åsa"]) | HOSTILE)]
    shape = draw(st.sampled_from(SHAPES))
    args += list(shape.path)
    # Mostly one hostile value among sensible ones, so that the command gets as far as it
    # goes with it (and sometimes succeeds and writes); now and then all at random.
    everything = draw(st.integers(0, 9)) == 0
    hostile = draw(st.integers(-1, len(shape.params) - 1))
    positional: list[str] = []
    for n, param in enumerate(shape.params):
        if param.name == "--yes":
            args.append("--yes")  # never the question: nobody is there to answer it
            continue
        if not param.required and not draw(st.booleans()):
            continue
        if param.flag:
            args.append(param.name)
            continue
        bad = (everything and draw(st.booleans())) or n == hostile
        if param.option:
            args += [param.name, draw(_value(param, bad, shape.path))]
        else:
            positional.append(draw(_value(param, bad, shape.path)))
    # Arguments last: after `--` a value that starts with "-" is an argument, not an option.
    if any(value.startswith("-") for value in positional):
        args.append("--")
    return args + positional


@pytest.fixture
def files(tmp_path, monkeypatch):
    """A working directory with the files a command may be given; what a command writes (a
    report, a backup, a sample list) goes there and nowhere else."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "register.csv").write_text(
        "Risk;Riskbeskrivning;Sannolikhet;Väsentlighet\n"
        "Ny risk;Något kan gå fel;2;3\n"
        '=HYPERLINK("x");Formel;1;9\n',
        encoding="utf-8",
    )
    (tmp_path / "population.csv").write_text(
        "id;belopp\n" + "".join(f"F{n};{n * 10}\n" for n in range(1, 40)), encoding="utf-8"
    )
    return tmp_path


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=invocations())
def test_every_command_refuses_bad_input_cleanly_and_changes_nothing(
    cli, examples_store, store_state, files, args
):
    before = store_state()
    out = cli(*args)
    assert "Traceback" not in out.stdout + out.stderr, (args, out.stderr)
    assert out.exit_code in (0, 2, 3), (args, out.exit_code, out.stderr)
    if out.exit_code == 0:
        return
    lines = out.stderr.strip().splitlines()
    if args[:1] == ["import"] and len(lines) > 1:
        # The one exception to one line: an import lists its bad cells, then the verdict.
        assert lines[-1].endswith("nothing was imported"), (args, out.stderr)
    else:
        assert len(lines) == 1, (args, out.stderr)
    assert store_state() == before, args


def test_the_command_tree_is_walked_whole():
    names = {" ".join(shape.path) for shape in SHAPES}
    assert {
        "risk add",
        "plan adopt",
        "org set",
        "audit",
        "audit verify",
        "db backup",
        "sample draw",
    } <= (names)
    assert "tui" not in names and "serve" not in names
    add = next(shape for shape in SHAPES if shape.path == ("risk", "add"))
    assert {p.name for p in add.params} >= {"--org", "--year", "--title", "--probability"}
