def test_examples_list_2025_in_seed_order(cli):
    assert cli("examples", "load").exit_code == 0
    out = cli("risk", "list", "--year", "2025", "--org", "KS", "--format", "json")
    assert out.exit_code == 0
