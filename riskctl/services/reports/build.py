"""The report of a kind, by name: what `riskctl report KIND` and the tests build."""

from __future__ import annotations

from sqlmodel import Session

from riskctl.errors import InvalidInput
from riskctl.i18n import _
from riskctl.services.reports.analysis import analysis_report
from riskctl.services.reports.followup import followup_report
from riskctl.services.reports.matrix import matrix_report
from riskctl.services.reports.model import Report
from riskctl.services.reports.plan import plan_report

KINDS = ("analysis", "plan", "followup", "matrix")


def build_report(
    *, session: Session, kind: str, year: int, org: str, lang: str = "sv", period: str = "annual"
) -> Report:
    """The report of `kind` (analysis, plan, followup or matrix)."""
    lang = lang if lang in ("sv", "en") else "en"
    if kind == "analysis":
        return analysis_report(session=session, year=year, org=org, lang=lang)
    if kind == "plan":
        return plan_report(session=session, year=year, org=org, lang=lang)
    if kind == "followup":
        return followup_report(session=session, year=year, org=org, lang=lang, period=period)
    if kind == "matrix":
        return matrix_report(session=session, year=year, org=org, lang=lang)
    raise InvalidInput("report", kind, _("use one of {choices}").format(choices=", ".join(KINDS)))
