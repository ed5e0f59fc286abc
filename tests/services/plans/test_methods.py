"""The control method proposed by a handling note."""

from __future__ import annotations

from riskctl.services.plans.methods import method_from_note


def test_a_sample_check_outweighs_a_mere_review():
    note = "Rutinen ses över. Granskning av attester. Stickprov på tio fakturor."
    assert method_from_note(note) == "Stickprov på tio fakturor."


def test_a_review_is_the_method_when_no_sentence_names_a_sample_check():
    note = "Rutinen ses över.\nUppföljning sker i delårsrapporten."
    assert method_from_note(note) == "Uppföljning sker i delårsrapporten."


def test_english_notes_are_read_too():
    note = "The risk is part of the board's control plan. A survey of all managers."
    assert method_from_note(note) == "A survey of all managers."


def test_an_empty_note_proposes_no_method():
    assert method_from_note("") == ""
