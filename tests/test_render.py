"""End-to-end tests of 'commsctl render' on real plan files."""

from __future__ import annotations

import json
import os
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE_PLAN
from commsctl.validate import validate_directory

FORMATS = ("markdown", "text", "html", "eml")
EXAMPLE_IDS = sorted(path.stem for path in (EXAMPLE_PLAN / "communications").glob("*.yaml"))

# Values for the starter plan's major-incident-update (what: service, impact, next_update).
INCIDENT_VALUES = ("--set", "service=Hosting", "--set", "impact=Sites are down", "--set", "next_update=11:00 UTC")


def render(cli, plan: Path, *args: str | Path):
    return cli("render", *args, "--plan", plan)


def parse_eml(text: str):
    return BytesParser(policy=policy.default).parsebytes(text.encode("utf-8"))


def write_template(plan: Path, name: str, text: str) -> None:
    (plan / "templates" / name).write_text(text, encoding="utf-8")


def example_expectations() -> dict[str, dict]:
    loaded = validate_directory(EXAMPLE_PLAN).loaded
    audiences = loaded.by_id("audiences")
    lists = loaded.by_id("distribution_lists")
    expected = {}
    for communication in loaded.communications:
        addresses = []
        for audience_id in communication.with_whom:
            distribution_list = lists.get(audiences[audience_id].distribution_list)
            if distribution_list is not None and distribution_list.address not in addresses:
                addresses.append(distribution_list.address)
        template = (EXAMPLE_PLAN / communication.template).read_text(encoding="utf-8")
        expected[communication.id] = {
            "name": communication.name,
            "addresses": addresses,
            "has_html": "{% block html %}" in template,
        }
    return expected


EXPECTED = example_expectations()


def test_every_example_communication_has_sample_data():
    samples = sorted(path.stem for path in (EXAMPLE_PLAN / "samples").glob("*.yaml"))
    assert samples == EXAMPLE_IDS


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("communication_id", EXAMPLE_IDS)
def test_example_renders_from_sample(cli, communication_id, output_format):
    sample = EXAMPLE_PLAN / "samples" / f"{communication_id}.yaml"
    result = render(cli, EXAMPLE_PLAN, communication_id, "--data", sample, "--format", output_format)

    assert result.exit_code == 0, result.stderr
    expected = EXPECTED[communication_id]
    if output_format == "eml":
        message = parse_eml(result.stdout)
        assert message["X-Commsctl-Communication"] == communication_id
        assert [address.addr_spec for address in message["To"].addresses] == expected["addresses"]
        assert message["Subject"]
        assert "\n" not in message["Subject"]
        content_type = "multipart/alternative" if expected["has_html"] else "text/plain"
        assert message.get_content_type() == content_type
        assert message.get_body(("plain",)).get_content().strip()
        if expected["has_html"]:
            assert message.get_body(("html",)).get_content_type() == "text/html"
    else:
        assert expected["name"] in result.stdout
        assert "{{" not in result.stdout
    if output_format == "html":
        assert result.stdout.startswith("<!DOCTYPE html>")
        assert 'src="http' not in result.stdout
        assert "<script" not in result.stdout


def test_markdown_header_names_audience_and_approver(cli):
    sample = EXAMPLE_PLAN / "samples" / "major-incident-customer-update.yaml"
    result = render(cli, EXAMPLE_PLAN, "major-incident-customer-update", "--data", sample)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# [Identified] Service disruption: Managed Hosting (Amsterdam)\n")
    assert "**DRAFT, requires approval by Major Incident Manager**" in result.stdout
    assert "Affected customers via Customer incident contacts <incident-contacts@lists.example.com>" in result.stdout
    assert "Public status page, Customer mass email" in result.stdout
    assert "Customer Communications Lead (s.bakker)" in result.stdout
    assert "Reference: INC-2026-1187" in result.stdout


def test_text_header_without_approver(cli):
    sample = EXAMPLE_PLAN / "samples" / "major-incident-on-call-page.yaml"
    result = render(cli, EXAMPLE_PLAN, "major-incident-on-call-page", "--data", sample, "--format", "text")

    assert result.exit_code == 0, result.stderr
    assert "Status:        DRAFT\n" in result.stdout
    assert "requires approval" not in result.stdout
    assert "Audience:      On-call engineers via On-call rota <oncall@example.com>" in result.stdout


