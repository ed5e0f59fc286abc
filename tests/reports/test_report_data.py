"""The reports as data: the seeds' tables, column names, order, colours and texts."""

from __future__ import annotations

import pytest

from riskctl.errors import InvalidInput, NotFound
from riskctl.scales import BANDS_4, PROBABILITY_4, SIGNIFICANCE_4
from riskctl.vocabulary import ASSESSMENT_COLORS
from tests import seeds

from .conftest import CASE_NUMBER

BAND_COLOR = {v: b.color for b in BANDS_4 for v in range(b.min_value, b.max_value + 1)}
SEED_ANALYSIS_HEADERS = [
    "Risk",
    "Riskbeskrivning",
    "Sannolikhet",
    "Väsentlighet",
    "Riskvärde",
    "Hantering",
]


def test_analysis_2025_has_the_seed_table_in_the_seed_order(report):
    """Seed 003, Bilaga 2: 33 risks, highest risk value first, ties in the seed's order."""
    r = report("analysis", 2025)
    expected = [
        (row.title, int(row.cells[1]), int(row.cells[2]), int(row.cells[3]))
        for row in seeds.analysis_2025()
    ]
    got = [
        (row["title"], row["probability"], row["significance"], row["value"])
        for row in r.table.rows
    ]
    assert got == expected
    assert len(got) == 33
    assert [c.header for c in r.table.document_columns()] == SEED_ANALYSIS_HEADERS


def test_analysis_descriptions_and_handling_are_the_seeds(report):
    r = report("analysis", 2025)
    for row, seed in zip(r.table.rows, seeds.analysis_2025(), strict=True):
        assert " ".join(row["description"].split()) == " ".join(seed.cells[0].split())
    first = r.table.rows[0]["handling_text"]
    assert first.startswith("En handlingsplan för att motverka välfärdsbrottslighet")
    accepted = next(row for row in r.table.rows if row["title"] == "Terrorhot")
    assert accepted["handling_text"] == (
        "Risken accepteras, dvs risken anses inte kräva "
        "utökade åtgärder eller kontroller under 2025."
    )


def test_analysis_data_columns_carry_decision_and_owner(report):
    """CSV/XLSX get the decision word and owner after the seed's six columns."""
    r = report("analysis", 2025)
    assert [c.header for c in r.table.data_columns()] == [
        *SEED_ANALYSIS_HEADERS,
        "Beslut",
        "Ansvarig",
    ]
    top = r.table.rows[0]
    assert (top["decision"], top["owner"]) == ("internkontroll", "Ekonomichef")
    words = {row["decision"] for row in r.table.rows}
    assert words == {"internkontroll", "åtgärd", "accepteras"}


def test_analysis_in_english(report):
    r = report("analysis", 2025, lang="en")
    assert r.title == "Risk and significance analysis 2025"
    assert [c.header for c in r.table.data_columns()] == [
        "Risk",
        "Risk description",
        "Probability",
        "Significance",
        "Risk value",
        "Handling",
        "Decision",
        "Owner",
    ]
    assert {row["decision"] for row in r.table.rows} == {"control", "action", "accepted"}
    assert r.scales[0].levels[0] == (
        1,
        "Unlikely",
        "the risk of an error is practically non-existent",
    )


def test_analysis_colours_the_risk_value_by_band(report):
    r = report("analysis", 2025)
    for row, fills in zip(r.table.rows, r.table.fills, strict=True):
        assert fills == {"value": BAND_COLOR[row["value"]]}
    assert [(e.label, e.color) for e in r.legends[0].entries] == [
        (b.label, b.color) for b in BANDS_4
    ]
    assert r.legends[0].entries[3].text == "riskvärde 12–16"


def test_analysis_carries_the_scale_explanation_of_seed_003(report):
    r = report("analysis", 2025)
    assert r.title == "Risk- och väsentlighetsanalys 2025"
    assert r.heading == ["Kommunstyrelsen"]
    assert r.scale_title == "Förklaring"
    probability, significance = r.scales
    assert probability.title == "Sannolikhet"
    assert probability.levels == [(lv.level, lv.label, lv.description) for lv in PROBABILITY_4]
    assert significance.title == "Väsentlighet"
    assert significance.levels[3] == (
        4,
        "Allvarlig",
        "är så stor att fel helt enkelt inte får inträffa",
    )
    assert len(significance.levels) == len(SIGNIFICANCE_4)


