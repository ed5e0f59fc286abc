"""Sample checks (stickprov): a draw anyone can repeat, and a conclusion with a number on it.

The draw (algorithm `sha256-rank-v1`)
    Every id of the population is given the key SHA-256("SEED:ID") — the seed as a decimal
    number, a colon and the id, encoded as UTF-8, hashed, written as 64 lowercase hex
    digits. The ids are sorted by that key, smallest first (ties, which SHA-256 makes
    practically impossible, by the id itself), and the first N are the sample, in that order.
    This is a simple random sample without replacement: each id's key is an independent,
    uniformly distributed number, so every set of N ids is equally likely. Anyone can repeat it
    with a few lines of any language that has SHA-256; nothing depends on riskctl, Python's
    random module or the order of the rows in the file.

    An id is the text of its cell without surrounding spaces; in an XLSX file a whole number
    is written without decimals (1001, not 1001.0) and a date as YYYY-MM-DD.

The conclusion
    With k errors in a sample of n, the error rate is k/n and the exact one-sided upper bound
    at confidence c (Clopper–Pearson) is the error rate p at which seeing k or fewer errors
    would have had probability 1 - c: the c-quantile of Beta(k + 1, n - k), and 1 when k = n.
    It is computed here by bisection on the regularised incomplete beta function (a continued
    fraction), without SciPy. With k = 0 it is 1 - (1 - c)^(1/n).

This module reads and writes files and the store but prints nothing.
"""

from __future__ import annotations

import csv
import hashlib
import heapq
import json
import math
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from riskctl import audit, safe_write, tabular
from riskctl.cell_safety import neutralise
from riskctl.errors import InvalidInput, NotFound, RiskctlError, unwritable
from riskctl.i18n import _, ngettext
from riskctl.models import PERIODS, Plan, PlanItem, Risk, Sample, pk, utcnow
from riskctl.services import validate
from riskctl.services.orgs import org_label
from riskctl.tabular import POPULATION

ALGORITHM = "sha256-rank-v1"
SEED_MAX = 10**18 - 1
# A chosen seed: short enough to read out in a report, unpredictable before the draw.
CHOSEN_SEED_BELOW = 10**9
DEFAULT_CONFIDENCE = 0.95
DEFAULT_TOLERABLE_RATE = 0.05
COLUMNS_SHOWN = 12


class PopulationChanged(RiskctlError):
    """The population file is not the one the sample was drawn from; exit code 2."""

    exit_code = 2


# --- the draw ------------------------------------------------------------------------------


def rank_key(seed: int, item_id: str) -> str:
    """SHA-256 of "SEED:ID" (UTF-8) as 64 lowercase hex digits: the id's place in the draw."""
    return hashlib.sha256(f"{seed}:{item_id}".encode()).hexdigest()


def draw(ids: Iterable[str], size: int, seed: int) -> list[str]:
    """The `size` ids with the smallest rank keys, in draw order (see the module docstring)."""
    return heapq.nsmallest(size, ids, key=lambda i: (rank_key(seed, i), i))


def choose_seed() -> int:
    return secrets.randbelow(CHOSEN_SEED_BELOW)


# --- the population file -------------------------------------------------------------------


@dataclass
class Population:
    """A population file read for a draw: its SHA-256, header and rows keyed by id."""

    name: str
    sha256: str
    header: list[str]
    id_column: str
    ids: list[str]
    rows: dict[str, list[str]] = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.ids)


def read_bytes(path: str | os.PathLike[str], opt: str = "--population") -> bytes:
    """The population file's content, by the rules of `riskctl.tabular.read_bytes`."""
    return tabular.read_bytes(path, field=opt, limit=POPULATION.max_bytes, what=_(POPULATION.what))


def read_population(
    path: str | os.PathLike[str], id_column: str, *, limits: tabular.Limits = POPULATION
) -> Population:
    """Read a population from a CSV or XLSX file; every row needs a unique id."""
    data = tabular.read_bytes(
        path, field="--population", limit=limits.max_bytes, what=_(limits.what)
    )
    return parse_population(data, Path(path).name, id_column, shown=str(path), limits=limits)


