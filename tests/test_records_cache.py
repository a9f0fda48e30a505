"""The parse cache of event and record files never changes results, and positions stay exact."""

from __future__ import annotations

import json

from evidence_helpers import run_commsctl, write_record

from commsctl.parsecache import cache_file_for

PERIOD = ("--since", "2026-08-01", "--until", "2026-11-30", "--now", "2026-12-01T09:00:00+01:00", "--format", "json")


def test_check_same_cold_warm_and_uncached(example_plan):
    cache_file_for(example_plan).unlink(missing_ok=True)
    cold = run_commsctl("check", example_plan, *PERIOD)
    assert cache_file_for(example_plan).exists()
    warm = run_commsctl("check", example_plan, *PERIOD)
    uncached = run_commsctl("check", example_plan, *PERIOD, env={"COMMSCTL_NO_CACHE": "1"})

    assert cold.returncode == warm.returncode == uncached.returncode == 1
    assert cold.stdout == warm.stdout == uncached.stdout


def test_changed_file_is_parsed_again(example_plan):
    run_commsctl("check", example_plan, *PERIOD)
    record = next((example_plan / "records").rglob("*supplier-escalation-SUP-2026-1104.yaml"))
    text = record.read_text(encoding="utf-8")
    record.write_text(text + "approved_by: v.laurent\napproved_at: 2026-11-04T14:00:00+01:00\n", encoding="utf-8")

    warm = json.loads(run_commsctl("check", example_plan, *PERIOD).stdout)

    kinds = {issue["kind"] for item in warm["obligations"] for issue in item["issues"]}
    assert "unapproved" not in kinds


def test_finding_position_in_cached_file(starter_plan):
    path = write_record(starter_plan, "major-incident-update", "2026-10-14T10:20:00Z", event="INC-1")

    cold = run_commsctl("validate", starter_plan)
    warm = run_commsctl("validate", starter_plan)

    assert cold.stdout == warm.stdout
    assert f"{path}:2:8: error record-unknown-event" in warm.stdout


def test_corrupt_cache_is_ignored(example_plan):
    expected = run_commsctl("check", example_plan, *PERIOD).stdout
    cache_file_for(example_plan).write_bytes(b"\x00not json")

    assert run_commsctl("check", example_plan, *PERIOD).stdout == expected


def test_cache_is_kept_outside_the_plan(example_plan, tmp_path):
    run_commsctl("check", example_plan, *PERIOD)

    assert cache_file_for(example_plan).is_relative_to(tmp_path / "cache")
    assert not any(path.name.startswith("parsed-yaml") for path in example_plan.rglob("*"))


def test_cache_file_in_the_plan_is_not_read(example_plan):
    """A cache committed into the plan, even one claiming approvals, changes nothing."""
    expected = run_commsctl("check", example_plan, *PERIOD).stdout
    forged = json.loads(cache_file_for(example_plan).read_text(encoding="utf-8"))
    for entry in forged["entries"].values():
        if isinstance(entry, dict) and "sent_at" in entry:
            entry.update({"approved_by": "v.laurent", "approved_at": entry["sent_at"]})
    for place in (example_plan / ".commsctl-cache", example_plan):
        place.mkdir(exist_ok=True)
        (place / "parsed-yaml.json").write_text(json.dumps(forged), encoding="utf-8")

    assert run_commsctl("check", example_plan, *PERIOD).stdout == expected


def test_suppression_comment_in_cached_file(starter_plan):
    (starter_plan / "events").mkdir()
    (starter_plan / "events" / "INC-1.yaml").write_text(
        "id: INC-1\nevent: major-incident-declared\ntitle: Outage\ndeclared_at: 2026-10-14T10:00:00Z\n", encoding="utf-8"
    )
    write_record(
        starter_plan, "major-incident-update", "2026-10-14T10:20:00Z", event="INC-1",
        approved_by="owner.name  # commsctl: ignore[record-approval-invalid]",
        summary="'Quoted # commsctl: ignore[unknown-role] is text, not a comment'",
    )

    cold = run_commsctl("validate", starter_plan)
    warm = run_commsctl("validate", starter_plan)

    assert cold.stdout == warm.stdout
    assert "No findings" in warm.stdout
