"""The tables of the store.

A board (`Org`) owns its scales, bands and register. A `Risk` keeps its identity across years;
each year's scores live in an `Assessment`. A year's internal control plan (`Plan`) holds
`PlanItem`s, each followed up (`FollowUp`) in the interim and annual periods. Every editable
row carries a `version` that SQLAlchemy checks on update, so a stale write fails instead of
silently overwriting somebody else's change.

Field limits are declared here, once, with their columns: a text column's `max_length`
(SQLModel makes it the column's VARCHAR length, so the store's schema carries it) and an
integer column's highest value (`info={"max": …}`, which the schema does not carry). The
checks of user input read them with `limit` (`limit(Risk.title)` is 200).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import BigInteger, Index, LargeBinary, UniqueConstraint, text
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

# Who made a change is checked by every command before it loads the store's libraries, so its
# limit is declared there, light, and these columns take it.
from riskctl.users import USER_MAX

HANDLINGS = ("control", "action", "accept")
PERIODS = ("interim", "annual")
ASSESSMENTS = ("ok", "near", "remark", "none")
AXES = ("probability", "significance")
PLAN_STATUSES = ("draft", "adopted")


def utcnow() -> datetime:
    return datetime.now(UTC)


def limit(attribute: Any) -> int:
    """The most a column holds (`limit(Risk.title)`): a text column's characters, an integer
    column's highest value; a column without a declared limit is a bug of the caller."""
    column = attribute.property.columns[0]
    found = column.info.get("max", getattr(column.type, "length", None))
    if found is None:
        raise LookupError(f"{column} declares no limit")
    return int(found)


def pk(row: Any) -> int:
    """The primary key of a row that has been flushed (SQLModel types it as optional)."""
    key = row.id
    assert key is not None, f"{type(row).__name__} has no id yet"
    return int(key)


