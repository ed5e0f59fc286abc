"""The performance goals of riskctl, measured against baselines run in this same script.

    python bench/run.py            # the full national-scale store (takes a few minutes)
    python bench/run.py --small    # a small store: a smoke test for CI, no figures to quote

For each goal it prints the median of several runs, the baseline's median, their ratio and,
where it matters, the peak memory. The machine is shared and noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


def median_of(run: Callable[[], object], times: int) -> float:
    run()  # warm up: the first run compiles bytecode and fills the page cache
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def command(args: list[str], env: dict[str, str]) -> Callable[[], object]:
    return lambda: subprocess.run(
        args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(
        self,
        goal: str,
        ours: float,
        base: float | None,
        limit: str,
        unit: str = "s",
        extra: str = "",
    ) -> None:
        ratio = f"{ours / base:.2f}×" if base else "-"
        self.rows.append(
            (
                goal,
                f"{ours:.3f} {unit}",
                f"{base:.3f} {unit}" if base else "-",
                ratio,
                f"{limit} {extra}".strip(),
            )
        )
        print(
            f"{goal}: {ours:.3f} {unit} | baseline {base if base is None else round(base, 3)}"
            f" | {ratio} | goal {limit} {extra}",
            flush=True,
        )

    def table(self) -> str:
        head = ("goal", "riskctl (median)", "baseline (median)", "ratio", "goal / note")
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def goal_help(report: Report, env: dict[str, str], runs: int) -> None:
    base = median_of(command([PY, str(HERE / "bare_typer.py"), "--help"], env), runs)
    ours = median_of(command([PY, "-m", "riskctl", "--help"], env), runs)
    report.add("1. riskctl --help", ours, base, "≤ 1.3× bare Typer --help")


def goal_read(report: Report, env: dict[str, str], runs: int, org: str) -> None:
    base = median_of(command([PY, "-c", "import sqlmodel"], env), runs)
    ours = median_of(
        command(
            [
                PY,
                "-m",
                "riskctl",
                "risk",
                "list",
                "--year",
                "2025",
                "--org",
                org,
                "--format",
                "json",
            ],
            env,
        ),
        runs,
    )
    report.add("2. risk list --format json", ours, base, "≤ 1.5× import sqlmodel")


def goal_plan_and_summary(report: Report, url: str, org: str, runs: int) -> None:
    from sqlmodel import select

    from riskctl.db import open_store, reading, writing
    from riskctl.models import Org, pk
    from riskctl.services.followups import summarise, summarise_all
    from riskctl.services.plans.generate import generate_plan, generate_plans

    engine = open_store(url)

    def one() -> None:
        with writing(engine, "bench") as session:
            generate_plan(session=session, org=org, year=2025)

    def every(org_ids: list[int] | None = None) -> None:
        with writing(engine, "bench") as session:
            generate_plans(session=session, year=2025, org_ids=org_ids)

    def national() -> None:
        every(national_ids)

    with reading(engine) as session:
        national_ids = [pk(o) for o in session.exec(select(Org)).all() if o.code != "BIG"]

    def summary_one() -> None:
        with reading(engine) as session:
            summarise(session=session, org=org, year=2024)

    def summary_all() -> None:
        with reading(engine) as session:
            summarise_all(session=session, year=2024)

    report.add(
        "4. plan generate, one board-year", median_of(one, runs) * 1000, None, "≤ 100 ms", "ms"
    )
    started = time.perf_counter()
    every()  # the first run creates every board's draft; the runs below refresh them
    report.add("4. plan generate --org all, first run", time.perf_counter() - started, None, "")
    report.add(
        "4. plan generate --org all",
        median_of(every, max(1, runs // 2)),
        None,
        "≤ 1 s",
        extra="(every board, the 100,000-risk one too)",
    )
    report.add(
        "4. plan generate, national store",
        median_of(national, max(1, runs // 2)),
        None,
        "≤ 1 s",
        extra="(all boards but the 100,000-risk one)",
    )
    report.add(
        "4. followup summary, one board-year",
        median_of(summary_one, runs) * 1000,
        None,
        "≤ 100 ms",
        "ms",
    )
    report.add("4. followup summary --org all", median_of(summary_all, runs), None, "≤ 1 s")
    engine.dispose()


def goal_import(report: Report, workdir: Path, rows: int, runs: int) -> None:
    from bench.import_baseline import measure

    ours, raw, bare = measure(rows, workdir, runs)
    report.add(
        f"3. import {rows:,} CSV rows (CPU)",
        ours,
        raw,
        "≤ 5× sqlite3 executemany of the same rows",
        extra="(with their audit entries)",
    )
    report.add(
        f"3. import {rows:,} CSV rows (CPU)",
        ours,
        bare,
        "≤ 5× sqlite3 executemany",
        extra="(risk and assessment rows only)",
    )


def goal_audit_chain(report: Report, workdir: Path, rows: int, entries: int, runs: int) -> None:
    """The audit trail's hash chain: an import with and without it, `audit verify` over a
    store of `entries` entries (bench/audit_chain.py)."""
    from bench.audit_chain import measure_import, measure_verify

    chained, bare = measure_import(rows, workdir, runs)
    report.add(
        f"7. import {rows:,} CSV rows (CPU), with the audit chain",
        chained,
        bare,
        "≤ 1.2× the same import without the chain",
    )
    ours, read = measure_verify(entries, workdir, runs)
    report.add(
        f"7. audit verify, {entries:,} entries",
        ours,
        read,
        "≤ 5 s (baseline: reading the entries unhashed)",
    )


def goal_xlsx(report: Report, env: dict[str, str], workdir: Path, runs: int) -> None:
    """The analysis of the 100,000-risk board as XLSX: its time, and its peak memory against
    that of the same report of a 30-risk board (flat memory: a ratio near 1)."""

    def args(org: str) -> list[str]:
        return [
            PY,
            "-m",
            "riskctl",
            "report",
            "analysis",
            "--year",
            "2025",
            "--org",
            org,
            "--format",
            "xlsx",
            "-o",
            str(workdir / f"{org}.xlsx"),
        ]

    def peak_mb(org: str) -> float:
        """The report process's own peak resident memory (VmHWM, read as it exits): the rusage
        of a child also counts this script's memory, copied into it before the exec."""
        from bench.peak import PEAK_WRAPPER

        samples = []
        for _ in range(max(1, runs)):
            done = subprocess.run(
                [PY, "-c", PEAK_WRAPPER, *args(org)[3:]],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            [line] = [x for x in done.stderr.splitlines() if x.startswith("VmHWM:")]
            samples.append(int(line.split()[1]) / 1024)  # kB
        return statistics.median(samples)

    seconds = median_of(command(args("BIG"), env), runs)
    big, small = peak_mb("BIG"), peak_mb("K001N01")
    report.add(
        "6. XLSX report of the big board",
        seconds,
        None,
        "≤ 10 s",
        extra=f"(peak {big:.0f} MB)",
    )
    report.add(
        "6. XLSX report, peak memory: big board vs a 30-risk board",
        big,
        small,
        "memory flat (ratio ≈ 1)",
        unit="MB",
    )


def goal_import_memory(report: Report, workdir: Path, small: bool, runs: int) -> None:
    """The peak memory of importing the largest register accepted (bench/import_memory.py)."""
    from bench.import_memory import measure, report_goal
    from riskctl.tabular import IMPORT

    rows, base, bomb = (2_000, 200, 300_000) if small else (IMPORT.max_rows, 1_000, 10_000_000)
    found = measure(workdir, rows, base, runs, bomb)
    report_goal(report, found, rows, base, bomb)


def goal_writers(report: Report, url: str, processes: int, writes: int) -> None:
    from riskctl.db import open_store, writing
    from riskctl.services.orgs import add_org

    code = f"W{time.time_ns() % 10**8}"
    engine = open_store(url)
    with writing(engine, "bench") as session:
        add_org(session=session, name=f"Skrivare {code}", code=code)
    engine.dispose()
    writer = HERE.parent / "tests" / "db" / "writer.py"
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [PY, str(writer), url, code, "2025", f"b{n}", str(writes)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    outs = [p.communicate()[0].split() for p in procs]
    seconds = time.perf_counter() - started
    ok = sum(int(o[1]) for o in outs)
    busy = max(float(o[4]) for o in outs)
    name = url.split(":")[0]
    report.add(
        f"writers {processes}×{writes} ({name}), writing",
        ok / busy,
        None,
        f"{ok}/{processes * writes} committed",
        unit="writes/s",
    )
    report.add(
        f"writers {processes}×{writes} ({name}), with start-up",
        ok / seconds,
        None,
        "each process starts Python and riskctl",
        unit="writes/s",
    )


def goal_tui(report: Report, env: dict[str, str], url: str, runs: int, rows: int) -> None:
    """The terminal UI on the big board: first screen, memory, keystrokes (bench/tui.py)."""
    from bench.tui import measure, report_goal

    presses = 10 if rows < 10_000 else 40
    report_goal(report, measure(url, env, "BIG", 2025, runs, presses, baseline=True), rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a small store: a smoke test")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", help="also measure the writers on this PostgreSQL URL")
    args = parser.parse_args()
    runs = 2 if args.small else args.runs
    sys.path.insert(0, str(HERE.parent))
    from bench.generate import generate

    report = Report()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = f"sqlite:///{workdir / 'big.db'}"
        sizes = (3, 4, 10, 2_000) if args.small else (290, 12, 30, 100_000)
        started = time.perf_counter()
        counts = generate(
            url, sizes[0], sizes[1], sizes[2], [2023, 2024, 2025], seed=1, big_board=sizes[3]
        )
        print(f"store: {counts} in {time.perf_counter() - started:.0f} s", flush=True)
        env = {**os.environ, "RISKCTL_DATABASE_URL": url}
        goal_help(report, env, runs)
        goal_read(report, env, runs, "K001N01")
        goal_import(report, workdir, 1_000 if args.small else 100_000, max(1, runs // 2))
        goal_audit_chain(
            report,
            workdir,
            1_000 if args.small else 100_000,
            20_000 if args.small else 1_000_000,
            max(1, runs // 2),
        )
        goal_plan_and_summary(report, url, "K001N01", runs)
        goal_xlsx(report, env, workdir, max(1, runs // 2))
        goal_tui(report, env, url, runs, sizes[3])
        goal_import_memory(report, workdir, args.small, 1)
        goal_writers(report, f"sqlite:///{workdir / 'writers.db'}", 8, 10 if args.small else 100)
        if args.postgres:
            goal_writers(report, args.postgres, 8, 10 if args.small else 100)
    print()
    print(report.table())


if __name__ == "__main__":
    main()
