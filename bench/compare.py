"""Two checkouts' performance figures side by side: does a change make any figure worse?

    python bench/compare.py BEFORE AFTER [--rounds 2] [-- ARGS FOR bench/run.py]

BEFORE and AFTER are checkouts, each with its own `.venv` (`make .venv/.installed`), e.g. a
`git worktree` of the commit before a change and this one. `bench/run.py` runs in each,
alternately, `--rounds` times (the shared machine's noise then falls on both alike); each
figure is the median over the rounds of that run's median, and the ratio is after / before.
For writes/s a higher figure is better; for every other unit, a lower one.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROW = re.compile(r"^\| (?P<figure>[^|]+?) \| (?P<value>[0-9.]+) (?P<unit>s|ms|MB|writes/s) \|")


def figures(table: str) -> dict[str, tuple[float, str]]:
    """The rows of `bench/run.py`'s closing table: figure → (value, unit)."""
    found: dict[str, tuple[float, str]] = {}
    for line in table.splitlines():
        row = ROW.match(line)
        if row is None:
            continue
        name, n = row["figure"], 2
        while name in found:  # two baselines for one figure give two rows of the same name
            name, n = f"{row['figure']} ({n})", n + 1
        found[name] = (float(row["value"]), row["unit"])
    return found


def run(checkout: Path, args: list[str]) -> dict[str, tuple[float, str]]:
    out = subprocess.run(
        [str(checkout / ".venv" / "bin" / "python"), "bench/run.py", *args],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    )
    return figures(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    ours, run_args = sys.argv[1:], []
    if "--" in ours:  # what follows is bench/run.py's
        at = ours.index("--")
        ours, run_args = ours[:at], ours[at + 1 :]
    args = parser.parse_args(ours)
    seen: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    units: dict[str, str] = {}
    for round_ in range(args.rounds):
        for side, checkout in (("before", args.before), ("after", args.after)):
            print(f"round {round_ + 1}: {side} ({checkout})", flush=True)
            for name, (value, unit) in run(checkout, run_args).items():
                seen[name][side].append(value)
                units[name] = unit
    print("\n| figure | before | after | after / before | worse by |")
    print("|---|---|---|---|---|")
    for name, sides in seen.items():
        if not sides["before"] or not sides["after"]:
            continue
        before, after = statistics.median(sides["before"]), statistics.median(sides["after"])
        ratio = after / before if before else float("nan")
        worse = (1 / ratio if units[name] == "writes/s" else ratio) - 1
        print(
            f"| {name} | {before:.3f} {units[name]} | {after:.3f} {units[name]} | "
            f"{ratio:.2f}× | {worse:+.0%} |"
        )


if __name__ == "__main__":
    main()
