"""``commsctl history --reviews``: approvals, self-approval and stale approval from a pull request export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from historyrepo import START, RepoBuilder, run_commsctl

from commsctl.errors import UserError
from commsctl.history import collect_history

PLAN = "plan/plan.yaml"


def iso(offset_hours: float) -> str:
    """Return START plus ``offset_hours`` as the UTC timestamp gh writes."""
    from datetime import datetime, timedelta, timezone

    moment = datetime.fromtimestamp(START, timezone.utc) + timedelta(hours=offset_hours)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def pull_request(number: int, author: str, reviews: list[tuple[str, str, float]], **extra) -> dict:
    return {
        "number": number,
        "title": f"Change {number}",
        "author": {"login": author, "id": "U_1", "is_bot": False, "name": ""},
        "mergedAt": iso(10),
        "mergedBy": {"login": "merger"},
        "reviews": [
            {
                "author": {"login": login},
                "state": state,
                "submittedAt": iso(hours),
                "body": "",
                "commit": {"oid": "0" * 40},
            }
            for login, state, hours in reviews
        ],
        **extra,
    }


@pytest.fixture
def merged(git_repo: Path) -> RepoBuilder:
    """A repository whose plan changed through pull request #21; its last commit is at START + 2h."""
    builder = RepoBuilder(git_repo)
    builder.commit("Add the plan (#20)", {PLAN: "name: v1\n"})  # START + 1h
    builder.pull_request(
        "feature", "Change v2", {PLAN: "name: v2\n"}, "Merge pull request #21 from acme/feature", author="Dana <dana@example.com>"
    )  # tip at START + 2h, merge at START + 3h
    return builder


def write_export(tmp_path: Path, pull_requests: list[dict]) -> Path:
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(pull_requests), encoding="utf-8")
    return path


def change_21(builder: RepoBuilder, export: Path):
    changes = collect_history(builder.repo / "plan", reviews=export).changes
    return next(change for change in changes if change.pull_request.number == 21)


def test_approving_review_recorded(merged, tmp_path):
    export = write_export(tmp_path, [pull_request(21, "dana", [("erin", "APPROVED", 2.5)])])

    change = change_21(merged, export)

    assert change.approved
    assert [(approval.source, approval.person.login) for approval in change.approvals] == [("review", "erin")]
    assert "review approved by erin" in change.evidence()


def test_stale_approval_flagged(merged, tmp_path):
    export = write_export(tmp_path, [pull_request(21, "dana", [("erin", "APPROVED", 1.5)])])

    change = change_21(merged, export)

    assert not change.approved
    assert change.problems[0].startswith("stale approval")
    assert "2026-01-01T03:00:00+01:00" in change.problems[0]


def test_later_approval_clears_stale(merged, tmp_path):
    reviews = [("erin", "APPROVED", 1.5), ("frank", "APPROVED", 2.5)]
    export = write_export(tmp_path, [pull_request(21, "dana", reviews)])

    assert change_21(merged, export).approved


def test_self_approval_by_pull_request_author(merged, tmp_path):
    export = write_export(tmp_path, [pull_request(21, "dana", [("Dana", "APPROVED", 2.5)])])

    change = change_21(merged, export)

    assert not change.approved
    assert change.problems[0].startswith("self-approval")


def test_changes_requested_withdraws_approval(merged, tmp_path):
    reviews = [("erin", "APPROVED", 2.2), ("erin", "COMMENTED", 2.3), ("erin", "CHANGES_REQUESTED", 2.4)]
    export = write_export(tmp_path, [pull_request(21, "dana", reviews)])

    change = change_21(merged, export)

    assert not change.approved
    assert change.problems == ["GitHub pull request #21 has no approving review in the reviews export"]


def test_squash_stale_uses_exported_commits(git_repo, tmp_path):
    builder = RepoBuilder(git_repo)
    builder.commit("Add the plan (#30)", {PLAN: "name: v1\n"})
    commits = [{"oid": "1" * 40, "committedDate": iso(0.5)}, {"oid": "2" * 40, "committedDate": iso(0.9)}]
    export = write_export(tmp_path, [pull_request(30, "alice", [("erin", "APPROVED", 0.7)], commits=commits)])

    change = collect_history(git_repo / "plan", reviews=export).changes[0]

    assert change.problems[0].startswith("stale approval")


def test_pull_request_missing_from_export_keeps_merge_evidence(merged, tmp_path):
    export = write_export(tmp_path, [pull_request(99, "dana", [])])

    assert change_21(merged, export).approved


def test_squash_missing_from_export_unapproved(git_repo, tmp_path, cli):
    builder = RepoBuilder(git_repo)
    builder.commit("Add the plan (#30)", {PLAN: "name: v1\n"})
    builder.commit("Change v2 (#31)", {PLAN: "name: v2\n"})
    export = write_export(tmp_path, [pull_request(30, "alice", [("erin", "APPROVED", 5)])])

    changes = collect_history(git_repo / "plan", reviews=export).changes

    assert changes[0].problems == ["pull request #31 not found in the reviews export"]
    assert changes[1].approved
    assert collect_history(git_repo / "plan").changes[0].approved  # without an export the subject is all there is


def test_empty_export_still_checks_squash_numbers(git_repo, tmp_path):
    builder = RepoBuilder(git_repo)
    builder.commit("Add the plan (#30)", {PLAN: "name: v1\n"})
    export = write_export(tmp_path, [])

    change = collect_history(git_repo / "plan", reviews=export).changes[0]

    assert change.problems == ["pull request #30 not found in the reviews export"]


def test_invalid_export_names_file_and_json_path(merged, tmp_path):
    data = [pull_request(21, "dana", [("erin", "APPROVED", 2.5)])]
    data[0]["reviews"][0]["state"] = "LGTM"
    export = write_export(tmp_path, data)

    result = run_commsctl("history", merged.repo / "plan", "--reviews", export)

    assert result.returncode == 2
    assert str(export) in result.stderr
    assert "$[0].reviews[0].state" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_not_json_rejected(merged, tmp_path):
    export = tmp_path / "reviews.json"
    export.write_text("{not json", encoding="utf-8")

    with pytest.raises(UserError, match="invalid JSON"):
        collect_history(merged.repo / "plan", reviews=export)


def test_export_timestamp_without_zone_rejected(merged, tmp_path):
    data = [pull_request(21, "dana", [("erin", "APPROVED", 2.5)])]
    data[0]["reviews"][0]["submittedAt"] = "2026-01-01T03:00:00"
    export = write_export(tmp_path, data)

    with pytest.raises(UserError, match=r"\$\[0\]\.reviews\[0\]\.submittedAt"):
        collect_history(merged.repo / "plan", reviews=export)


def test_missing_export_file_rejected(merged, tmp_path):
    with pytest.raises(UserError, match="cannot read reviews export"):
        collect_history(merged.repo / "plan", reviews=tmp_path / "absent.json")