class Versioned(SQLModel):
    """Adds the optimistic-locking version column that SQLAlchemy bumps on every update."""

    version: int = Field(default=1, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Org(Versioned, table=True):
    """A board (nämnd) or company that keeps its own register."""

    __tablename__ = "org"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    code: str | None = Field(default=None, max_length=20, unique=True)
    # Risk value from which `plan generate` warns about risks not under control.
    threshold: int = 8
    created_at: datetime = Field(default_factory=utcnow)


class ScaleLevel(SQLModel, table=True):
    """One level of a board's probability or significance scale."""

    __tablename__ = "scale_level"
    __table_args__ = (UniqueConstraint("org_id", "axis", "level"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org.id", ondelete="CASCADE", index=True)
    axis: str = Field(max_length=20)
    # Levels are numbered 1.. on each axis: the highest is also how many a scale has.
    level: int = Field(sa_column_kwargs={"info": {"max": 10}})
    label: str = Field(max_length=60)
    label_en: str = Field(default="", max_length=60)
    description: str = Field(default="", max_length=500)
    description_en: str = Field(default="", max_length=500)


class Band(SQLModel, table=True):
    """A range of risk values with a label and colour (low, medium, high, very high)."""

    __tablename__ = "band"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org.id", ondelete="CASCADE", index=True)
    min_value: int
    max_value: int
    label: str = Field(max_length=60)
    label_en: str = Field(default="", max_length=60)
    color: str = Field(max_length=7, description="#rrggbb")


class Owner(SQLModel, table=True):
    """A role that owns risks and controls (Ekonomichef, IT-chef); created on first use."""

    __tablename__ = "owner"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)


class Risk(Versioned, table=True):
    """A risk of a board's register, the same risk from year to year."""

    __tablename__ = "risk"
    __table_args__ = (UniqueConstraint("org_id", "title"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)


class Assessment(Versioned, table=True):
    """A risk's scores and handling decision in one year's analysis."""

    __tablename__ = "assessment"
    __table_args__ = (
        UniqueConstraint("risk_id", "year"),
        # A board-year is one range of this index; with the risk in it, a search of the
        # risks' texts reads no assessment rows on the way to them.
        Index("ix_assessment_org_year", "org_id", "year", "risk_id"),
        # The analysis' own order (highest risk value first, then as entered), so that any
        # page of a board-year of 100,000 risks is read without sorting them all. Partial on
        # a condition every assessment meets (scale levels start at 1): only a query that
        # repeats it uses this index, so that the planner does not walk the board-year in
        # value order for queries that need no order (counts, the heat map, the reports).
        # The condition is in migration 0004 only: naming it here for each dialect would load
        # both dialects' modules with every command (Alembic does not compare conditions).
        Index(
            "ix_assessment_value_order",
            "org_id",
            "year",
            text("(probability * significance) DESC"),
            "id",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    risk_id: int = Field(foreign_key="risk.id", ondelete="CASCADE")
    # Denormalised from the risk so that a board-year is one index range.
    org_id: int = Field(foreign_key="org.id", ondelete="CASCADE")
    year: int
    probability: int
    significance: int
    handling: str = Field(default="action", max_length=10)
    note: str = Field(default="", max_length=10000)
    owner_id: int | None = Field(default=None, foreign_key="owner.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Plan(Versioned, table=True):
    """A board's internal control plan for one year: a draft until the board adopts it."""

    __tablename__ = "plan"
    __table_args__ = (UniqueConstraint("org_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org.id", ondelete="CASCADE")
    year: int
    status: str = Field(default="draft", max_length=10)
    adopted_on: date | None = None
    ref: str | None = Field(default=None, max_length=60)
    created_at: datetime = Field(default_factory=utcnow)


class PlanItem(Versioned, table=True):
    """A control in a plan: the risk, how it is checked (method) and who checks it (owner)."""

    __tablename__ = "plan_item"
    __table_args__ = (UniqueConstraint("plan_id", "risk_id"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", ondelete="CASCADE", index=True)
    risk_id: int = Field(foreign_key="risk.id", ondelete="CASCADE")
    method: str = Field(default="", max_length=4000)
    owner_id: int | None = Field(default=None, foreign_key="owner.id", ondelete="SET NULL")
    # What the user changed by hand survives `plan generate`.
    method_edited: bool = False
    owner_edited: bool = False
    # Added by hand (kept even if the analysis no longer asks for control) or removed by hand
    # (not brought back by `plan generate`).
    manual: bool = False
    removed: bool = False


class PlanEvent(SQLModel, table=True):
    """An adoption or reopening of a plan; an adoption keeps the frozen snapshot."""

    __tablename__ = "plan_event"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", ondelete="CASCADE", index=True)
    kind: str = Field(max_length=10)
    at: datetime = Field(default_factory=utcnow)
    decided_on: date | None = None
    ref: str | None = Field(default=None, max_length=60)
    reason: str | None = Field(default=None, max_length=2000)
    snapshot: str | None = None
    fingerprint: str | None = Field(default=None, max_length=64)
    # The audit trail's head when the plan was adopted (see `riskctl.audit_chain`).
    audit_head: str | None = Field(default=None, max_length=64)


class FollowUp(SQLModel, table=True):
    """One recorded follow-up of a plan item in a period; recording again adds a revision."""

    __tablename__ = "followup"
    __table_args__ = (UniqueConstraint("item_id", "period", "revision"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="plan_item.id", ondelete="CASCADE", index=True)
    period: str = Field(max_length=10)
    revision: int = 1
    current: bool = True
    assessment: str = Field(max_length=10)
    checked: str = Field(default="", max_length=4000)
    result: str = Field(max_length=10000)
    action: str = Field(default="", max_length=4000)
    done_on: date | None = None
    recorded_at: datetime = Field(default_factory=utcnow)


class AuditEntry(SQLModel, table=True):
    """One changed field: who changed what, when, from which value to which. Append-only:
    the database refuses to update or delete these rows. Each entry's id is its position in
    the hash chain and `hash` covers it, its fields and the previous entry's hash (see
    `riskctl.audit_chain`)."""

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user: str = Field(max_length=USER_MAX)
    entity: str = Field(max_length=20)
    entity_id: int
    field: str = Field(max_length=60)
    old: str | None = None
    new: str | None = None
    hash: str | None = Field(default=None, max_length=64)


class AuditHead(SQLModel, table=True):
    """The audit chain's newest entry: one row, locked by every audit write so that
    concurrent writers append one after the other instead of forking the chain."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    seq: int
    hash: str = Field(max_length=64)


class Sample(Versioned, table=True):
    """A sample check drawn from a population file for a plan item, and its result.

    The draw is reproducible from what is kept here (see `riskctl.services.sampling.draw`). Drawing
    again for the same item and period adds a revision and keeps the earlier one as history.
    """

    __tablename__ = "sample"
    __table_args__ = (UniqueConstraint("item_id", "period", "revision"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="plan_item.id", ondelete="CASCADE", index=True)
    period: str = Field(default="annual", max_length=10)
    revision: int = 1
    current: bool = True
    # Which draw algorithm made it, so that a future one cannot be confused with it.
    algorithm: str = Field(default="sha256-rank-v1", max_length=20)
    seed: int = Field(sa_type=BigInteger)
    id_column: str = Field(max_length=200)
    population_file: str = Field(default="", max_length=255)
    population_sha256: str = Field(max_length=64)
    population_size: int
    size: int
    # The drawn ids in draw order, as a JSON list of strings.
    ids: str
    errors: int | None = None
    tolerable_rate: float | None = None
    confidence: float | None = None
    drawn_at: datetime = Field(default_factory=utcnow)
    user: str = Field(max_length=USER_MAX)
    result_at: datetime | None = None


class Evidence(SQLModel, table=True):
    """A file kept as evidence of a plan item's follow-up, with its SHA-256. Append-only.

    The content lives in the store, so a backup carries it. Rows are written with a Core
    insert (and audited without the content), never through the ORM.
    """

    __tablename__ = "evidence"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="plan_item.id", ondelete="CASCADE", index=True)
    period: str | None = Field(default=None, max_length=10)
    file: str = Field(max_length=255)
    sha256: str = Field(max_length=64)
    size: int = Field(sa_type=BigInteger)
    content: bytes = Field(sa_type=LargeBinary)
    user: str = Field(max_length=USER_MAX)
    at: datetime = Field(default_factory=utcnow)
