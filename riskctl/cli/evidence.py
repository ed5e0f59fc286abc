"""`riskctl followup attach` and `riskctl followup evidence`: files kept as evidence.

Plain functions, registered on the `followup` group in `riskctl.cli.followup`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from riskctl.cli.options import Format, FormatOption
from riskctl.cli.output import emit, headed
from riskctl.cli.state import state
from riskctl.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from sqlmodel import Session

    from riskctl.services.evidence import EvidenceView

EVIDENCE_KEYS = ("id", "item", "period", "file", "sha256", "size", "user", "at", "verified")
LIST_COLUMNS = [
    ("id", N_("id")),
    ("period", N_("period")),
    ("file", N_("file")),
    ("size", N_("size")),
    ("sha256", N_("sha256")),
    ("user", N_("user")),
    ("at", N_("at")),
    ("verified", N_("verified")),
]


def attach(
    ctx: typer.Context,
    item: Annotated[int, typer.Argument(metavar="ITEM", help="The plan item's id.")],
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The file to keep.", show_default=False)
    ],
    period: Annotated[
        str | None, typer.Option("--period", help="interim or annual (optional).")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Keep a file as evidence of an item's follow-up, in the store with its SHA-256.

    The whole file is stored (at most 50 MB), so a backup of the store carries it; its
    SHA-256, size, who attached it and when are kept beside it.

    Example: riskctl followup attach 3 stickprov-loner-2025.pdf --period annual
    """
    from riskctl.services.evidence import attach_evidence

    with state(ctx).writing() as session:
        view = attach_evidence(session=session, item_id=item, path=file, period=period)
    if fmt == Format.table:
        kept = (
            _(
                "kept {file} as evidence {id} of item {item} ({period}): {size} bytes, "
                "SHA-256 {sha256}"
            )
            if view.period
            else _("kept {file} as evidence {id} of item {item}: {size} bytes, SHA-256 {sha256}")
        )
        typer.echo(
            kept.format(
                file=view.file,
                id=view.id,
                item=view.item,
                period=view.period,
                size=view.size,
                sha256=view.sha256,
            )
        )
        return
    from riskctl.render import render_record

    typer.echo(render_record(_record(view.as_dict()), fmt.value, [(k, k) for k in EVIDENCE_KEYS]))


def _save(session: Session, views: list[EvidenceView], targets: list[Path], save: Path) -> None:
    """Write each file, never over one that is there; on a failure remove what was written."""
    import os

    from riskctl.errors import InvalidInput, unwritable
    from riskctl.safe_write import create_exclusive
    from riskctl.services.evidence import evidence_content

    written: list[Path] = []
    at = save
    try:
        for v, target in zip(views, targets, strict=True):
            at = target
            _view, data = evidence_content(session=session, evidence_id=v.id)
            try:
                # O_EXCL and O_NOFOLLOW: a link planted at ID_NAME is refused, never followed.
                fd = create_exclusive(target, 0o600)
            except FileExistsError:
                raise InvalidInput(
                    "--save", str(save), _("{file} exists; nothing was written").format(file=target)
                ) from None
            written.append(target)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise unwritable("--save", at, exc) from None
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _record(data: dict[str, object]) -> dict[str, object]:
    return {k: data[k] for k in EVIDENCE_KEYS}


def evidence(
    ctx: typer.Context,
    item: Annotated[int, typer.Argument(metavar="ITEM", help="The plan item's id.")],
    period: Annotated[
        str | None,
        typer.Option("--period", help="Only this period's files (and those for no period)."),
    ] = None,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            help="Also write the files into this directory, as ID_NAME; never overwrites.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List an item's evidence files and re-verify each against its SHA-256.

    Fails (exit 1) after the list if a stored file no longer has the SHA-256 it was kept with.

    Example: riskctl followup evidence 3 --save granskning/
    """
    from riskctl.errors import InvalidInput, RiskctlError
    from riskctl.services.evidence import list_evidence

    if save is not None and not save.is_dir():
        raise InvalidInput("--save", str(save), _("name an existing directory"))
    st = state(ctx)
    with st.reading() as session:
        views = list_evidence(session=session, item_id=item, period=period)
        bad = [v for v in views if not v.verified]
        if save is not None and not bad:
            _save_new(session, views, save)
    rows = [_record(v.as_dict()) for v in views]
    shown = [
        {**r, "sha256": str(r["sha256"])[:12] + "…", "at": str(r["at"])[:16].replace("T", " ")}
        if fmt == Format.table
        else r
        for r in rows
    ]
    emit(
        shown,
        headed(LIST_COLUMNS),
        fmt,
        json_rows=rows,
        empty=_("item {item} has no evidence").format(item=item),
    )
    if bad:
        raise RiskctlError(_mismatch(bad, saving=save is not None))
    if save is not None and views and fmt == Format.table:
        typer.echo(
            ngettext(
                "wrote {count} file to {directory}",
                "wrote {count} files to {directory}",
                len(views),
            ).format(count=len(views), directory=save)
        )


def _save_new(session: Session, views: list[EvidenceView], save: Path) -> None:
    """The files written into `save` as ID_NAME; refused, with nothing written, if one of
    those names is taken."""
    from riskctl.errors import InvalidInput

    targets = [save / f"{v.id}_{Path(v.file).name}" for v in views]
    taken = [str(t) for t in targets if t.exists() or t.is_symlink()]
    if taken:
        raise InvalidInput(
            "--save",
            str(save),
            _("{file} exists; nothing was written").format(file=taken[0]),
        )
    _save(session, views, targets, save)


def _mismatch(bad: list[EvidenceView], *, saving: bool) -> str:
    """What is said of the files whose content no longer has their SHA-256."""
    first = bad[0]
    message = _(
        "evidence {id} ({file}) no longer matches its SHA-256: kept with {kept}…, the "
        "stored content has {stored}…"
    ).format(
        id=first.id,
        file=first.file,
        kept=first.sha256[:12],
        stored=first.content_sha256[:12],
    )
    if len(bad) > 1:
        message += " " + _("(and {count} more)").format(count=len(bad) - 1)
    if saving:
        message += _("; nothing was saved")
    return message
