"""The performance goals of riskctl, measured against baselines run in this same script.

    python bench/run.py            # the full national-scale store (takes a few minutes)
    python bench/run.py --small    # a small store: a smoke test for CI, no figures to quote

For each goal it prints the median of several runs, the baseline's median, their ratio and,
where it matters, the peak memory. The machine is shared and noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def peak_mb_of(args: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of a child process, in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(after, before) / 1024


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
    from riskctl.db import open_store, reading, writing
    from riskctl.services.followups import summarise, summarise_all
    from riskctl.services.plans import generate_plan, generate_plans

    engine = open_store(url)

    def one() -> None:
        with writing(engine, "bench") as session:
            generate_plan(session=session, org=org, year=2025)

    def every() -> None:
        with writing(engine, "bench") as session:
            generate_plans(session=session, year=2025)

    def summary_one() -> None:
        with reading(engine) as session:
            summarise(session=session, org=org, year=2024)

    def summary_all() -> None:
        with reading(engine) as session:
            summarise_all(session=session, year=2024)

    report.add(
        "4. plan generate, one board-year", median_of(one, runs) * 1000, None, "≤ 100 ms", "ms"
    )
    report.add("4. plan generate --org all", median_of(every, max(1, runs // 2)), None, "≤ 1 s")
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


def goal_xlsx(report: Report, env: dict[str, str], workdir: Path, runs: int) -> None:
    out = workdir / "big.xlsx"
    args = [
        PY,
        "-m",
        "riskctl",
        "report",
        "analysis",
        "--year",
        "2025",
        "--org",
        "BIG",
        "--format",
        "xlsx",
        "-o",
        str(out),
    ]
    seconds = median_of(command(args, env), runs)
    report.add(
        "6. XLSX report of the big board",
        seconds,
        None,
        "≤ 10 s",
        extra=f"(peak {peak_mb_of(args, env):.0f} MB)",
    )


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
        goal_plan_and_summary(report, url, "K001N01", runs)
        goal_xlsx(report, env, workdir, max(1, runs // 2))
        goal_writers(report, f"sqlite:///{workdir / 'writers.db'}", 8, 10 if args.small else 100)
        if args.postgres:
            goal_writers(report, args.postgres, 8, 10 if args.small else 100)
    print()
    print(report.table())


if __name__ == "__main__":
    main()
