"""The audit pack's Implementation and Code owners sections, on real repositories with events and records."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from historyrepo import RepoBuilder
from test_audit_pack import PLAN_FILES, tree_bytes

from commsctl.auditpack.implementation import implementation_csv

GOLDEN = Path(__file__).parent / "golden" / "audit-pack-implementation.md"

# The repository's commits are dated from 2026-01-01T01:00Z on, so the default
# period (the 90 days before the commit date) covers December 2025.
PLAN = {
    **PLAN_FILES,
    "plan/plan.yaml": PLAN_FILES["plan/plan.yaml"].replace(
        "    category: incident\n",
        "    category: incident\n  - id: change\n    name: Change approved\n    category: change\n",
    ),
    "plan/channels.yaml": PLAN_FILES["plan/channels.yaml"] + "  - id: status-page\n    name: Status page\n    kind: status-page\n",
    "plan/communications/change-notice.yaml": """\
id: change-notice
name: Change notice
type: external
trigger:
  kind: event
  event: change
what:
  - id: window
    description: Planned implementation window.
when:
  description: A day before implementation.
  lead_time: 1d
with_whom: [customers]
how: [email]
owner: lead
approver: approver
evidence:
  location: Change record
  retention: 3 years
""",
}

EVENTS = {
    "plan/events/INC-1.yaml": """\
id: INC-1
event: outage
title: "Mail platform: queue stalled"
declared_at: 2025-12-10T10:00:00Z
resolved_at: 2025-12-10T12:00:00Z
""",
    "plan/events/CHG-1.yaml": """\
id: CHG-1
event: change
title: Database upgrade
declared_at: 2025-12-01T09:00:00Z
approved_at: 2025-12-01T09:00:00Z
implemented_at: 2025-12-05T20:00:00Z
""",
}

RECORDS = {
    "plan/records/2025/2025-12-10T102000Z-outage-notice-INC-1.yaml": """\
communication: outage-notice
event: INC-1
sent_at: 2025-12-10T10:20:00Z
sent_by: a.lead
with_whom: [customers]
how: [email]
approved_by: c.approver
approved_at: 2025-12-10T10:15:00Z
summary: Queue stalled, mail delayed.
evidence: Mail log 4711
""",
    "plan/records/2025/2025-12-03T090000Z-change-notice-CHG-1.yaml": """\
communication: change-notice
event: CHG-1
sent_at: 2025-12-03T09:00:00Z
sent_by: a.lead
with_whom: [customers]
how: [email]
approved_by: d.deputy
approved_at: 2025-12-02T16:00:00Z
evidence: Change record CHG-1, notes
""",
}

# A second incident, later than INC-1: its notice went 40 minutes late, only on the status page, without approval.
LATE_INCIDENT = {
    "plan/events/INC-2.yaml": """\
id: INC-2
event: outage
title: Web hosting outage
declared_at: 2025-12-20T08:00:00Z
resolved_at: 2025-12-20T09:30:00Z
""",
    "plan/records/2025/2025-12-20T091000Z-outage-notice-INC-2.yaml": """\
