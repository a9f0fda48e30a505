"""validate --format: SARIF, JUnit, GitHub annotations, text colours and exit codes."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from commsctl.findings import Finding, Severity
from commsctl.reporters import REPORTERS, Report, get_reporter
from commsctl.reporters.github import annotation, escape_data, escape_property
from commsctl.reporters.sarif import artifact_uri

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def faulty_plan(starter_plan: Path) -> Path:
    """The starter plan with one error (unknown audience) and one warning (unused channel)."""
    notice = starter_plan / "communications" / "maintenance-notice.yaml"
    notice.write_text(notice.read_text().replace("with_whom: [customers]", "with_whom: [customer]"))
    channels = starter_plan / "channels.yaml"
    channels.write_text(channels.read_text() + "  - id: fax\n    name: Fax\n    kind: other\n")
    return starter_plan


def test_reporter_table_names_every_format():
    assert sorted(REPORTERS) == ["github", "json", "junit", "sarif", "text"]
    for name in REPORTERS:
        assert callable(get_reporter(name))


# --- GitHub workflow commands ------------------------------------------------


def test_github_annotation_error_format():
    finding = Finding("plan/communications/a.yaml", 12, 3, Severity.ERROR, "unknown-audience", "unknown audience 'x'")
    assert annotation(finding) == (
        "::error file=plan/communications/a.yaml,line=12,col=3,title=unknown-audience::unknown audience 'x'"
    )


def test_github_annotation_warning_format():
    finding = Finding("plan/channels.yaml", 1, 1, Severity.WARNING, "unused-channel", "channel 'sms' is unused")
    assert annotation(finding) == "::warning file=plan/channels.yaml,line=1,col=1,title=unused-channel::channel 'sms' is unused"


def test_github_annotation_escapes_properties_and_message():
    finding = Finding("a:b,c%d.yaml", 2, 5, Severity.ERROR, "rule", "100% sure:\r\nsecond, line")
    assert annotation(finding) == (
        "::error file=a%3Ab%2Cc%25d.yaml,line=2,col=5,title=rule::100%25 sure:%0D%0Asecond, line"
    )


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("%", "%25", "%25"),
        ("\r", "%0D", "%0D"),
        ("\n", "%0A", "%0A"),
        (":", ":", "%3A"),
        (",", ",", "%2C"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_github_escaping_cases(raw, data, prop):
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_validate_github_format_end_to_end(cli, faulty_plan):
    result = cli("validate", "--format", "github", faulty_plan)
    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert any(line.startswith("::error file=") and "title=unknown-audience::" in line for line in lines)
    assert any(line.startswith("::warning file=") and "title=unused-channel::" in line for line in lines)
    pattern = re.compile(r"^::(error|warning) file=[^,:]+,line=\d+,col=\d+,title=[a-z-]+::.+$")
    assert all(pattern.match(line) for line in lines), lines


def test_github_actions_adds_annotations_to_text(cli, faulty_plan):
    result = cli("validate", faulty_plan, env={"GITHUB_ACTIONS": "true"})
    assert "::error file=" in result.stdout
    assert "error unknown-audience" in result.stdout
    assert "1 error, 1 warning" in result.stdout
    assert "\x1b[" not in result.stdout


def test_text_only_outside_github_actions(cli, faulty_plan):
    result = cli("validate", faulty_plan, env={"GITHUB_ACTIONS": ""})
    assert "::error" not in result.stdout
    assert "error unknown-audience" in result.stdout


def test_explicit_format_skips_extra_annotations(cli, faulty_plan):
    result = cli("validate", "--format", "json", faulty_plan, env={"GITHUB_ACTIONS": "true"})
    document = json.loads(result.stdout)
    assert document["summary"]["error"] == 1


# --- SARIF --------------------------------------------------------------------


def sarif_output(cli, plan: Path) -> dict:
    result = cli("validate", "--format", "sarif", plan)
    return json.loads(result.stdout)


def test_sarif_validates_against_official_schema(cli, faulty_plan):
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA} : the reference schema is not part of a clone, so the SARIF schema check is skipped")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    document = sarif_output(cli, faulty_plan)
    jsonschema.validate(document, schema, cls=jsonschema.Draft4Validator)


def test_sarif_clean_plan_validates(cli, starter_plan):
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA} : the reference schema is not part of a clone, so the SARIF schema check is skipped")
    import jsonschema

    document = sarif_output(cli, starter_plan)
    jsonschema.validate(document, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")), cls=jsonschema.Draft4Validator)
    assert document["runs"][0]["results"] == []


def test_sarif_rule_metadata_from_registry(cli, faulty_plan):
    from commsctl.rules import RULES

    driver = sarif_output(cli, faulty_plan)["runs"][0]["tool"]["driver"]
    rules = {entry["id"]: entry for entry in driver["rules"]}
    assert set(rules) == set(RULES)
    assert rules["unknown-audience"]["shortDescription"]["text"] == RULES["unknown-audience"].summary
    assert rules["unknown-audience"]["defaultConfiguration"]["level"] == "error"
    assert rules["unused-channel"]["defaultConfiguration"]["level"] == "warning"


def test_sarif_results_point_at_rule_and_location(cli, faulty_plan, monkeypatch):
    monkeypatch.chdir(faulty_plan.parent)
    document = sarif_output(cli, Path(faulty_plan.name))
    run = document["runs"][0]
    result = next(item for item in run["results"] if item["ruleId"] == "unknown-audience")
    location = result["locations"][0]["physicalLocation"]
    assert result["level"] == "error"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "unknown-audience"
    assert location["artifactLocation"]["uri"] == "plan/communications/maintenance-notice.yaml"
    lines = (faulty_plan / "communications" / "maintenance-notice.yaml").read_text().splitlines()
    assert location["region"] == {"startLine": lines.index("with_whom: [customer]") + 1, "startColumn": 13}


def test_sarif_absolute_uri_made_relative(tmp_path):
    target = tmp_path / "plans" / "my plan" / "plan.yaml"
    assert artifact_uri(str(target), cwd=tmp_path) == "plans/my%20plan/plan.yaml"


def test_sarif_uri_outside_cwd_is_file_uri(tmp_path):
    outside = tmp_path / "elsewhere" / "plan.yaml"
    uri = artifact_uri(str(outside), cwd=tmp_path / "repo")
    assert uri.startswith("file:///")


def test_sarif_uri_uses_forward_slashes():
    assert artifact_uri("plan/./communications/a.yaml") == "plan/communications/a.yaml"


# --- JUnit ----------------------------------------------------------------------


def test_junit_parses_with_one_testcase_per_file(cli, faulty_plan):
    result = cli("validate", "--format", "junit", faulty_plan)
    root = ElementTree.fromstring(result.stdout.encode("utf-8"))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    names = {case.get("name") for case in cases}

    assert root.tag == "testsuites"
    assert len(cases) == 9
    assert int(suite.get("tests")) == len(cases)
    assert f"{faulty_plan}/communications/maintenance-notice.yaml" in names
    assert f"{faulty_plan}/plan.yaml" in names


def test_junit_failure_per_finding(cli, faulty_plan):
    result = cli("validate", "--format", "junit", faulty_plan)
    root = ElementTree.fromstring(result.stdout.encode("utf-8"))
    failures = root.findall(".//failure")
    types = sorted(failure.get("type") for failure in failures)

    assert types == ["unknown-audience", "unused-channel"]
    assert root.find("testsuite").get("failures") == "2"
    assert all(failure.text and ":" in failure.text for failure in failures)


def test_junit_missing_file_is_a_testcase(cli, starter_plan):
    (starter_plan / "roles.yaml").unlink()
    result = cli("validate", "--format", "junit", starter_plan)
    root = ElementTree.fromstring(result.stdout.encode("utf-8"))
    case = next(case for case in root.iter("testcase") if case.get("name").endswith("roles.yaml"))
    assert case.find("failure").get("type") == "missing-file"


def test_junit_strips_characters_xml_cannot_hold():
    report = Report([Finding("a.yaml", 1, 1, Severity.ERROR, "invalid-value", "bad \x07 value")], ["a.yaml"])
    stream = io.StringIO()
    get_reporter("junit")(report, stream)
    root = ElementTree.fromstring(stream.getvalue().encode("utf-8"))
    assert "\ufffd" in root.find(".//failure").get("message")


# --- text, colours, --quiet, --fail-on ----------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_text_colours_on_a_terminal(monkeypatch, faulty_plan):
    from commsctl.validate import validate_directory

    monkeypatch.delenv("NO_COLOR", raising=False)
    result = validate_directory(faulty_plan)
    stream = Terminal()
    get_reporter("text")(Report(result.findings, result.files), stream)
    assert "\x1b[" in stream.getvalue()


def test_text_no_colour_with_no_color(monkeypatch, faulty_plan):
    from commsctl.validate import validate_directory

    monkeypatch.setenv("NO_COLOR", "1")
    result = validate_directory(faulty_plan)
    stream = Terminal()
    get_reporter("text")(Report(result.findings, result.files), stream)
    assert "\x1b[" not in stream.getvalue()
    assert "error unknown-audience" in stream.getvalue()


def test_text_no_colour_off_a_terminal(cli, faulty_plan):
    result = cli("validate", faulty_plan, env={"NO_COLOR": None, "FORCE_COLOR": "1"})
    assert "\x1b[" not in result.stdout


def test_machine_formats_never_styled_under_github_actions(cli, faulty_plan):
    for name in ("json", "sarif", "junit", "github"):
        result = cli("validate", "--format", name, faulty_plan, env={"GITHUB_ACTIONS": "true", "FORCE_COLOR": "1"})
        assert "\x1b[" not in result.stdout, name


def test_quiet_drops_summary(cli, faulty_plan):
    loud = cli("validate", faulty_plan)
    quiet = cli("validate", "--quiet", faulty_plan)
    assert "1 error, 1 warning" in loud.stdout
    assert "1 error, 1 warning" not in quiet.stdout
    assert "unknown-audience" in quiet.stdout


def test_quiet_clean_plan_prints_nothing(cli, starter_plan):
    result = cli("validate", "--quiet", starter_plan)
    assert result.exit_code == 0
    assert result.stdout == ""


def test_fail_on_warning_fails_on_warnings(cli, starter_plan):
    channels = starter_plan / "channels.yaml"
    channels.write_text(channels.read_text() + "  - id: fax\n    name: Fax\n    kind: other\n")
    default = cli("validate", starter_plan)
    strict = cli("validate", "--fail-on", "warning", starter_plan)
    assert "unused-channel" in default.stdout
    assert default.exit_code == 0
    assert strict.exit_code == 1


def test_fail_on_error_fails_on_errors(cli, faulty_plan):
    assert cli("validate", "--fail-on", "error", faulty_plan).exit_code == 1


def test_unknown_format_is_usage_error(cli, starter_plan):
    result = cli("validate", "--format", "xml", starter_plan)
    assert result.exit_code == 2


def test_summary_counts_files_read(cli, starter_plan):
    (starter_plan / "roles.yaml").unlink()
    result = cli("validate", starter_plan)
    assert "in 8 files." in result.stdout