def test_eml_headers_and_parts(cli, starter_plan):
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--format", "eml")

    assert result.exit_code == 0, result.stderr
    message = parse_eml(result.stdout)
    assert str(message["To"]) == "Customer operational contacts <customer-contacts@example.com>"
    assert message["Subject"] == "Major incident: Hosting"
    assert message["X-Commsctl-Status"] == "DRAFT, requires approval by Service desk lead"
    assert message["X-Unsent"] == "1"
    assert message.get_content_type() == "text/plain"
    assert "Impact: Sites are down" in message.get_content()


def test_eml_without_addresses_has_no_to(cli, starter_plan):
    audiences = starter_plan / "audiences.yaml"
    audiences.write_text(audiences.read_text().replace("    distribution_list: customer-contacts\n", ""))
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--format", "eml")

    assert result.exit_code == 0, result.stderr
    message = parse_eml(result.stdout)
    assert message["To"] is None
    assert message["X-Commsctl-Audience"] == "Customers (no distribution list)"


# --- values ------------------------------------------------------------------


def test_missing_elements_listed_in_one_message(cli, starter_plan):
    result = render(cli, starter_plan, "major-incident-update", "--set", "service=Hosting")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("error:") == 1
    assert "2 required content elements have no value" in result.stderr
    assert "impact       What customers experience" in result.stderr
    assert "next_update  Time of the next update" in result.stderr
    assert "--set ID=VALUE" in result.stderr
    assert "--data FILE" in result.stderr


def test_blank_value_counts_as_missing(cli, starter_plan):
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--set", "impact=  ")

    assert result.exit_code == 2
    assert "impact" in result.stderr
    assert "1 required content element has no value" in result.stderr


def test_set_overrides_data_file(cli, starter_plan, tmp_path):
    data = tmp_path / "values.yaml"
    data.write_text("service: From file\nimpact: Slow\nnext_update: '12:00'\n")
    result = render(cli, starter_plan, "major-incident-update", "--data", data, "--set", "service=From option")

    assert result.exit_code == 0, result.stderr
    assert "# Major incident: From option" in result.stdout
    assert "Next update: 12:00" in result.stdout


def test_json_data_keeps_types(cli, starter_plan, tmp_path):
    write_template(
        starter_plan,
        "monthly-service-report.md.j2",
        "{% block subject %}Report {{ period }}{% endblock %}\n"
        "{% block body %}{{ availability * 100 }} {{ data.incidents | length }}{% endblock %}\n",
    )
    data = tmp_path / "values.json"
    data.write_text(json.dumps({"period": "November", "availability": 0.5, "incidents": ["a", "b", "c"]}))
    result = render(cli, starter_plan, "monthly-service-report", "--data", data, "--format", "text")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("\n50.0 3\n")


def test_event_id_from_set(cli, starter_plan):
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        "{% block body %}{{ impact }} {{ next_update }} ref={{ event_id }}{% endblock %}\n",
    )
    with_event = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--set", "event_id=INC-7")
    without_event = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert "ref=INC-7" in with_event.stdout
    assert "ref=None" in without_event.stdout


def test_set_without_equals_is_usage_error(cli, starter_plan):
    result = render(cli, starter_plan, "major-incident-update", "--set", "service")

    assert result.exit_code == 2
    assert "invalid --set 'service': write it as --set key=value" in result.stderr


def test_data_yaml_error_names_line(cli, starter_plan, tmp_path):
    data = tmp_path / "values.yaml"
    data.write_text("service: Hosting\nimpact: [unclosed\nnext_update: soon\n")
    result = render(cli, starter_plan, "major-incident-update", "--data", data)

    assert result.exit_code == 2
    assert f"{data}:3:" in result.stderr


def test_data_json_error_names_line(cli, starter_plan, tmp_path):
    data = tmp_path / "values.json"
    data.write_text('{\n  "service": "Hosting",\n  "impact": \n}\n')
    result = render(cli, starter_plan, "major-incident-update", "--data", data)

    assert result.exit_code == 2
    assert f"{data}:4: invalid JSON" in result.stderr