communication: outage-notice
event: INC-2
sent_at: 2025-12-20T09:10:00Z
sent_by: a.lead
with_whom: [customers]
how: [status-page]
""",
}

CODEOWNERS = """\
# Compliance owns the plan; communications have their own team.
/plan/ @acme/compliance
/plan/communications/ @acme/comms
/plan/templates/
"""


@pytest.fixture
def evidence_repo(git_repo: Path) -> RepoBuilder:
    builder = RepoBuilder(git_repo)
    builder.commit("Add the plan\n\nReviewed-by: Carol Approver <carol@example.com>", PLAN)
    builder.commit("Record an incident and a change\n\nReviewed-by: Carol Approver <carol@example.com>", {**EVENTS, **RECORDS})
    return builder


def build(cli, builder: RepoBuilder, out: Path, *args: str) -> str:
    result = cli("audit-pack", builder.repo / "plan", "--out", out, *args)
    assert result.exit_code == 0, result.output
    return (out / "index.md").read_text(encoding="utf-8")


def test_samples_show_complete_chains(cli, evidence_repo, tmp_path):
    markdown = build(cli, evidence_repo, tmp_path / "pack")

    assert "### Sample: major incident chain" in markdown
    assert "Event `INC-1` (Outage, `outage`): Mail platform: queue stalled. Findings in this chain: 0." in markdown
    assert "| Declared | 2025-12-10T10:00:00+00:00 |" in markdown
    assert "| Resolved | 2025-12-10T12:00:00+00:00 |" in markdown
    assert "#### Outage notice (`outage-notice`): on time" in markdown
    assert "| Approver | Approver \\(approver\\) |" in markdown
    assert "| Evidence location | Mail log |" in markdown
    assert (
        "| 2025-12-10T10:20:00+00:00 | a.lead | customers | email | c.approver at 2025-12-10T10:15:00+00:00 "
        "| Mail log 4711 | plan/records/2025/2025-12-10T102000Z-outage-notice-INC-1.yaml |"
    ) in markdown
    assert "### Sample: change chain" in markdown
    assert "Event `CHG-1` (Change approved, `change`): Database upgrade." in markdown
    assert "| Implemented | 2025-12-05T20:00:00+00:00 |" in markdown
    assert "d.deputy at 2025-12-02T16:00:00+00:00 | Change record CHG-1, notes |" in markdown


def test_samples_rendered_in_html(cli, evidence_repo, tmp_path):
    build(cli, evidence_repo, tmp_path / "pack")
    html = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")

    assert "<h3>Sample: major incident chain</h3>" in html
    assert "<h3>Sample: change chain</h3>" in html
    assert "<td>c.approver at 2025-12-10T10:15:00+00:00</td><td>Mail log 4711</td>" in html
    assert "<dt>Owner</dt><dd>Service lead (lead)</dd>" in html
    assert "<script" not in html.lower()


def test_golden_implementation_section(cli, evidence_repo, tmp_path):
    evidence_repo.commit("Record a late incident notice", LATE_INCIDENT)
    produced = build(cli, evidence_repo, tmp_path / "pack")
    section = produced[produced.index("## Implementation") : produced.index("## Templates")]

    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(section, encoding="utf-8")
    assert section == GOLDEN.read_text(encoding="utf-8")


def test_broken_chain_gives_reason(cli, evidence_repo, tmp_path):
    evidence_repo.commit("Remove the incident notice", {next(iter(RECORDS)): None})

    markdown = build(cli, evidence_repo, tmp_path / "pack")

    assert (
        "No sample: no complete major incident chain in the period: INC-1 has no record of outage-notice." in markdown
    )
    assert "| missing | outage-notice | INC-1 | 2025-12-10T10:30:00+00:00 |" in markdown
    assert "Event `CHG-1`" in markdown


def test_issues_list_delay_and_deviation(cli, evidence_repo, tmp_path):
    evidence_repo.commit("Record a late incident notice", LATE_INCIDENT)

    markdown = build(cli, evidence_repo, tmp_path / "pack")

    assert "| late | outage-notice | INC-2 | 2025-12-20T08:30:00+00:00 | 40m |" in markdown
    assert "| unapproved | outage-notice | INC-2 |" in markdown
    assert "| channel | outage-notice | INC-2 |" in markdown
    assert "| outage-notice | 2 | 1 | 1 | 0 | 1 | 1 | 0 | 50% |" in markdown
    assert "Event `INC-2`" in markdown  # complete, though late: the sample shows its findings


def test_period_options_limit_check(cli, evidence_repo, tmp_path):
    markdown = build(cli, evidence_repo, tmp_path / "pack", "--since", "2025-12-08", "--until", "2025-12-31")

    assert "Records checked from 2025-12-08T00:00:00+00:00 to 2025-12-31T00:00:00+00:00, as of the commit date" in markdown
    assert "Event `INC-1`" in markdown
    assert (
        "No sample: no change or maintenance event with required communications was declared in the period." in markdown
    )


def test_default_period_ends_at_commit_date(cli, evidence_repo, tmp_path):
    markdown = build(cli, evidence_repo, tmp_path / "pack")

    assert (
        "Records checked from 2025-10-03T02:00:00+00:00 to 2026-01-01T02:00:00+00:00 (the 90 days before the commit date), "
        "as of the commit date 2026-01-01T02:00:00+00:00." in markdown
    )


def test_empty_period_says_not_checked(cli, evidence_repo, tmp_path):
    markdown = build(cli, evidence_repo, tmp_path / "pack", "--since", "2026-06-01")

    assert "Not checked: the period from 2026-06-01T00:00:00+00:00 to 2026-01-01T03:00:00+01:00 is empty" in markdown


def test_implementation_csv_in_manifest(cli, evidence_repo, tmp_path):
    evidence_repo.commit("Record a late incident notice", LATE_INCIDENT)
    build(cli, evidence_repo, tmp_path / "pack")

    manifest = json.loads((tmp_path / "pack" / "manifest.json").read_text(encoding="utf-8"))
    assert "implementation.csv" in [entry["path"] for entry in manifest["files"]]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "pack" / "implementation.csv").read_text(encoding="utf-8"))))
    late = [row for row in rows if row["Issue"] == "late"]
    assert len(late) == 1
    assert late[0]["Delay"] == "40m"
    assert late[0]["Delay (seconds)"] == "2400"
    assert late[0]["Record"] == "plan/records/2025/2025-12-20T091000Z-outage-notice-INC-2.yaml"
    on_time = [row for row in rows if row["Event"] == "CHG-1"]
    assert on_time[0]["Status"] == "on time"
    assert on_time[0]["Issue"] == ""


def test_implementation_csv_neutralises_formulas():
    obligation = {
        "communication": "outage-notice",
        "trigger": "event",
        "event": "INC-1",
        "event_type": "outage",
        "period": None,
        "occurrence": None,
        "due_at": None,
        "status": "late",
        "records": [],
        "issues": [{"kind": "late", "message": "=HYPERLINK(\"x\")", "record": "@record", "delay_seconds": 60}],
    }

    text = implementation_csv({"obligations": [obligation]})

    assert "'=HYPERLINK" in text
    assert "'@record" in text


def test_two_runs_identical_with_evidence(cli, evidence_repo, tmp_path):
    evidence_repo.commit("Record a late incident notice", LATE_INCIDENT)
    build(cli, evidence_repo, tmp_path / "first")
    build(cli, evidence_repo, tmp_path / "second")

    assert tree_bytes(tmp_path / "first") == tree_bytes(tmp_path / "second")
    verified = cli("verify-pack", tmp_path / "first")
    assert verified.exit_code == 0, verified.output
    assert "all 6 files listed in manifest.json match it" in verified.stdout


def test_invalid_plan_not_checked(git_repo, cli, tmp_path):
    RepoBuilder(git_repo).commit("Add a broken plan", {**PLAN, **EVENTS, "plan/plan.yaml": "name: [unclosed\n"})

    result = cli("audit-pack", git_repo / "plan", "--out", tmp_path / "pack")

    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "pack" / "index.md").read_text(encoding="utf-8")
    assert "Not checked: plan.yaml could not be read at this revision, so no record can be checked." in markdown


def test_code_owners_listed_from_revision(cli, evidence_repo, tmp_path):
    evidence_repo.commit("Add code owners", {".github/CODEOWNERS": CODEOWNERS})

    markdown = build(cli, evidence_repo, tmp_path / "pack")

    assert "Owners from `.github/CODEOWNERS` at this revision." in markdown
    assert "| plan/plan.yaml | plan | @acme/compliance |" in markdown
    assert "| plan/channels.yaml | channels | @acme/compliance |" in markdown
    assert "| plan/distribution-lists.yaml | distribution lists | @acme/compliance |" in markdown
    assert "| plan/communications/change-notice.yaml | communication | @acme/comms |" in markdown
    assert "| plan/communications/outage-notice.yaml | communication | @acme/comms |" in markdown
    assert "| plan/templates/outage-notice.md.j2 | template | no code owner |" in markdown
    assert "plan/events/" not in markdown[markdown.index("## Code owners") :]


def test_code_owners_ignore_working_tree(cli, evidence_repo, tmp_path):
    evidence_repo.commit("Add code owners", {".github/CODEOWNERS": CODEOWNERS})
    build(cli, evidence_repo, tmp_path / "before")

    (evidence_repo.repo / ".github" / "CODEOWNERS").write_text("* @someone-else\n", encoding="utf-8")
    (evidence_repo.repo / "CODEOWNERS").write_text("* @another\n", encoding="utf-8")
    build(cli, evidence_repo, tmp_path / "after")

    assert tree_bytes(tmp_path / "before") == tree_bytes(tmp_path / "after")


def test_code_owners_at_older_revision(cli, evidence_repo, tmp_path):
    older = evidence_repo.head()
    evidence_repo.commit("Add code owners", {"CODEOWNERS": CODEOWNERS})

    markdown = build(cli, evidence_repo, tmp_path / "pack", "--rev", older)

    assert "The repository has no CODEOWNERS file at this revision" in markdown
    assert "`.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`" in markdown


def test_html_escapes_evidence_values(cli, evidence_repo, tmp_path):
    event = EVENTS["plan/events/INC-1.yaml"].replace("Mail platform: queue stalled", "<img src=x onerror=alert(1)> & co")
    evidence_repo.commit("Retitle the incident", {"plan/events/INC-1.yaml": event})

    markdown = build(cli, evidence_repo, tmp_path / "pack")
    html = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")

    assert "&lt;img src=x onerror=alert(1)&gt; &amp; co" in html
    assert "<img" not in html
    assert r"\<img src=x onerror=alert\(1\)\> \& co" in markdown


def test_sample_without_approver_role(cli, evidence_repo, tmp_path):
    record = next(path for path in RECORDS if "change-notice" in path)
    evidence_repo.commit(
        "Let the lead send change notices alone",
        {
            "plan/communications/change-notice.yaml": PLAN["plan/communications/change-notice.yaml"].replace(
                "approver: approver\n", ""
            ),
            record: RECORDS[record].replace("approved_by: d.deputy\n", "").replace("approved_at: 2025-12-02T16:00:00Z\n", ""),
        },
    )

    markdown = build(cli, evidence_repo, tmp_path / "pack")

    assert "| Approver | no approver |" in markdown
    assert "| email | no approval required | Change record CHG-1, notes |" in markdown
    assert "| email | not approved |" not in markdown
