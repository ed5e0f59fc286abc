"""Fixtures for the import tests: exports of the example analysis, an empty board to import
into, and the analysis as comparable rows."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from riskctl.db import make_engine, reading, writing

Export = Callable[..., Path]
COMPARED = (
    "title",
    "description",
    "probability",
    "significance",
    "value",
    "handling",
    "note",
    "owner",
)


def analysis(engine: Engine, year: int = 2025, org: str = "KS") -> list[dict[str, object]]:
    """The year's analysis of a board as a user sees it, in report order."""
    from riskctl.services.risks import list_assessments

    with reading(engine) as session:
        return [
            {k: getattr(a, k) for k in COMPARED}
            for a in list_assessments(session=session, year=year, org=org)
        ]


@pytest.fixture
def source(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """A SQLite store with the examples: where the exported files come from."""
    from riskctl.services.examples import load_examples

    path = tmp_path / "source.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with writing(engine) as session:
        load_examples(session=session)
    yield engine
    engine.dispose()


@pytest.fixture
def export(source: Engine, tmp_path: Path) -> Export:
    """`export("csv", lang="sv")` → a file of the 2025 analysis of KS, as `report` writes it."""
    from riskctl.exporters import render_text, write_binary
    from riskctl.services.reports.build import build_report

    def run(
        fmt: str, *, lang: str = "sv", year: int = 2025, org: str = "KS", delimiter: str = ";"
    ) -> Path:
        with reading(source) as session:
            report = build_report(session=session, kind="analysis", year=year, org=org, lang=lang)
        path = tmp_path / f"analys-{year}-{lang}.{fmt}"
        if fmt in ("xlsx", "docx"):
            out = io.BytesIO()
            write_binary(report, fmt, out)
            path.write_bytes(out.getvalue())
        else:
            path.write_text(
                render_text(report, fmt, delimiter=delimiter), encoding="utf-8", newline=""
            )
        return path

    return run


@pytest.fixture
def board(engine: Engine, write) -> Engine:  # type: ignore[no-untyped-def]
    """An empty store with the board KS (the default 4×4 scale) and nothing else."""
    from riskctl.services.orgs import add_org

    with write() as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
    return engine