def test_data_file_must_be_mapping(cli, starter_plan, tmp_path):
    data = tmp_path / "values.yaml"
    data.write_text("- service\n")
    result = render(cli, starter_plan, "major-incident-update", "--data", data)

    assert result.exit_code == 2
    assert "must contain a mapping" in result.stderr


def test_missing_data_file(cli, starter_plan, tmp_path):
    result = render(cli, starter_plan, "major-incident-update", "--data", tmp_path / "none.yaml")

    assert result.exit_code == 2
    assert "not found" in result.stderr


def test_unknown_communication_suggests_id(cli, starter_plan):
    result = render(cli, starter_plan, "major-incident-updat")

    assert result.exit_code == 2
    assert "unknown communication 'major-incident-updat': did you mean 'major-incident-update'?" in result.stderr


# --- security ----------------------------------------------------------------


def test_template_in_value_is_literal(cli, starter_plan):
    result = render(
        cli,
        starter_plan,
        "major-incident-update",
        "--set",
        "service={{ 7*7 }}",
        "--set",
        "impact={{ ''.__class__ }}",
        "--set",
        "next_update={% if true %}x{% endif %}",
    )

    assert result.exit_code == 0, result.stderr
    assert "# Major incident: {{ 7*7 }}" in result.stdout
    assert "Impact: {{ ''.__class__ }}" in result.stdout
    assert "Next update: {% if true %}x{% endif %}" in result.stdout
    assert "49" not in result.stdout


def test_sandbox_rejects_class_access(cli, starter_plan):
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        "{% block body %}\n{{ impact }} {{ next_update }}\n{{ ''.__class__.__mro__ }}\n{% endblock %}\n",
    )
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert "templates/major-incident-update.md.j2:4: rejected by the template sandbox" in result.stderr
    assert "__class__" in result.stderr
    assert "object" not in result.stdout


def test_runaway_loops_stop_at_block_limit(cli, starter_plan):
    # 100,000 x 100,000 characters: 10^10, far more than fits in memory.
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        "{% block body %}{{ impact }} {{ next_update }}\n"
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}{% endblock %}\n",
    )
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert "the 'body' block outputs more than 1048576 characters" in result.stderr


@pytest.mark.parametrize("expression", ["'x' * 10 ** 10", "10 ** 10 * 'x'", "[1] * 10 ** 10", "2 ** 100000000"])
def test_sandbox_limits_repetition(cli, starter_plan, expression):
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        f"{{% block body %}}{{{{ impact }}}} {{{{ next_update }}}}\n{{{{ ({expression}) | length }}}}{{% endblock %}}\n",
    )
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert result.exit_code == 1
    assert "rejected by the template sandbox" in result.stderr


def test_context_holds_no_models(cli, starter_plan):
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        "{% block body %}{{ impact }} {{ next_update }} {{ communication.model_fields }}{% endblock %}\n",
    )
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert result.exit_code == 1
    assert "templates/major-incident-update.md.j2:2: undefined value: 'dict object' has no attribute 'model_fields'" in result.stderr


def test_sandbox_blocks_context_mutation(cli, starter_plan):
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        "{% block body %}{{ impact }} {{ next_update }} {{ data.clear() }}{% endblock %}\n",
    )
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert result.exit_code == 1
    assert "rejected by the template sandbox" in result.stderr


def test_html_escapes_values(cli, starter_plan):
    script = "<script>alert(1)</script>"
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        "{% block body %}{{ impact }} {{ next_update }}{% endblock %}\n"
        "{% block html %}<p>{{ impact }}</p><p>{{ next_update }}</p>{% endblock %}\n",
    )
    values = ("--set", f"service={script}", "--set", f"impact={script}", "--set", "next_update=soon")

    page = render(cli, starter_plan, "major-incident-update", *values, "--format", "html")
    eml = render(cli, starter_plan, "major-incident-update", *values, "--format", "eml")
    markdown = render(cli, starter_plan, "major-incident-update", *values)

    assert page.exit_code == 0, page.stderr
    assert "<script" not in page.stdout
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in page.stdout
    assert "<title>&lt;script&gt;" in page.stdout
    html_part = parse_eml(eml.stdout).get_body(("html",)).get_content()
    assert "<script" not in html_part
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_part
    assert f"{script} soon" in parse_eml(eml.stdout).get_body(("plain",)).get_content()
    assert f"# {script}" in markdown.stdout


