"""commsctl diff on real Git repositories, checked against golden files in tests/golden/diff/.

Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change,
then review them with 'git diff tests/golden'.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from commsctl.starter import write_starter_plan
from conftest import git

GOLDEN = Path(__file__).resolve().parent / "golden" / "diff"
FORMATS = {"markdown": "md", "text": "txt", "json": "json"}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD").strip()


def make_base(repo: Path) -> Path:
    """Commit the starter plan with an unused channel, which validate reports as a warning."""
    plan = repo / "plan"
    write_starter_plan(plan)
    with (plan / "channels.yaml").open("a") as handle:
        handle.write("  - id: fax\n    name: Fax\n    kind: other\n")
    commit(repo, "Add the plan")
    return plan


def change_everything(repo: Path, plan: Path) -> None:
    """Make one change of every kind that diff reports."""
    comms = plan / "communications"

    # A communication file moves (same id), and its timing and audience change.
    (comms / "incidents").mkdir()
    git(repo, "mv", "plan/communications/major-incident-update.yaml", "plan/communications/incidents/major-incident-update.yaml")
    moved = comms / "incidents" / "major-incident-update.yaml"
    edit(moved, "first_within: 30m", "first_within: 1h")
    edit(moved, "with_whom: [customers]", "with_whom: [customers, regulators]")
    edit(moved, "how: [status-page, email]", "how: [status-page]")

    # Attribute changes inside nested mappings and id lists.
    notice = comms / "maintenance-notice.yaml"
    edit(notice, "    description: Expected impact during the window\n", "    description: Expected impact | downtime\n")
    edit(notice, "  - id: impact\n", "  - id: contact\n    description: Whom to call\n  - id: impact\n")
    edit(notice, "  retention: 3 years", "  retention: 5 years")
    edit(notice, "  lead_time: 5d", "  lead_time: 7d")

    # A communication is removed with its template, so its event is no longer used.
    (comms / "emergency-change-notice.yaml").unlink()
    (plan / "templates" / "emergency-change-notice.md.j2").unlink()

    # A communication is added, with Markdown characters in its name.
    (comms / "regulator-notice.yaml").write_text(
        "id: regulator-notice\n"
        "name: Regulator *urgent* notice [beta]\n"
        "type: external\n"
        "trigger: {kind: event, event: major-incident-declared}\n"
        "what:\n  - id: summary\n    description: Summary\n"
        "when: {description: Within 4 hours., first_within: 4h}\n"
        "with_whom: [regulators]\n"
        "how: [email]\n"
        "owner: incident-manager\n"
        "approver: sms-manager\n"
        "evidence: {location: Regulator correspondence folder}\n"
        "template: templates/regulator-notice.md.j2\n"
    )
    (plan / "templates" / "regulator-notice.md.j2").write_text(
        "{% block subject %}Incident notice{% endblock %}\n{% block body %}\nDear regulator,\n\n{{ summary }}\n{% endblock %}\n"
    )

    # A template changes content, another is renamed without change.
    with (plan / "templates" / "maintenance-notice.md.j2").open("a") as handle:
        handle.write("\nContact: {{ contact }}\n")
    template_text = (plan / "templates" / "monthly-service-report.md.j2").read_text()
    (plan / "templates" / "monthly-service-report.md.j2").unlink()
    (plan / "templates" / "service-report.md.j2").write_text(template_text)
    edit(comms / "monthly-service-report.yaml", "templates/monthly-service-report.md.j2", "templates/service-report.md.j2")

    # Roles, audiences, channels, distribution lists.
    edit(plan / "roles.yaml", "    backups: [incident.deputy]", "    backups: [incident.deputy, incident.second]")
    with (plan / "roles.yaml").open("a") as handle:
        handle.write("  - id: compliance-officer\n    title: Compliance officer\n    members: [compliance.lead]\n"
                     "    backups: [compliance.deputy]\n")
    with (plan / "audiences.yaml").open("a") as handle:
        handle.write("  - id: regulators\n    name: Regulators\n    type: external\n    third_party: true\n"
                     "    distribution_list: regulator-contacts\n")
    edit(plan / "audiences.yaml", "    name: Service staff", "    name: Service staff and contractors")
    edit(plan / "channels.yaml", "    publishers: [incident-manager, service-desk-lead]", "    publishers: [incident-manager]")
    edit(plan / "channels.yaml", "  - id: fax\n    name: Fax\n    kind: other\n", "")
    with (plan / "distribution-lists.yaml").open("a") as handle:
        handle.write("  - id: regulator-contacts\n    name: Regulator contacts\n    owner: compliance-officer\n"
                     "    change_process: Reviewed quarterly by the compliance officer.\n")
    edit(plan / "distribution-lists.yaml", "    owner: service-desk-lead", "    owner: sms-manager")

    # Plan metadata, events and control points.
    plan_yaml = plan / "plan.yaml"
    edit(plan_yaml, "  cadence: annually", "  cadence: quarterly")
    edit(plan_yaml, "name: SMS communication plan", "name: SMS communication plan 2027")
    edit(plan_yaml, "  - id: emergency-change-approved\n    name: Emergency change approved\n",
         "  - id: emergency-change-approved\n    name: Emergency change approved by the ECAB\n")
    edit(plan_yaml, "events:\n", "events:\n  - id: regulator-request\n    name: Regulator request\n    category: governance\n")
    edit(plan_yaml, "    description: Every external message is approved before it is sent.",
         "    description: Every external message is approved before anyone sends it.")


@pytest.fixture
def history(git_repo: Path, monkeypatch) -> dict:
    plan = make_base(git_repo)
    base = git(git_repo, "rev-parse", "HEAD").strip()
    git(git_repo, "switch", "-q", "-c", "feature")
    change_everything(git_repo, plan)
    head = commit(git_repo, "Change the plan")
    monkeypatch.chdir(git_repo)
    return {"repo": git_repo, "plan": plan, "base": base, "head": head}


def normalise(text: str, history: dict) -> str:
    """Replace commit ids, which depend on the time of the test run, with placeholders."""
    for side in ("base", "head"):
        text = text.replace(history[side], f"<{side}>").replace(history[side][:12], f"<{side}>")
    return text


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual)
    assert path.is_file(), f"{path} is missing: run with UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text()


@pytest.mark.parametrize("output_format", FORMATS)
def test_diff_every_change_golden(cli, history, output_format):
    result = cli("diff", "--plan", "plan", "--format", output_format)
    assert result.exit_code == 0, result.output
    check_golden(f"every-change.{FORMATS[output_format]}", normalise(result.stdout, history))


@pytest.mark.parametrize("output_format", FORMATS)
def test_diff_rename_golden(cli, git_repo, monkeypatch, output_format):
    make_base(git_repo)
    base = git(git_repo, "rev-parse", "HEAD").strip()
    (git_repo / "plan" / "communications" / "external").mkdir()
    git(git_repo, "mv", "plan/communications/maintenance-notice.yaml", "plan/communications/external/maintenance-notice.yaml")
    head = commit(git_repo, "Move a communication")
    monkeypatch.chdir(git_repo)

    result = cli("diff", base, head, "--plan", "plan", "--format", output_format)
    check_golden(f"rename.{FORMATS[output_format]}", normalise(result.stdout, {"base": base, "head": head}))


def test_diff_json_structure(cli, history):
    document = json.loads(cli("diff", "--plan", "plan", "--format", "json").stdout)
    entries = {(entry["collection"], entry["id"]): entry for entry in document["entries"]}
    moved = entries[("communications", "major-incident-update")]
    changes = {change["path"]: change for change in moved["changes"]}

    assert moved["status"] == "changed"
    assert changes["file"]["old"] == "communications/major-incident-update.yaml"
    assert changes["file"]["new"] == "communications/incidents/major-incident-update.yaml"
    assert changes["when.first_within"]["old"] == "30m"
    assert changes["when.first_within"]["new"] == "1h"
    assert changes["with_whom"]["added"] == ["regulators"]
    assert changes["how"]["removed"] == ["email"]
    assert entries[("communications", "regulator-notice")]["status"] == "added"
    assert entries[("communications", "emergency-change-notice")]["status"] == "removed"
    assert ("communications", "incidents/major-incident-update") not in entries


def test_diff_findings_introduced_and_fixed(cli, history):
    document = json.loads(cli("diff", "--plan", "plan", "--format", "json").stdout)
    introduced = {(finding["rule"], finding["message"].split(":")[0]) for finding in document["introduced"]}
    fixed = [finding["rule"] for finding in document["fixed"]]
    assert ("unused-event", "event 'emergency-change-approved' triggers no communication") in introduced or any(
        rule == "unused-event" for rule, _ in introduced
    )
    assert fixed == ["unused-channel"]


def test_findings_moved_lines_not_reported(cli, git_repo, monkeypatch):
    plan = make_base(git_repo)
    base = git(git_repo, "rev-parse", "HEAD").strip()
    edit(plan / "channels.yaml", "channels:\n", "channels:\n  - id: pager\n    name: Pager\n    kind: other\n")
    head = commit(git_repo, "Add a second unused channel above the first")
    monkeypatch.chdir(git_repo)
    document = json.loads(cli("diff", base, head, "--plan", "plan", "--format", "json").stdout)
    assert [finding["message"] for finding in document["introduced"]] == [
        finding["message"] for finding in document["introduced"] if "pager" in finding["message"]
    ]
    assert len(document["introduced"]) == 1
    assert document["fixed"] == []


@pytest.fixture
def new_warning(git_repo: Path, monkeypatch) -> tuple[str, str]:
    """Base and head revisions where head adds a second unused channel: one new warning, no new error."""
    plan = make_base(git_repo)
    base = git(git_repo, "rev-parse", "HEAD").strip()
    edit(plan / "channels.yaml", "channels:\n", "channels:\n  - id: pager\n    name: Pager\n    kind: other\n")
    head = commit(git_repo, "Add an unused channel")
    monkeypatch.chdir(git_repo)
    return base, head


def test_new_warning_exits_zero_by_default(cli, new_warning):
    result = cli("diff", *new_warning, "--plan", "plan")

    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("threshold", "expected"), [("warning", 1), ("error", 0)])
def test_fail_on_new_warning(cli, new_warning, threshold, expected):
    result = cli("diff", *new_warning, "--plan", "plan", "--fail-on-new", threshold)

    assert result.exit_code == expected, result.output
    assert "unused-channel" in result.stdout  # the report is written before the exit


def test_fail_on_new_error(cli, git_repo, monkeypatch):
    plan = make_base(git_repo)
    base = git(git_repo, "rev-parse", "HEAD").strip()
    edit(plan / "communications" / "maintenance-notice.yaml", "owner: ", "owner: nobody-")
    head = commit(git_repo, "Give the maintenance notice an unknown owner")
    monkeypatch.chdir(git_repo)

    document = json.loads(cli("diff", base, head, "--plan", "plan", "--format", "json").stdout)
    result = cli("diff", base, head, "--plan", "plan", "--fail-on-new", "error")

    assert "error" in {finding["severity"] for finding in document["introduced"]}
    assert result.exit_code == 1, result.output


def test_fail_on_new_ignores_existing_findings(cli, git_repo, monkeypatch):
    make_base(git_repo)  # the unused fax channel is a warning at both revisions
    monkeypatch.chdir(git_repo)

    result = cli("diff", "HEAD", "HEAD", "--plan", "plan", "--fail-on-new", "warning")

    assert result.exit_code == 0, result.output


def test_default_base_is_merge_base_with_main(cli, history):
    git(history["repo"], "switch", "-q", "main")
    edit(history["plan"] / "plan.yaml", "timezone: UTC", "timezone: Europe/Berlin")
    commit(history["repo"], "Change the time zone on main")
    git(history["repo"], "switch", "-q", "feature")

    document = json.loads(cli("diff", "--plan", "plan", "--format", "json").stdout)
    assert document["base"] == {"label": "merge base of main", "commit": history["base"]}
    assert [change["path"] for change in document["plan"]] == ["name", "review.cadence"]


def test_default_base_master(cli, git_repo, monkeypatch):
    make_base(git_repo)
    git(git_repo, "branch", "-m", "main", "master")
    base = git(git_repo, "rev-parse", "HEAD").strip()
    git(git_repo, "switch", "-q", "-c", "topic")
    edit(git_repo / "plan" / "plan.yaml", "cadence: annually", "cadence: monthly")
    commit(git_repo, "Review monthly")
    monkeypatch.chdir(git_repo)
    document = json.loads(cli("diff", "--plan", "plan", "--format", "json").stdout)
    assert document["base"] == {"label": "merge base of master", "commit": base}


def test_default_base_follows_origin_head(cli, git_repo, monkeypatch):
    make_base(git_repo)
    base = git(git_repo, "rev-parse", "HEAD").strip()
    git(git_repo, "update-ref", "refs/remotes/origin/trunk", base)
    git(git_repo, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk")
    edit(git_repo / "plan" / "plan.yaml", "cadence: annually", "cadence: monthly")
    commit(git_repo, "Review monthly")
    monkeypatch.chdir(git_repo)
    document = json.loads(cli("diff", "--plan", "plan", "--format", "json").stdout)
    assert document["base"] == {"label": "merge base of origin/trunk", "commit": base}


def test_worktree_includes_uncommitted_changes(cli, history):
    edit(history["plan"] / "plan.yaml", "timezone: UTC", "timezone: Europe/Paris")
    committed = json.loads(cli("diff", "--plan", "plan", "--format", "json").stdout)
    working = json.loads(cli("diff", "--plan", "plan", "--worktree", "--format", "json").stdout)
    assert "timezone" not in [change["path"] for change in committed["plan"]]
    assert "timezone" in [change["path"] for change in working["plan"]]
    assert working["head"] == {"label": "working tree", "commit": None}


def test_plan_new_at_base_is_all_added(cli, git_repo, monkeypatch):
    (git_repo / "README.md").write_text("repository\n")
    base = commit(git_repo, "Start")
    make_base(git_repo)
    monkeypatch.chdir(git_repo)
    document = json.loads(cli("diff", base, "HEAD", "--plan", "plan", "--format", "json").stdout)
    assert {entry["status"] for entry in document["entries"]} == {"added"}
    assert document["summary"]["entries"]["communications"]["added"] == 4


def test_no_changes(cli, git_repo, monkeypatch):
    make_base(git_repo)
    monkeypatch.chdir(git_repo)
    result = cli("diff", "HEAD", "HEAD", "--plan", "plan")
    assert "**Summary:** no changes to the plan." in result.stdout


def run_commsctl(*args: str, cwd: Path):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "commsctl", *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_unknown_revision_is_usage_error(git_repo):
    make_base(git_repo)
    result = run_commsctl("diff", "no-such-branch", "--plan", "plan", cwd=git_repo)
    assert result.returncode == 2
    assert "unknown revision 'no-such-branch'" in result.stderr


def test_worktree_with_head_is_usage_error(git_repo):
    make_base(git_repo)
    result = run_commsctl("diff", "HEAD", "HEAD", "--worktree", "--plan", "plan", cwd=git_repo)
    assert result.returncode == 2
    assert "--worktree" in result.stderr


def test_missing_main_branch_is_usage_error(git_repo):
    make_base(git_repo)
    git(git_repo, "branch", "-m", "main", "trunk")
    result = run_commsctl("diff", "--plan", "plan", cwd=git_repo)
    assert result.returncode == 2
    assert "cannot find the main branch" in result.stderr


def test_outside_repository_is_usage_error(tmp_path):
    write_starter_plan(tmp_path / "plan")
    result = run_commsctl("diff", "--plan", "plan", cwd=tmp_path)
    assert result.returncode == 2
    assert "not inside a Git repository" in result.stderr


def test_markdown_escaping():
    from commsctl.reporters.diff import code, escape_markdown

    assert escape_markdown("a *b* _c_ [d](e) <f> | `g` #h ~i~ !j &k") == (
        r"a \*b\* \_c\_ \[d\]\(e\) \<f\> \| \`g\` \#h \~i\~ \!j \&k"
    )
    assert code("plain") == "`plain`"
    assert code("a`b") == "``a`b``"
    assert code("`x") == "`` `x ``"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ({"when": {"first_within": "30m"}}, {"when": {"first_within": "1h"}}, [("when.first_within", "30m", "1h", [], [])]),
        ({"how": ["email", "sms"]}, {"how": ["email"]}, [("how", None, None, [], ["sms"])]),
        ({"how": ["email", "sms"]}, {"how": ["sms", "email"]}, [("how", ["email", "sms"], ["sms", "email"], [], [])]),
        ({}, {"what": [{"id": "impact", "description": "x"}]}, [("what", None, None, ["impact"], [])]),
        ({"what": [{"id": "impact", "description": "x"}]}, {"what": []}, [("what", None, None, [], ["impact"])]),
        (
            {"what": [{"id": "impact", "description": "x"}]},
            {"what": [{"id": "impact", "description": "y"}]},
            [("what[impact].description", "x", "y", [], [])],
        ),
        ({"evidence": None}, {"evidence": {"location": "ticket"}}, [("evidence.location", None, "ticket", [], [])]),
        (
            {"trigger": {"kind": "event", "event": "a"}},
            {"trigger": {"kind": "scheduled", "schedule": "monthly"}},
            [
                ("trigger.kind", "event", "scheduled", [], []),
                ("trigger.event", "a", None, [], []),
                ("trigger.schedule", None, "monthly", [], []),
            ],
        ),
        ({"owner": "a"}, {"owner": ["a"]}, [("owner", "a", ["a"], [], [])]),
    ],
)
def test_compare_values_cases(old, new, expected):
    from commsctl.diff import compare_values

    changes = [(change.path, change.old, change.new, change.added, change.removed) for change in compare_values(old, new)]
    assert changes == expected
