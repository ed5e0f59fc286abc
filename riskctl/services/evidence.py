"""Evidence files of a follow-up, kept in the store with their SHA-256.

A file attached to a plan item (a signed checklist, the checker's sample list, an extract
from the payroll system) is stored whole, so a backup of the store carries it. Its SHA-256,
size, who attached it and when are kept beside it; listing re-computes the SHA-256 of the
stored content, so a changed blob is caught. Evidence is never changed or removed by riskctl.

Rows are written with one Core insert and audited by `audit.record_created` without the
content: the flush hook would otherwise copy the whole file into the audit trail as text.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, or_
from sqlmodel import Session, col, select

from riskctl import audit
from riskctl.errors import InvalidInput, NotFound
from riskctl.i18n import _
from riskctl.models import Evidence, limit, utcnow
from riskctl.services import validate
from riskctl.services.sampling.store import require_adopted
from riskctl.tabular import read_bytes

MAX_BYTES = 50 * 1024 * 1024
NAME_MAX = limit(Evidence.file)


@dataclass
class EvidenceView:
    """A kept file and whether its stored content still has the SHA-256 it was attached with."""

    id: int
    item: int
    period: str | None
    file: str
    sha256: str
    size: int
    user: str
    at: str
    verified: bool
    content_sha256: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _file_name(path: str | os.PathLike[str]) -> str:
    name = Path(path).name
    return validate.text(name, "FILE", NAME_MAX, required=True)


def attach_evidence(
    *,
    session: Session,
    item_id: Any,
    path: str | os.PathLike[str],
    period: str | None = None,
) -> EvidenceView:
    """Keep a file as evidence of an adopted plan's item (optionally for one period)."""
    from riskctl.services.sampling.store import item_context

    item, plan, org_name, _title = item_context(session, item_id, lock=True)
    wanted = validate.period(period) if period not in (None, "") else None
    name = _file_name(path)
    data = read_bytes(path, field="FILE", limit=MAX_BYTES, what=_("evidence kept in the store"))
    if not data:
        raise InvalidInput("FILE", str(path), _("it is empty; attach a file with content"))
    require_adopted(
        item,
        plan,
        org_name,
        _(
            "the {year} plan of {org} is a draft; only an adopted plan's item can have "
            "evidence attached"
        ),
    )
    digest = hashlib.sha256(data).hexdigest()
    same = session.exec(
        select(Evidence.id, Evidence.file).where(
            Evidence.item_id == item.id,
            Evidence.sha256 == digest,
            (col(Evidence.period).is_(None) if wanted is None else Evidence.period == wanted),
        )
    ).first()
    if same is not None:
        raise InvalidInput(
            "FILE",
            str(path),
            _("the same content is already kept for item {item} as evidence {id} ({file})").format(
                item=item.id, id=same[0], file=same[1]
            ),
        )
    row: dict[str, Any] = {
        "item_id": item.id,
        "period": wanted,
        "file": name,
        "sha256": digest,
        "size": len(data),
        "user": str(session.info.get(audit.USER_KEY) or audit.current_user()),
        "at": utcnow(),
    }
    new_id = (
        session.connection()
        .execute(insert(Evidence).values(**row, content=data).returning(col(Evidence.id)))
        .scalar_one()
    )
    audit.record_created(session, "evidence", [{"id": new_id, **row}])
    return _view({"id": new_id, **row}, digest)


def _view(row: Any, content_sha256: str) -> EvidenceView:
    at = row["at"]
    return EvidenceView(
        id=int(row["id"]),
        item=int(row["item_id"]),
        period=row["period"],
        file=row["file"],
        sha256=row["sha256"],
        size=int(row["size"]),
        user=row["user"],
        at=at.isoformat() if isinstance(at, datetime) else str(at),
        verified=content_sha256 == row["sha256"],
        content_sha256=content_sha256,
    )


_FIELDS = ("id", "item_id", "period", "file", "sha256", "size", "user", "at")


def list_evidence(
    *, session: Session, item_id: Any, period: str | None = None
) -> list[EvidenceView]:
    """An item's evidence, oldest first, each re-verified against its stored content.

    With `period`, only that period's files (and those attached for no period).
    """
    from riskctl.services.plans.items import find_item

    item, _plan, _org = find_item(session, item_id)
    wanted = validate.period(period) if period not in (None, "") else None
    query = select(*(getattr(Evidence, f) for f in _FIELDS)).where(Evidence.item_id == item.id)
    if wanted is not None:
        query = query.where(or_(col(Evidence.period) == wanted, col(Evidence.period).is_(None)))
    views = []
    for meta in session.exec(query.order_by(col(Evidence.id))).all():
        row = dict(zip(_FIELDS, meta, strict=True))
        views.append(_view(row, hashlib.sha256(_content(session, row["id"])).hexdigest()))
    return views


def _content(session: Session, evidence_id: int) -> bytes:
    # One file at a time: a board's evidence together may not fit in memory.
    data = session.exec(select(Evidence.content).where(Evidence.id == evidence_id)).first()
    return bytes(data) if data is not None else b""


def evidence_content(*, session: Session, evidence_id: Any) -> tuple[EvidenceView, bytes]:
    """One kept file and its content (verify `view.verified` before trusting it)."""
    eid = validate.integer(evidence_id, "evidence")
    meta = session.exec(
        select(*(getattr(Evidence, f) for f in _FIELDS)).where(Evidence.id == eid)
    ).first()
    if meta is None:
        raise NotFound("evidence", evidence_id, _("see `riskctl followup evidence ITEM`"))
    row = dict(zip(_FIELDS, meta, strict=True))
    data = _content(session, eid)
    return _view(row, hashlib.sha256(data).hexdigest()), data
