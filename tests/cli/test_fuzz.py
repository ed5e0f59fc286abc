"""Random arguments thrown at the command line: never a traceback, never a partial write."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "KS", "x" * 300, "-1", "2025", "control", "ok", "near"]),
)
NUMBER = st.one_of(st.integers(-5, 3000).map(str), TEXT)


@st.composite
def commands(draw: st.DrawFn) -> list[str]:
    org, year, n, m = draw(TEXT | st.just("KS")), draw(NUMBER), draw(NUMBER), draw(NUMBER)
    words = draw(TEXT)
    return draw(
        st.sampled_from(
            [
                [
                    "risk",
                    "add",
                    "--org",
                    org,
                    "--year",
                    year,
                    "--title",
                    words,
                    "-p",
                    n,
                    "-s",
                    m,
                    "--handling",
                    draw(TEXT),
                ],
                ["risk", "edit", n, "--year", year, "-p", m, "--owner", words],
                ["risk", "edit", n, "--year", year, "--title", words, "--if-version", m],
                ["risk", "remove", n, "--year", year, "--yes"],
                ["risk", "list", "--year", year, "--org", org, "--min-value", n],
                ["plan", "generate", "--year", year, "--org", org],
                ["plan", "set", n, "--method", words],
                ["plan", "adopt", "--year", year, "--org", org, "--date", words],
                [
                    "followup",
                    "record",
                    n,
                    "--period",
                    draw(TEXT),
                    "--assessment",
                    draw(TEXT),
                    "--result",
                    words,
                ],
                ["org", "add", words, "--code", draw(TEXT)],
                ["year", "rollover", "--from", year, "--to", n, "--org", org],
                ["due", "--date", words],
                ["audit", "--entity", words, "--id", n],
            ]
        )
    )


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=commands())
def test_random_arguments_never_traceback_nor_write_half(cli, examples_store, store_state, args):
    before = store_state()
    out = cli(*args)
    assert "Traceback" not in out.stderr + out.stdout
    assert out.exit_code in (0, 1, 2, 3), (args, out.stderr)
    if out.exit_code != 0:
        assert len(out.stderr.strip().splitlines()) == 1, (args, out.stderr)
        assert "unexpected error" not in out.stderr, (args, out.stderr)
        assert store_state() == before, args


CELL = st.one_of(st.text(max_size=12), st.integers(-3, 20).map(str), st.just(""))
HEADERS = st.lists(
    st.sampled_from(
        [
            "Risk",
            "Riskbeskrivning",
            "Sannolikhet",
            "Väsentlighet",
            "Riskvärde",
            "Hantering",
            "Beslut",
            "Ansvarig",
            "Nämnd",
            "Okänd",
            "",
        ]
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    header=HEADERS,
    rows=st.lists(st.lists(CELL, max_size=7), max_size=6),
    delimiter=st.sampled_from([";", ",", "\t"]),
    raw=st.binary(max_size=40),
)
def test_malformed_import_files_never_traceback_nor_write_half(
    cli, examples_store, store_state, tmp_path_factory, header, rows, delimiter, raw
):
    path = tmp_path_factory.mktemp("fuzz") / "register.csv"
    text = "\n".join(delimiter.join(r) for r in [header, *rows])
    path.write_bytes(text.encode("utf-8") + raw)
    before = store_state()
    out = cli("import", str(path), "--year", "2026", "--org", "KS")
    assert "Traceback" not in out.stderr + out.stdout
    assert "unexpected error" not in out.stderr, out.stderr
    assert out.exit_code in (0, 2), out.stderr
    if out.exit_code != 0:
        assert store_state() == before