def test_analysis_heat_map_counts_every_risk(report):
    heat = report("analysis", 2025).heatmap
    assert heat is not None
    assert heat.total == 33
    assert heat.row_labels[0] == "4 Sannolik" and heat.col_labels[0] == "1 Försumbar"
    # Seed 003: Välfärdsbrottslighet is 3 × 4; nine risks are 3 × 2.
    assert heat.counts[1] == [0, 9, 0, 1]
    assert heat.colors[0][3] == BAND_COLOR[16]
    assert sum(map(sum, heat.counts)) == 33


def test_plan_2024_names_the_adopted_plan(report):
    r = report("plan", 2024)
    assert r.title == "Internkontrollplan 2024"
    assert r.heading == ["Kommunstyrelsen", "Antagen (beslutsdatum ej registrerat)"]
    assert [c.header for c in r.table.columns] == [
        "Risk",
        "Riskbeskrivning",
        "Riskvärde",
        "Metod",
        "Ansvarig",
    ]
    assert len(r.table.rows) == 9
    values = [row["value"] for row in r.table.rows]
    assert values == sorted(values, reverse=True)


def test_plan_2025_is_seed_003_bilaga_1_with_decision_date_and_case_number(plan_2025, report):
    r = report("plan", 2025)
    assert r.heading == ["Kommunstyrelsen", f"Antagen 2024-12-16, dnr {CASE_NUMBER}"]
    seed = seeds.plan_2025()
    assert len(r.table.rows) == len(seed) == 7
    for row, expected in zip(r.table.rows, seed, strict=True):
        # Bilaga 1 shortens "Energibrist/effektbrist" to "Energibrist".
        assert row["title"].split("/")[0] == expected.title
        assert row["value"] == int(expected.cells[1])
        assert " ".join(row["method"].split()) == " ".join(expected.cells[2].split())
        assert row["owner"] == seeds.unhyphenate(expected.cells[3])
    assert r.meta["plans"][0]["status"] == "adopted"


def test_an_adopted_plan_is_reported_as_adopted_after_the_register_is_reworded(
    plan_2025, write, report
):
    """The board decided the snapshot: a later rewording of a risk in the register changes
    the register and `plan diff`, not what the reports of the adopted plan say."""
    from riskctl.services.plans.adoption import show_plan
    from riskctl.services.plans.diff import diff_plan
    from riskctl.services.risks import edit_risk
    from riskctl.services.rollover import rollover

    adopted = report("plan", 2025).table.rows
    first = adopted[0]
    with write() as session:
        risk_id = show_plan(session=session, org="KS", year=2025).items[0].risk_id
        # The 2025 plan is locked; the risk is reworded in next year's analysis.
        rollover(session=session, from_year=2025, to_year=2026, org="KS")
        edit_risk(
            session=session,
            risk_id=risk_id,
            year=2026,
            changes={"title": "Välfärdsbrott mot kommunen", "description": "Ny lydelse."},
        )
        changed = diff_plan(session=session, org="KS", year=2025)
    assert ("title", first["title"], "Välfärdsbrott mot kommunen") in {
        (d.field, d.adopted, d.now) for d in changed
    }
    assert report("plan", 2025).table.rows == adopted
    followed = {row["title"] for row in report("followup", 2025, period="interim").table.rows}
    assert first["title"] in followed
    assert "Välfärdsbrott mot kommunen" not in followed


def test_plan_draft_says_so(examples_store, write, report):
    from riskctl.services.plans.generate import generate_plan

    with write() as session:
        generate_plan(session=session, org="KS", year=2025)
    assert report("plan", 2025, lang="en").heading == ["Kommunstyrelsen", "Draft, not adopted"]


