"""Goal 7: the peak memory of `riskctl import` of the largest register it accepts.

The largest accepted file has `riskctl.tabular.IMPORT.max_rows` rows (200,000), as CSV and as
XLSX, in the layout of `bench/import_baseline.py`. Each is imported into a fresh copy of a
store with one board by a `riskctl import` process whose own peak resident memory (VmHWM,
read as it exits) is recorded; the baseline is the same import of a 1,000-row file, so the
ratio says how memory grows with the file. A sheet of 10 million small rows (some 400 MB
unpacked, within the unpacked limit; the 15-million-row sheet that once took 11.6 GB is
refused by its zip listing alone) is measured too: it is refused at the row limit, so its
peak stays near the 200,000-row one.

    python bench/import_memory.py            # 200,000 rows
    python bench/import_memory.py --rows 2000 --base 200
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import statistics
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


def write_files(workdir: Path, rows: int, name: str) -> tuple[Path, Path]:
    """The register of `rows` rows as CSV (UTF-8 with BOM, `;`) and as XLSX."""
    from openpyxl import Workbook

    from bench.import_baseline import HEADER, _rows

    data = _rows(rows)
    csv_path = workdir / f"{name}.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(data)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Riskanalys")
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    xlsx_path = workdir / f"{name}.xlsx"
    book.save(xlsx_path)
    return csv_path, xlsx_path


def write_expanding_sheet(workdir: Path, rows: int) -> Path:
    """An XLSX whose one sheet holds `rows` small rows: a few MB that expand to millions."""
    from openpyxl import Workbook

    from bench.import_baseline import HEADER

    book = Workbook()
    book.active.append(HEADER)
    path = workdir / "expanding.xlsx"
    book.save(path)
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info.filename))
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="A1:C{rows}"/><sheetData>'.encode()
            )
            for start in range(1, rows + 1, 10_000):
                part.write(
                    "".join(
                        f'<row r="{n}"><c r="C{n}"><v>1</v></c></row>'
                        for n in range(start, min(start + 10_000, rows + 1))
                    ).encode()
                )
            part.write(b"</sheetData></worksheet>")
    path.write_bytes(out.getvalue())
    return path


def template_store(workdir: Path) -> Path:
    from riskctl.db import open_store, writing
    from riskctl.services.orgs import add_org

    template = workdir / "memory-template.db"
    engine = open_store(f"sqlite:///{template}")
    with writing(engine, "bench") as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
    engine.dispose()
    return template


def peak_mb(file: Path, template: Path, workdir: Path, runs: int, expect: int = 0) -> float:
    """The median peak resident memory (MB) of `riskctl import FILE` into a fresh store."""
    from bench.peak import PEAK_WRAPPER

    samples = []
    for n in range(runs):
        store = workdir / f"memory-{file.stem}-{n}.db"
        shutil.copy(template, store)
        env = {**os.environ, "RISKCTL_DATABASE_URL": f"sqlite:///{store}"}
        done = subprocess.run(
            [PY, "-c", PEAK_WRAPPER, "import", str(file), "--year", "2025", "--org", "KS"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert done.returncode == expect, done.stderr
        [line] = [x for x in done.stderr.splitlines() if x.startswith("VmHWM:")]
        samples.append(int(line.split()[1]) / 1024)  # kB
        store.unlink()
    return statistics.median(samples)


def measure(workdir: Path, rows: int, base: int, runs: int, bomb: int) -> dict[str, float]:
    """Peak MB of each import: {"csv", "xlsx", "csv base", "xlsx base", "bomb"}."""
    template = template_store(workdir)
    big_csv, big_xlsx = write_files(workdir, rows, "largest")
    small_csv, small_xlsx = write_files(workdir, base, "small")
    found = {
        "csv": peak_mb(big_csv, template, workdir, runs),
        "csv base": peak_mb(small_csv, template, workdir, runs),
        "xlsx": peak_mb(big_xlsx, template, workdir, runs),
        "xlsx base": peak_mb(small_xlsx, template, workdir, runs),
    }
    if bomb:
        found["bomb"] = peak_mb(write_expanding_sheet(workdir, bomb), template, workdir, 1, 2)
    return found


def report_goal(report: object, found: dict[str, float], rows: int, base: int, bomb: int) -> None:
    add = report.add  # type: ignore[attr-defined]
    for fmt in ("csv", "xlsx"):
        add(
            f"8. import peak memory: {rows:,}-row {fmt.upper()} vs {base:,} rows",
            found[fmt],
            found[f"{fmt} base"],
            "memory bounded by the limits",
            unit="MB",
        )
    if "bomb" in found:
        add(
            f"8. import of a {bomb:,}-row sheet, refused at the row limit: peak memory",
            found["bomb"],
            found["xlsx"],
            "≤ the largest accepted XLSX's",
            unit="MB",
        )


def main() -> None:
    import tempfile

    from riskctl.tabular import IMPORT

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=IMPORT.max_rows)
    parser.add_argument("--base", type=int, default=1_000)
    parser.add_argument("--bomb", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        found = measure(Path(tmp), args.rows, args.base, args.runs, args.bomb)
    for key, value in found.items():
        print(f"{key}: {value:.1f} MB")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    main()
