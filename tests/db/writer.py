"""A writer process for the concurrency tests: N risk additions, each its own transaction.

Usage: python writer.py URL ORG YEAR TAG N. Prints "ok K refused M" at the end, and on a
second line the seconds the writes took (after start-up).
"""

from __future__ import annotations

import sys
import time

from riskctl.db import make_engine, writing
from riskctl.errors import RiskctlError
from riskctl.services.risks import add_risk


def main() -> None:
    url, org, year, tag, count = sys.argv[1:6]
    engine = make_engine(url)
    ok = refused = 0
    started = time.perf_counter()
    for n in range(int(count)):
        try:
            with writing(engine, user=f"writer-{tag}") as session:
                add_risk(
                    session=session,
                    org=org,
                    year=int(year),
                    title=f"{tag}-{n}",
                    probability=1 + n % 4,
                    significance=1 + (n // 4) % 4,
                )
            ok += 1
        except RiskctlError as exc:
            refused += 1
            print(exc.message, file=sys.stderr)
    print(f"ok {ok} refused {refused}")
    print(f"{time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main()