def test_followup_2024_carries_the_summary_sentence_and_colours(report):
    r = report("followup", 2024)
    assert r.title == "Uppföljning av internkontroll 2024 – årsbokslut"
    assert [c.header for c in r.table.columns] == [
        "Identifierad risk",
        "Riskbeskrivning",
        "Uppföljning",
        "Bedömning",
        "Resultat",
        "Åtgärd",
    ]
    sentence = r.summary[0]
    assert sentence.startswith("Planen omfattade totalt nio identifierade risker.")
    # The words of the annual report 2024 (seed 000).
    seed_words = (
        "För tre av riskerna noterades inga anmärkningar vid uppföljningen. Fem "
        "risker visade däremot på vissa avvikelser, vilket innebär att åtgärder "
        "behöver vidtas för att de ska anses som hanterade."
    )
    assert seed_words in seeds.annual_report_2024()
    assert seed_words in sentence
    colours = [f["assessment_text"] for f in r.table.fills]
    assert colours.count(ASSESSMENT_COLORS["ok"]) == 3
    assert colours.count(ASSESSMENT_COLORS["near"]) == 5
    assert colours.count(ASSESSMENT_COLORS["remark"]) == 1
    remark = [row for row in r.table.rows if row["assessment"] == "remark"]
    assert [row["title"] for row in remark] == ["Felaktig utbetalning till förtroendevalda"]
    assert remark[0]["assessment_text"] == "Med anmärkning"
    assert (r.meta["ok"], r.meta["near"], r.meta["remark"], r.meta["none"]) == (3, 5, 1, 0)


def test_followup_legend_is_seed_002s_four_levels(report):
    legend = report("followup", 2024).legends[0]
    assert legend.title == "Bedömning"
    assert [(e.color, e.text) for e in legend.entries] == [
        (
            ASSESSMENT_COLORS["ok"],
            "Kontrollen är genomförd utan anmärkning/med försumbar anmärkning",
        ),
        (ASSESSMENT_COLORS["near"], "Kontrollen är genomförd med anmärkning nära målvärde"),
        (ASSESSMENT_COLORS["remark"], "Kontrollen är genomförd med anmärkning"),
        (ASSESSMENT_COLORS["none"], "Ingen bedömning har genomförts"),
    ]


def test_followup_2023_interim_has_seed_002s_columns(report):
    r = report("followup", 2023, period="interim")
    assert [c.header for c in r.table.columns] == [
        "Identifierad risk",
        "Vad kontrolleras?",
        "Metod",
        "Bedömning",
        "Resultat",
        "Åtgärd",
    ]
    assert len(r.table.rows) == 10
    assert r.table.rows[0]["checked"]
    assert r.title.endswith("delårsbokslut")


def test_followup_without_a_recording_is_grey_not_assessed(report):
    r = report("followup", 2024, period="interim", lang="en")
    assert {row["assessment"] for row in r.table.rows} == {"none"}
    assert {f["assessment_text"] for f in r.table.fills} == {ASSESSMENT_COLORS["none"]}
    assert r.summary[0].endswith("For nine risks no assessment has been made.")


def test_followup_of_a_draft_is_refused(examples_store, write, report):
    from riskctl.services.plans.generate import generate_plan

    with write() as session:
        generate_plan(session=session, org="KS", year=2025)
    with pytest.raises(InvalidInput, match="draft"):
        report("followup", 2025)


def test_matrix_report(report):
    r = report("matrix", 2025, lang="en")
    assert r.title == "Risk matrix 2025"
    assert r.heatmap is not None and r.heatmap.total == 33
    assert [c.header for c in r.table.columns][:2] == [
        "Probability \\ Significance",
        "1 Negligible",
    ]
    assert r.table.rows[1] == {"level": "3 Possible", "c1": 0, "c2": 9, "c3": 0, "c4": 1}
    assert not r.landscape


def test_all_boards_adds_a_board_column(examples_store, write, report):
    from riskctl.services.orgs import add_org
    from riskctl.services.risks import add_risk

    with write() as session:
        add_org(session=session, name="Socialnämnden", code="SN")
        add_risk(
            session=session,
            org="SN",
            year=2025,
            title="Brister i dokumentation",
            probability=4,
            significance=3,
            handling="control",
        )
    r = report("analysis", 2025, org="all")
    assert r.table.columns[0].header == "Nämnd"
    assert r.heading == ["Samtliga nämnder"]
    boards = [row["board"] for row in r.table.rows]
    assert boards.count("Socialnämnden") == 1 and boards.count("Kommunstyrelsen") == 33
    assert boards == sorted(boards)  # grouped by board
    assert r.heatmap is not None and r.heatmap.total == 34
    assert report("matrix", 2025, org="all").heatmap.total == 34


def test_unknown_board_and_missing_year(report):
    with pytest.raises(NotFound, match="known boards: KS"):
        report("analysis", 2025, org="XX")
    with pytest.raises(NotFound, match="no risk analysis for 2030"):
        report("analysis", 2030)
    with pytest.raises(NotFound, match="internal control plan for 2030"):
        report("plan", 2030)
    with pytest.raises(InvalidInput, match="period"):
        report("followup", 2024, period="quarterly")