def parse_population(
    data: bytes,
    name: str,
    id_column: str,
    *,
    shown: str | None = None,
    limits: tabular.Limits = POPULATION,
) -> Population:
    shown = shown or name
    kind = tabular.kind_of(name)
    if kind == "csv":
        table = tabular.parse_csv(data, field="--population", shown=shown, limits=limits).rows
    elif kind == "xlsx":
        table = tabular.parse_xlsx(data, field="--population", shown=shown, limits=limits).rows
    else:
        raise InvalidInput(
            "--population",
            shown,
            _("use a .csv file (UTF-8, ; or , between columns) or an .xlsx"),
        )
    if not table:
        raise InvalidInput("--population", shown, _("the file is empty; it needs a header row"))
    header = [h.strip() for h in table[0]]
    wanted = (id_column or "").strip()
    where = [n for n, h in enumerate(header) if h == wanted]
    if not where:
        names = [h for h in header if h][:COLUMNS_SHOWN]
        more = ", …" if len([h for h in header if h]) > COLUMNS_SHOWN else ""
        raise InvalidInput(
            "--id-column",
            id_column,
            _("{name} has no such column; its columns are: {columns}").format(
                name=name, columns=", ".join(names) + more
            ),
        )
    if len(where) > 1:
        raise InvalidInput(
            "--id-column",
            id_column,
            _("{name} has that column twice; rename one of them").format(name=name),
        )
    at = where[0]
    ids: list[str] = []
    rows: dict[str, list[str]] = {}
    first_row: dict[str, int] = {}
    for number, raw in enumerate(table[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        cells = [*raw, *[""] * (len(header) - len(raw))]
        key = cells[at].strip()
        if not key:
            raise InvalidInput(
                "--population",
                shown,
                _("row {row} has no id in column {column}; every row needs one").format(
                    row=number, column=repr(wanted)
                ),
            )
        if key in rows:
            raise InvalidInput(
                "--population",
                shown,
                _(
                    "the id {id} occurs twice in column {column} (rows {first} and {second}); "
                    "the ids must be unique"
                ).format(id=repr(key), column=repr(wanted), first=first_row[key], second=number),
            )
        ids.append(key)
        rows[key] = cells
        first_row[key] = number
    if not ids:
        raise InvalidInput("--population", shown, _("the file has no rows below its header"))
    return Population(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        header=header,
        id_column=wanted,
        ids=ids,
        rows=rows,
    )


# --- the sample list -----------------------------------------------------------------------


def check_output(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """The path the sample list will be written to, refused before anything is drawn.

    An existing file is refused unless `force`: a draw never replaces a file by surprise. A
    symbolic link, a FIFO or a device is refused even with `force`: the list is only ever
    written as a regular file.
    """
    p = Path(path)
    if p.is_dir() and not p.is_symlink():
        raise InvalidInput("--output", str(path), _("it is a directory; name a file"))
    if not p.parent.is_dir():
        raise InvalidInput(
            "--output",
            str(path),
            _("the directory {directory} does not exist").format(directory=p.parent),
        )
    existing = safe_write.existing_mode(p, "--output")
    if not force and existing is not None:
        raise InvalidInput("--output", str(path), _("the file exists; give --force to replace it"))
    return p


@dataclass
class PendingList:
    """A sample list written but not yet in place: `finish_sample_list` puts it there once the
    sample is stored, `discard_sample_list` removes what was written if it is not."""

    target: Path
    written: Path  # an exclusive temporary file beside the target, with a random name
    shown: str  # the path as the user gave it
    replaces: bool  # whether a file the user had is replaced (only with `force`)


def start_sample_list(
    path: str | os.PathLike[str],
    population: Population,
    ids: Sequence[str],
    *,
    force: bool = False,
) -> PendingList:
    """Write the checker's list: UTF-8 with BOM, `;`, one row per drawn id in draw order.

    The list goes to a temporary file created exclusively beside the target (so removing it
    again is safe); `finish_sample_list` moves it into place. A file that is replaced (only
    with `force`) keeps its mode.
    """
    target = check_output(path, force=force)
    shown = str(path)
    kept = safe_write.existing_mode(target, "--output")
    mode = kept if kept is not None else safe_write.new_file_mode()
    try:
        fd, written = safe_write.temp_beside(target)
    except OSError as exc:
        raise _unwritable(shown, exc) from None
    try:
        with open(fd, "w", encoding="utf-8-sig", newline="") as fh:
            _write_rows(fh, population, ids)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
    except OSError as exc:
        written.unlink(missing_ok=True)
        raise _unwritable(shown, exc) from None
    except BaseException:
        written.unlink(missing_ok=True)
        raise
    return PendingList(target, written, shown, replaces=kept is not None)


def finish_sample_list(pending: PendingList) -> Path:
    """Put the list in place: over the file it replaces, else only if nothing is there."""
    try:
        if pending.replaces:
            # Looked at again: a link or FIFO put there since the check is not replaced.
            safe_write.existing_mode(pending.target, "--output")
            os.replace(pending.written, pending.target)
        else:
            safe_write.link_new(pending.written, pending.target, "--output")
            pending.written.unlink(missing_ok=True)
    except InvalidInput as exc:
        raise InvalidInput(
            "--output",
            pending.shown,
            _("it cannot be replaced ({reason}); the new list is in {file}").format(
                reason=exc.allowed, file=pending.written
            ),
        ) from None
    except OSError as exc:
        raise InvalidInput(
            "--output",
            pending.shown,
            _("it cannot be replaced ({reason}); the new list is in {file}").format(
                reason=exc.strerror or exc, file=pending.written
            ),
        ) from None
    return pending.target


def discard_sample_list(pending: PendingList) -> None:
    """Remove what `start_sample_list` wrote; a file the user had is never touched."""
    pending.written.unlink(missing_ok=True)


def write_sample_list(
    path: str | os.PathLike[str],
    population: Population,
    ids: Sequence[str],
    *,
    force: bool = False,
) -> Path:
    """`start_sample_list`, then `finish_sample_list`: the list in place at once.

    The columns are `draw` (1, 2, …), the id column, then the population's other columns.
    """
    return finish_sample_list(start_sample_list(path, population, ids, force=force))


def _unwritable(shown: str, exc: OSError) -> RiskctlError:
    return unwritable("--output", shown, exc)


def _write_rows(fh: Any, population: Population, ids: Sequence[str]) -> None:
    at = population.header.index(population.id_column)
    order = [at, *[n for n in range(len(population.header)) if n != at]]
    writer = csv.writer(fh, delimiter=";")
    writer.writerow(["draw", *(neutralise(population.header[n]) for n in order)])
    for number, key in enumerate(ids, start=1):
        cells = population.rows[key]
        writer.writerow([number, *(neutralise(cells[n]) for n in order)])


# --- the bound -----------------------------------------------------------------------------


def _betacf(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1.0) < 1e-15:
            return h
    raise ArithmeticError(f"the incomplete beta fraction did not converge (a={a}, b={b})")


def betainc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), for a, b > 0."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    # The fraction converges fast on the side of the mean; use the symmetry on the other.
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def upper_bound(errors: int, size: int, confidence: float = DEFAULT_CONFIDENCE) -> float:
    """The exact one-sided (Clopper–Pearson) upper bound of the error rate.

    The c-quantile of Beta(k + 1, n - k), found by bisection to double precision; 1 for k = n.
    """
    if size < 1 or not 0 <= errors <= size:
        raise ValueError(f"need 0 <= errors <= size and size >= 1, got {errors} of {size}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"need 0 < confidence < 1, got {confidence}")
    if errors == size:
        return 1.0
    a, b = errors + 1.0, float(size - errors)
    lo, hi = 0.0, 1.0
    while True:
        mid = (lo + hi) / 2.0
        if mid in (lo, hi):
            return hi
        if betainc(a, b, mid) < confidence:
            lo = mid
        else:
            hi = mid


def suggest(error_rate: float, bound: float, tolerable_rate: float) -> str:
    """`ok` if even the upper bound is below the tolerable rate, `near` if only the rate is,
    else `remark`."""
    if bound < tolerable_rate:
        return "ok"
    if error_rate < tolerable_rate:
        return "near"
    return "remark"


# --- the store -----------------------------------------------------------------------------


@dataclass
class SampleView:
    """A stored sample and, once recorded, its result."""

    item: int
    org: str
    year: int
    title: str
    period: str
    revision: int
    current: bool
    algorithm: str
    seed: int
    id_column: str
    population_file: str
    population_sha256: str
    population_size: int
    size: int
    ids: list[str]
    drawn_at: str
    user: str
    errors: int | None
    error_rate: float | None
    upper_bound: float | None
    confidence: float | None
    tolerable_rate: float | None
    suggested_assessment: str | None
    result_at: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _view(row: Sample, plan: Plan, org_name: str, title: str) -> SampleView:
    has_result = row.errors is not None and row.confidence is not None
    rate = bound = None
    verdict = None
    if has_result:
        assert row.errors is not None and row.confidence is not None
        rate = row.errors / row.size
        bound = upper_bound(row.errors, row.size, row.confidence)
        if row.tolerable_rate is not None:
            verdict = suggest(rate, bound, row.tolerable_rate)
    return SampleView(
        item=row.item_id,
        org=org_name,
        year=plan.year,
        title=title,
        period=row.period,
        revision=row.revision,
        current=row.current,
        algorithm=row.algorithm,
        seed=row.seed,
        id_column=row.id_column,
        population_file=row.population_file,
        population_sha256=row.population_sha256,
        population_size=row.population_size,
        size=row.size,
        ids=list(json.loads(row.ids)),
        drawn_at=row.drawn_at.isoformat(),
        user=row.user,
        errors=row.errors,
        error_rate=rate,
        upper_bound=bound,
        confidence=row.confidence,
        tolerable_rate=row.tolerable_rate,
        suggested_assessment=verdict,
        result_at=row.result_at.isoformat() if row.result_at else None,
    )


def _context(
    session: Session, item_id: Any, *, lock: bool = False
) -> tuple[PlanItem, Plan, str, str]:
    from riskctl.services.plans.items import find_item

    item, plan, org = find_item(session, item_id, lock=lock)
    risk = session.get(Risk, item.risk_id)
    assert risk is not None
    return item, plan, org_label(org), risk.title


def require_adopted(item: PlanItem, plan: Plan, org_name: str, refusal: str) -> None:
    """Refuse a draft plan's item: `refusal` is the translated template, with {year} and
    {org}, e.g. "the {year} plan of {org} is a draft; only an adopted plan's item can …"."""
    if plan.status != "adopted":
        raise InvalidInput("item", item.id, refusal.format(year=plan.year, org=org_name))


def seed_value(seed: Any) -> int:
    number = validate.integer(seed, "--seed", low=0, high=SEED_MAX)
    if not 0 <= number <= SEED_MAX:
        raise InvalidInput(
            "--seed", seed, _("use a whole number from 0 to {max}").format(max=SEED_MAX)
        )
    return number


def draw_sample(
    *,
    session: Session,
    item_id: Any,
    population: Population,
    size: Any,
    seed: Any = None,
    period: str = "annual",
    replace: bool = False,
) -> SampleView:
    """Draw and store a sample for an adopted plan's item.

    A current sample for the same item and period is refused unless `replace`; replacing
    keeps the earlier one as history (a new revision).
    """
    item, plan, org_name, title = _context(session, item_id, lock=True)
    period = validate.period(period)
    n = validate.integer(size, "--size")
    chosen = choose_seed() if seed is None else seed_value(seed)
    require_adopted(
        item,
        plan,
        org_name,
        _("the {year} plan of {org} is a draft; only an adopted plan's item can be sampled"),
    )
    if not 1 <= n <= population.size:
        raise InvalidInput(
            "--size",
            size,
            _("use 1 to {count}, the number of ids in {file}").format(
                count=population.size, file=population.name
            ),
        )
    earlier = session.exec(
        select(Sample)
        .where(Sample.item_id == item.id, Sample.period == period)
        .order_by(col(Sample.revision).desc())
    ).all()
    current = [s for s in earlier if s.current]
    if current and not replace:
        old = current[0]
        raise InvalidInput(
            "item",
            item.id,
            _(
                "it already has an {period} sample (revision {revision}, {size} of {total}, "
                "drawn {date}); give --replace to draw a new one (the earlier one is kept as "
                "history)"
            ).format(
                period=period,
                revision=old.revision,
                size=old.size,
                total=old.population_size,
                date=f"{old.drawn_at:%Y-%m-%d}",
            ),
        )
    for old in current:
        old.current = False
        session.add(old)
    row = Sample(
        item_id=pk(item),
        period=period,
        revision=(earlier[0].revision + 1) if earlier else 1,
        current=True,
        algorithm=ALGORITHM,
        seed=chosen,
        id_column=population.id_column,
        population_file=population.name[:255],
        population_sha256=population.sha256,
        population_size=population.size,
        size=n,
        ids=json.dumps(draw(population.ids, n, chosen), ensure_ascii=False),
        drawn_at=utcnow(),
        user=str(session.info.get(audit.USER_KEY) or audit.current_user()),
    )
    session.add(row)
    session.flush()
    return _view(row, plan, org_name, title)


def _current(session: Session, item: PlanItem, period: str | None) -> Sample:
    """The item's current sample in `period`; without a period, its only current one."""
    query = select(Sample).where(Sample.item_id == item.id, col(Sample.current).is_(True))
    if period is not None:
        query = query.where(Sample.period == validate.period(period))
    rows = session.exec(query.order_by(col(Sample.drawn_at).desc())).all()
    if not rows:
        command = f"`riskctl sample draw {item.id} --population FILE --id-column COL --size N`"
        hint = (
            _("no sample has been drawn for the {period} period; draw one with {command}")
            if period
            else _("no sample has been drawn; draw one with {command}")
        )
        raise NotFound("item", item.id, hint.format(period=period, command=command))
    if len(rows) > 1:
        found = [p for p in PERIODS if any(r.period == p for r in rows)]
        periods = (
            _("{first} and {second}").format(first=found[0], second=found[1])
            if len(found) == 2
            else ", ".join(found)
        )
        raise InvalidInput(
            "item",
            item.id,
            _("it has samples for {periods}; give --period to choose one").format(periods=periods),
        )
    return rows[0]


def show_samples(
    *, session: Session, item_id: Any, period: str | None = None, history: bool = False
) -> list[SampleView]:
    """An item's current samples (with `history`, the replaced ones too), newest first."""
    item, plan, org_name, title = _context(session, item_id)
    query = select(Sample).where(Sample.item_id == item.id)
    if period is not None:
        query = query.where(Sample.period == validate.period(period))
    if not history:
        query = query.where(col(Sample.current).is_(True))
    rows = session.exec(query.order_by(col(Sample.period), col(Sample.revision).desc())).all()
    return [_view(r, plan, org_name, title) for r in rows]


@dataclass
class Verified:
    item: int
    period: str
    revision: int
    population_file: str
    population_sha256: str
    population_size: int
    seed: int
    size: int
    ids_match: bool

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ids_match, **asdict(self)}


def verify_sample(
    *,
    session: Session,
    item_id: Any,
    path: str | os.PathLike[str],
    period: str | None = None,
) -> Verified:
    """Re-draw the item's current sample from `path` with the stored seed.

    A file whose SHA-256 differs from the one drawn from raises `PopulationChanged`, saying
    whether the same ids would still be drawn from it.
    """
    item, _plan, _org, _title = _context(session, item_id)
    row = _current(session, item, period)
    data = read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    stored = list(json.loads(row.ids))
    name = Path(path).name
    if digest != row.population_sha256:
        try:
            now = parse_population(data, name, row.id_column, shown=str(path))
            same = draw(now.ids, row.size, row.seed) == stored if row.size <= now.size else False
            detail = (
                _("the same ids would still be drawn from it")
                if same
                else _("a different sample would be drawn from it")
            )
        except InvalidInput as exc:
            detail = _("it no longer reads as the population ({reason})").format(reason=exc.allowed)
        raise PopulationChanged(
            _(
                "the population has changed: {name} now has SHA-256 {digest}…, but the "
                "{period} sample of item {item} was drawn from a file with SHA-256 {drawn}… "
                "({file}); {detail}"
            ).format(
                name=name,
                digest=digest[:12],
                period=row.period,
                item=item.id,
                drawn=row.population_sha256[:12],
                file=row.population_file,
                detail=detail,
            )
        )
    population = parse_population(data, name, row.id_column, shown=str(path))
    again = draw(population.ids, row.size, row.seed)
    if again != stored:
        raise RiskctlError(
            _(
                "the {period} sample of item {item} does not reproduce from the same "
                "population (SHA-256 {digest}…); the stored sample may have been altered"
            ).format(period=row.period, item=item.id, digest=digest[:12])
        )
    return Verified(
        item=row.item_id,
        period=row.period,
        revision=row.revision,
        population_file=name,
        population_sha256=digest,
        population_size=population.size,
        seed=row.seed,
        size=row.size,
        ids_match=True,
    )


def fraction(value: Any, field: str, low: float, high: float) -> float:
    """A number strictly between `low` and `high` (a fraction; 95 % is 0.95)."""
    try:
        number = float(str(value).strip().rstrip("%")) / (100 if "%" in str(value) else 1)
    except ValueError:
        raise InvalidInput(field, value, _("use a number such as 0.95")) from None
    if not (math.isfinite(number) and low < number < high):
        raise InvalidInput(
            field,
            value,
            _("use a fraction greater than {low} and less than {high}, e.g. 0.05").format(
                low=f"{low:g}", high=f"{high:g}"
            ),
        )
    return number


def record_result(
    *,
    session: Session,
    item_id: Any,
    errors: Any,
    tolerable_rate: Any = DEFAULT_TOLERABLE_RATE,
    confidence: Any = DEFAULT_CONFIDENCE,
    period: str | None = None,
) -> SampleView:
    """Record the errors found in the item's current sample; recording again overwrites the
    result (the audit trail keeps the earlier values)."""
    item, plan, org_name, title = _context(session, item_id, lock=True)
    row = _current(session, item, period)
    k = validate.integer(errors, "--errors")
    if not 0 <= k <= row.size:
        raise InvalidInput(
            "--errors", errors, _("use 0 to {size}, the sample's size").format(size=row.size)
        )
    rate = fraction(tolerable_rate, "--tolerable-rate", 0.0, 1.0)
    conf = fraction(confidence, "--confidence", 0.5, 1.0)
    require_adopted(
        item,
        plan,
        org_name,
        _(
            "the {year} plan of {org} is a draft; only an adopted plan's item can have a "
            "sample result recorded"
        ),
    )
    row.errors = k
    row.tolerable_rate = rate
    row.confidence = conf
    row.result_at = utcnow()
    session.add(row)
    session.flush()
    return _view(row, plan, org_name, title)


# --- for the TUI and the reports -----------------------------------------------------------


def sample_summary(
    *, session: Session, item_id: int, period: str | None = None
) -> dict[str, Any] | None:
    """The item's current sample as a dict, or None if it has none.

    Without `period`, the most recently drawn current sample. Keys: item, period, revision,
    size, population_size, population_sha256, seed, id_column, drawn_at, user, errors,
    error_rate, upper_bound, confidence, tolerable_rate, suggested_assessment (the last six
    None until a result is recorded) and sentence ({"sv": …, "en": …}).
    """
    return sample_summaries(session=session, item_ids=[item_id], period=period).get(item_id)


def sample_summaries(
    *, session: Session, item_ids: Sequence[int], period: str | None = None
) -> dict[int, dict[str, Any]]:
    """`sample_summary` for many items in one query: item id → summary (items with none left
    out)."""
    if not item_ids:
        return {}
    query = (
        select(Sample, PlanItem, Plan, Risk)
        .join(PlanItem, col(PlanItem.id) == Sample.item_id)
        .join(Plan, col(Plan.id) == PlanItem.plan_id)
        .join(Risk, col(Risk.id) == PlanItem.risk_id)
        .where(col(Sample.item_id).in_(list(item_ids)), col(Sample.current).is_(True))
    )
    if period is not None:
        query = query.where(Sample.period == validate.period(period))
    out: dict[int, dict[str, Any]] = {}
    for row, _item, plan, risk in session.exec(query.order_by(col(Sample.drawn_at))).all():
        view = _view(row, plan, "", risk.title).as_dict()
        for key in ("org", "year", "title", "ids", "current", "algorithm", "population_file"):
            view.pop(key)
        view["sentence"] = {lang: sample_sentence(view, lang) for lang in ("sv", "en")}
        out[row.item_id] = view  # the newest drawn wins
    return out


def _percent(value: float, lang: str, decimals: int = 1) -> str:
    text = f"{value * 100:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return (text.replace(".", ",") + " %") if lang == "sv" else text + "%"


def _count(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", "\u00a0" if lang == "sv" else ",")


def sample_sentence(summary: dict[str, Any], lang: str = "sv") -> str:
    """One sentence for a follow-up report, e.g. "Stickprov om 50 av 1 200 poster: 2 fel
    (4 %); övre gräns 12,1 % med 95 % konfidens (tolerabel felfrekvens 5 %)."."""
    fields = {
        "n": _count(summary["size"], lang),
        "total": _count(summary["population_size"], lang),
        "seed": summary["seed"],
    }
    if summary.get("errors") is None:
        return _(
            "Sample of {n} of {total} items (seed {seed}); no result recorded yet.", lang
        ).format(**fields)
    return ngettext(
        "Sample of {n} of {total} items (seed {seed}): {errors} error ({rate}); upper bound "
        "{bound} at {confidence} confidence (tolerable rate {tolerable}).",
        "Sample of {n} of {total} items (seed {seed}): {errors} errors ({rate}); upper bound "
        "{bound} at {confidence} confidence (tolerable rate {tolerable}).",
        summary["errors"],
        lang,
    ).format(
        **fields,
        errors=summary["errors"],
        rate=_percent(summary["error_rate"], lang),
        bound=_percent(summary["upper_bound"], lang),
        confidence=_percent(summary["confidence"], lang, 2),
        tolerable=_percent(summary["tolerable_rate"], lang, 2),
    )
