

def test_record_refuses_records_link_out_of_plan(starter_plan, tmp_path, cli):
    outside = tmp_path / "outside"
    outside.mkdir()
    (starter_plan / "records").symlink_to(outside)
    result = cli(
        "record", "monthly-service-report", "--plan", starter_plan, "--sent-by", "x", "--evidence", "e",
        "--sent-at", "2026-06-02T00:00:00Z",
    )
    assert result.exit_code == 2
    assert "leaves the plan directory" in result.stderr
    assert list(outside.iterdir()) == []
