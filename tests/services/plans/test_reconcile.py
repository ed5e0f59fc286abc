"""The rule of `plan generate` by itself: plain data in, the draft's changes out."""

from __future__ import annotations

from riskctl.services.plans.reconcile import ItemRow, Reconciled, reconcile, spare_recorded

OWNER, OTHER = 1, 2


def test_a_new_control_risk_is_added_with_the_proposed_method_and_owner():
    decision = reconcile({10: ("Stickprov", OWNER)}, {})
    assert decision == Reconciled(add=[(10, "Stickprov", OWNER)])


def test_new_risks_are_added_in_the_analysis_order():
    decision = reconcile({12: ("B", None), 10: ("A", OWNER)}, {})
    assert [risk for risk, _method, _owner in decision.add] == [12, 10]


def test_an_unedited_item_follows_the_analysis():
    decision = reconcile({10: ("Ny metod", OTHER)}, {10: ItemRow(5, 10, "Gammal", OWNER)})
    assert decision.change == {5: {"method": "Ny metod", "owner_id": OTHER}}
    assert not decision.add and not decision.drop


def test_an_item_in_step_with_the_analysis_is_left_alone():
    assert reconcile({10: ("Stickprov", OWNER)}, {10: ItemRow(5, 10, "Stickprov", OWNER)}) == (
        Reconciled()
    )


def test_a_hand_edited_method_survives_while_the_owner_follows():
    existing = {10: ItemRow(5, 10, "Min egen metod", OWNER, method_edited=True)}
    decision = reconcile({10: ("Stickprov", OTHER)}, existing)
    assert decision.change == {5: {"owner_id": OTHER}}


def test_a_hand_edited_owner_survives_while_the_method_follows():
    existing = {10: ItemRow(5, 10, "Gammal", OWNER, owner_edited=True)}
    decision = reconcile({10: ("Stickprov", OTHER)}, existing)
    assert decision.change == {5: {"method": "Stickprov"}}


def test_a_removed_item_is_not_added_again_nor_changed():
    existing = {10: ItemRow(5, 10, "Gammal", OWNER, removed=True)}
    assert reconcile({10: ("Stickprov", OTHER)}, existing) == Reconciled()


def test_a_generated_item_whose_risk_left_control_is_dropped():
    decision = reconcile({}, {10: ItemRow(5, 10, "Stickprov", OWNER)})
    assert decision.drop == {5: 10}
    assert not decision.kept_edited


def test_an_edited_item_whose_risk_left_control_is_kept_and_reported():
    existing = {
        10: ItemRow(5, 10, "Min metod", OWNER, method_edited=True),
        11: ItemRow(6, 11, "Stickprov", OTHER, owner_edited=True),
    }
    decision = reconcile({}, existing)
    assert decision.kept_edited == [10, 11]
    assert not decision.drop


def test_an_item_put_in_by_hand_stays_silently_whatever_its_handling():
    decision = reconcile({}, {10: ItemRow(5, 10, "Stickprov", OWNER, manual=True)})
    assert decision == Reconciled()


def test_a_removed_item_whose_risk_left_control_is_not_dropped_again():
    decision = reconcile({}, {10: ItemRow(5, 10, "Stickprov", OWNER, removed=True)})
    assert decision == Reconciled()


def test_an_item_to_drop_that_has_records_is_kept_and_reported():
    decision = reconcile({}, {10: ItemRow(5, 10, "A", OWNER), 11: ItemRow(6, 11, "B", OWNER)})
    spared = spare_recorded(decision, {6, 99})
    assert spared.drop == {5: 10}
    assert spared.kept_recorded == [11]
    # The decision given is left as it was.
    assert decision.drop == {5: 10, 6: 11}


def test_records_of_other_items_change_nothing():
    decision = reconcile({}, {10: ItemRow(5, 10, "A", OWNER)})
    assert spare_recorded(decision, {7}) == decision