def test_html_without_html_block_escapes_body(cli, starter_plan):
    values = ("--set", "service=A & B", "--set", "impact=<b>down</b>", "--set", "next_update=soon")
    result = render(cli, starter_plan, "major-incident-update", *values, "--format", "html")

    assert result.exit_code == 0, result.stderr
    assert "Impact: &lt;b&gt;down&lt;/b&gt;" in result.stdout
    assert '<pre class="body">' in result.stdout
    assert "Major incident: A &amp; B" in result.stdout
    assert "default-src 'none'" in result.stdout


def test_template_syntax_error_names_line(cli, starter_plan):
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n{% block body %}\n{{ impact }}\n{% if %}\n{% endblock %}\n",
    )
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert result.exit_code == 1
    assert "cannot render 'major-incident-update'" in result.stderr
    assert "templates/major-incident-update.md.j2:4:1: error template-syntax" in result.stderr


def test_undefined_value_names_line(cli, starter_plan):
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        "{% block body %}\n{{ impact }} {{ next_update }}\n\n{{ data.ticket }}\n{% endblock %}\n",
    )
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert result.exit_code == 1
    assert "templates/major-incident-update.md.j2:5: undefined value: 'dict object' has no attribute 'ticket'" in result.stderr


def test_template_path_leaving_plan_rejected(cli, starter_plan):
    (starter_plan.parent / "secret.md.j2").write_text("{% block subject %}SECRET{% endblock %}{% block body %}SECRET{% endblock %}")
    communication = starter_plan / "communications" / "major-incident-update.yaml"
    communication.write_text(
        communication.read_text().replace("templates/major-incident-update.md.j2", "../secret.md.j2")
    )
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert result.exit_code == 1
    assert "SECRET" not in result.stdout
    assert "template-outside-plan" in result.stderr


def test_include_leaving_plan_rejected(cli, starter_plan):
    (starter_plan.parent / "secret.txt").write_text("SECRET")
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        "{% block body %}{{ impact }} {{ next_update }}\n{% include data.footer %}{% endblock %}\n",
    )
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--set", "footer=../secret.txt")

    assert result.exit_code == 1
    assert "SECRET" not in result.stdout
    assert "templates/major-incident-update.md.j2:3: path '../secret.txt' leaves the plan directory" in result.stderr


def test_include_outside_templates_rejected(cli, starter_plan):
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        "{% block body %}{{ impact }} {{ next_update }}\n{% include data.footer %}{% endblock %}\n",
    )
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--set", "footer=roles.yaml")

    assert result.exit_code == 1
    assert "sms-manager" not in result.stdout
    assert "template 'roles.yaml' is not under templates/" in result.stderr


def test_symlinked_template_leaving_plan_rejected(cli, starter_plan):
    secret = starter_plan.parent / "secret.md.j2"
    secret.write_text("{% block subject %}SECRET{% endblock %}{% block body %}SECRET{% endblock %}")
    template = starter_plan / "templates" / "major-incident-update.md.j2"
    template.unlink()
    template.symlink_to(secret)
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert result.exit_code == 1
    assert "SECRET" not in result.stdout
    assert "template-outside-plan" in result.stderr


def test_symlinked_include_leaving_plan_rejected(cli, starter_plan):
    secret = starter_plan.parent / "secret.txt"
    secret.write_text("SECRET")
    (starter_plan / "templates" / "footer.md.j2").symlink_to(secret)
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        "{% block body %}{{ impact }} {{ next_update }}\n{% include data.footer %}{% endblock %}\n",
    )
    result = render(
        cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--set", "footer=templates/footer.md.j2"
    )

    assert result.exit_code == 1
    assert "SECRET" not in result.stdout
    assert "resolves outside the plan directory through a symbolic link" in result.stderr


