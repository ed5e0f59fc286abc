"""What riskctl prints is data: a listing's CSV runs no formula in a spreadsheet, its Markdown
no HTML in a renderer, and a title with `|` stays in its cell."""

from __future__ import annotations

import csv
import io

import pytest
from markdown_it import MarkdownIt

HOSTILE = '=HYPERLINK("http://evil.example","a | b <script>alert(1)</script>")'


@pytest.fixture
def hostile(cli):
    assert cli("org", "add", "Kommunstyrelsen", "--code", "KS").exit_code == 0
    for title in (HOSTILE, "@SUM(A1)", "+1+1", "-2+3", "Plain | piped <b>bold</b> & co"):
        out = cli(
            "risk", "add", "--org", "KS", "--year", "2025", "--title", title, "-p", "2", "-s", "3"
        )
        assert out.exit_code == 0, out.stderr
    return cli


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_risk_list_csv_neutralises_formula_cells_and_keeps_numbers(hostile):
    out = hostile("risk", "list", "--year", "2025", "--org", "KS", "--format", "csv")
    assert out.exit_code == 0, out.stderr
    titles = {row["title"] for row in _csv(out.stdout)}
    assert titles == {
        "'" + HOSTILE,
        "'@SUM(A1)",
        "'+1+1",
        "'-2+3",
        "Plain | piped <b>bold</b> & co",
    }
    # Numbers stay numbers: a spreadsheet sums the values.
    assert {row["value"] for row in _csv(out.stdout)} == {"6"}


def test_audit_csv_neutralises_formula_cells(hostile):
    out = hostile("audit", "--entity", "risk", "--format", "csv")
    assert out.exit_code == 0, out.stderr
    new = [row["new"] for row in _csv(out.stdout) if row["field"] == "title"]
    assert "'" + HOSTILE in new and "'@SUM(A1)" in new
    assert not any(value.startswith(("=", "@", "+", "-")) for value in new)


def _html_of_markdown(text: str) -> str:
    # CommonMark passes raw HTML through, as a wiki's renderer does.
    return MarkdownIt("commonmark").enable("table").render(text)


def test_risk_list_markdown_keeps_pipes_in_their_cell_and_shows_html_as_text(hostile):
    out = hostile("risk", "list", "--year", "2025", "--org", "KS", "--format", "md")
    assert out.exit_code == 0, out.stderr
    html = _html_of_markdown(out.stdout)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    rows = html.split("<tr>")[1:]
    header_cells = rows[0].count("<th")
    assert header_cells > 3
    # Every row has as many cells as the header: no `|` split a title.
    assert all(row.count("<td") == header_cells for row in rows[1:]), html
    assert "Plain | piped &lt;b&gt;bold&lt;/b&gt; &amp;amp; co" not in html
    assert "Plain | piped &lt;b&gt;bold&lt;/b&gt; &amp; co" in html


def test_report_markdown_shows_html_of_a_title_as_text(hostile, tmp_path):
    assert hostile("plan", "generate", "--year", "2025", "--org", "KS").exit_code == 0
    target = tmp_path / "analysis.md"
    out = hostile(
        "report", "analysis", "--year", "2025", "--org", "KS", "-f", "md", "-o", str(target)
    )
    assert out.exit_code == 0, out.stderr
    html = _html_of_markdown(target.read_text(encoding="utf-8"))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
