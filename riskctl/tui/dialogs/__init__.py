"""Modal dialogs: forms that write through the services, pickers and confirmations.

One dialog class per module, named for it: `form` (the base of the forms that write through
one service call), `risk_form`, `item_form`, `add_item_dialog`, `adopt_dialog`,
`reopen_dialog`, `board_dialog`, `rollover_dialog`, `pick_dialog` (the boards), `year_dialog`,
`confirm_dialog`, `conflict_dialog` (a stale save) and `store_error_dialog`.
"""