def test_include_inside_templates_works(cli, starter_plan):
    write_template(starter_plan, "footer.md.j2", "-- {{ owner.title }}")
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        '{% block body %}{{ impact }} {{ next_update }}\n{% include "templates/footer.md.j2" %}{% endblock %}\n',
    )
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--format", "text")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("Sites are down 11:00 UTC\n-- Incident manager\n")


# --- draft checks and output ---------------------------------------------------


def test_channel_body_limit_exceeded(cli, tmp_path):
    sample = EXAMPLE_PLAN / "samples" / "major-incident-on-call-page.yaml"
    out = tmp_path / "page.txt"
    result = cli(
        "render", "major-incident-on-call-page", "--plan", EXAMPLE_PLAN, "--data", sample,
        "--set", "symptom=" + "x" * 100, "--out", out,
    )

    assert result.exit_code == 1
    assert "exceeds its channel limits" in result.stderr
    assert "channel 'on-call-sms' allows 160" in result.stderr
    assert "body is 2" in result.stderr
    assert not out.exists()


def test_channel_subject_limit_exceeded(cli, starter_plan):
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--set", "service=" + "s" * 80)

    assert result.exit_code == 1
    assert "subject is 96 characters, channel 'email' allows 78" in result.stderr
    assert result.stdout == ""


def test_subject_line_break_rejected(cli, starter_plan):
    for output_format in ("eml", "markdown"):
        result = render(
            cli, starter_plan, "major-incident-update", *INCIDENT_VALUES,
            "--set", "service=Hosting\r\nBcc: attacker@example.net", "--format", output_format,
        )

        assert result.exit_code == 1
        assert "contains a line break" in result.stderr
        assert "Bcc" not in result.stdout


@pytest.mark.parametrize(
    "value",
    [
        "Web =?utf-8?q?=0D=0ABcc:_attacker@example.net?=",
        "Web =?utf-8?b?DQpCY2M6IGF0dGFja2VyQGV4YW1wbGUubmV0?=",
        "Web\x1bBcc",
        "Web\x85Bcc",
    ],
)
def test_eml_rejects_encoded_word_in_subject(cli, starter_plan, value):
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--set", f"service={value}", "--format", "eml")

    assert result.exit_code == 1
    assert "Bcc" not in result.stdout
    assert result.stdout == ""
    assert "Subject header" in result.stderr or "line break" in result.stderr


def test_eml_rejects_encoded_word_in_list_name(cli, starter_plan):
    lists = starter_plan / "distribution-lists.yaml"
    text = lists.read_text(encoding="utf-8")
    assert "name: Customer operational contacts" in text
    lists.write_text(text.replace("name: Customer operational contacts", "name: 'Ops =?utf-8?q?=0D=0ABcc:_x@y?='"))
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--format", "eml")

    assert result.exit_code == 1
    assert "To header" in result.stderr
    assert "=?utf-8?q?" in result.stderr
    assert result.stdout == ""


def test_eml_round_trip_keeps_unicode_subject(cli, starter_plan):
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--set", "service=Hébergement – Zürich", "--format", "eml")

    assert result.exit_code == 0, result.stderr
    assert parse_eml(result.stdout)["Subject"] == "Major incident: Hébergement – Zürich"


@pytest.mark.parametrize("kind", ["directory", "fifo", "link-to-fifo"])
def test_out_never_replaces_non_regular_file(cli, starter_plan, tmp_path, kind):
    out = tmp_path / "out"
    if kind == "directory":
        out.mkdir()
    elif kind == "fifo":
        os.mkfifo(out)
    else:
        os.mkfifo(tmp_path / "fifo")
        out.symlink_to(tmp_path / "fifo")

    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--out", out, "--force")

    assert result.exit_code == 2
    assert "is not a regular file" in result.stderr
    assert out.is_dir() if kind == "directory" else out.is_fifo()


@pytest.mark.parametrize("target", ["plan.yaml", "templates/draft.md", "."])
def test_out_inside_plan_rejected(cli, starter_plan, target):
    out = starter_plan / target
    before = out.read_bytes() if out.is_file() else None

    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--out", out, "--force")

    assert result.exit_code == 2
    assert "write drafts elsewhere" in result.stderr or "not a regular file" in result.stderr
    if before is not None:
        assert out.read_bytes() == before
    assert not (starter_plan / "templates" / "draft.md").exists()


def test_out_never_overwrites_without_force(cli, starter_plan, tmp_path):
    out = tmp_path / "drafts" / "update.md"
    first = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--out", out)
    assert first.exit_code == 0, first.stderr
    assert out.read_text().startswith("# Major incident: Hosting")

    second = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--set", "service=Other", "--out", out)
    assert second.exit_code == 2
    assert "already exists" in second.stderr
    assert "--force" in second.stderr
    assert out.read_text().startswith("# Major incident: Hosting")

    forced = render(
        cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--set", "service=Other", "--out", out, "--force"
    )
    assert forced.exit_code == 0, forced.stderr
    assert out.read_text().startswith("# Major incident: Other")


def test_plan_error_in_used_role_blocks(cli, starter_plan):
    roles = starter_plan / "roles.yaml"
    roles.write_text(roles.read_text().replace("    members: [desk.lead]\n", "    members: []\n"))
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert result.exit_code == 1
    assert "1 error concerning it" in result.stderr
    assert "roles.yaml:12:" in result.stderr


def test_plan_error_elsewhere_does_not_block(cli, starter_plan):
    roles = starter_plan / "roles.yaml"
    roles.write_text(roles.read_text().replace("    members: [change.lead]\n", "    members: []\n"))
    assert cli("validate", starter_plan).exit_code == 1

    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert result.exit_code == 0, result.stderr


def test_invalid_communication_file_blocks(cli, starter_plan):
    communication = starter_plan / "communications" / "major-incident-update.yaml"
    communication.write_text(communication.read_text().replace("type: external", "type: public"))
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert result.exit_code == 1
    assert "communications/major-incident-update.yaml:3:" in result.stderr


def test_context_documented_variables(cli, starter_plan):
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        "{% block body %}{{ impact }} {{ next_update }}\n"
        "{{ communication.id }}|{{ communication.name }}|{{ communication.type }}|{{ plan.name }}\n"
        "{% for audience in audiences %}{{ audience.id }}|{{ audience.name }}|{{ audience.type }}|"
        "{{ audience.distribution_list.address }}{% endfor %}\n"
        "{% for channel in channels %}{{ channel.id }}:{{ channel.kind }} {% endfor %}\n"
        "{{ owner.title }}|{{ owner.members | join(',') }}|{{ approver.id }}|{{ data.service }}\n"
        "{% endblock %}\n",
    )
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--format", "text")

    assert result.exit_code == 0, result.stderr
    assert "major-incident-update|Major incident customer update|external|SMS communication plan\n" in result.stdout
    assert "customers|Customers|external|customer-contacts@example.com\n" in result.stdout
    assert "status-page:status-page email:email \n" in result.stdout
    assert "Incident manager|incident.lead|service-desk-lead|Hosting\n" in result.stdout


def test_error_in_included_template_blocks(cli, starter_plan):
    write_template(starter_plan, "footer.md.j2", "ok\n{% if %}\n")
    write_template(
        starter_plan,
        "major-incident-update.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n"
        '{% block body %}{{ impact }} {{ next_update }}\n{% include "templates/footer.md.j2" %}{% endblock %}\n',
    )
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES)

    assert result.exit_code == 1
    assert "templates/footer.md.j2:2:1: error template-syntax" in result.stderr


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(min_size=1).filter(lambda text: text.strip()))
def test_any_value_renders_literally(starter_plan, value):
    from commsctl.render.engine import render_blocks
    from commsctl.sources import DirectorySource

    context = {"service": "Hosting", "impact": value, "next_update": "soon", "owner": None}
    blocks = render_blocks(
        DirectorySource(starter_plan), "templates/major-incident-update.md.j2", context, with_html=False
    )

    assert f"Impact: {value}\n" in blocks.body


def test_out_unwritable_path(cli, starter_plan, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = render(cli, starter_plan, "major-incident-update", *INCIDENT_VALUES, "--out", blocker / "draft.md")

    assert result.exit_code == 2
    assert f"cannot write {blocker / 'draft.md'}: {blocker} is not a directory" in result.stderr
