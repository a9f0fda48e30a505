"""The template rules of 'commsctl validate', each with a plan that breaks it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLE_PLAN


def write_template(plan: Path, name: str, text: str) -> None:
    (plan / "templates" / name).write_text(text, encoding="utf-8")


def findings(cli, plan: Path, rule: str) -> list[dict]:
    result = cli("validate", plan, "--format", "json")
    return [finding for finding in json.loads(result.stdout)["findings"] if finding["rule"] == rule]


def test_example_plan_has_no_template_findings(cli):
    result = cli("validate", EXAMPLE_PLAN)

    assert result.exit_code == 0, result.stdout
    assert "No findings" in result.stdout


def test_template_syntax_points_at_line(cli, starter_plan):
    write_template(
        starter_plan,
        "maintenance-notice.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n{% block body %}\n{{ window }} {{ impact }}\n{% for x in %}\n{% endblock %}\n",
    )
    [finding] = findings(cli, starter_plan, "template-syntax")

    assert finding["path"] == f"{starter_plan}/templates/maintenance-notice.md.j2"
    assert finding["line"] == 4
    assert finding["severity"] == "error"
    assert finding["message"].startswith("invalid template: ")


def test_template_syntax_in_included_template(cli, starter_plan):
    write_template(starter_plan, "footer.md.j2", "ok\n\n{{ owner.title }\n")
    write_template(
        starter_plan,
        "maintenance-notice.md.j2",
        '{% block subject %}{{ service }}{% endblock %}\n{% block body %}{{ window }} {{ impact }}\n{% include "templates/footer.md.j2" %}{% endblock %}\n',
    )
    [finding] = findings(cli, starter_plan, "template-syntax")

    assert finding["path"] == f"{starter_plan}/templates/footer.md.j2"
    assert finding["line"] == 3


def test_template_syntax_missing_block(cli, starter_plan):
    write_template(starter_plan, "maintenance-notice.md.j2", "{% block body %}{{ service }} {{ window }} {{ impact }}{% endblock %}\n")
    [finding] = findings(cli, starter_plan, "template-syntax")

    assert finding["path"] == f"{starter_plan}/templates/maintenance-notice.md.j2"
    assert finding["line"] == 1
    assert "no 'subject' block" in finding["message"]


def test_template_syntax_not_utf8(cli, starter_plan):
    (starter_plan / "templates" / "maintenance-notice.md.j2").write_bytes(b"{% block subject %}\xff{% endblock %}")
    [finding] = findings(cli, starter_plan, "template-syntax")

    assert "is not UTF-8" in finding["message"]


def test_template_include_outside_templates(cli, starter_plan):
    write_template(
        starter_plan,
        "maintenance-notice.md.j2",
        '{% block subject %}{{ service }}{% endblock %}\n{% block body %}{{ window }} {{ impact }}\n\n{% include "roles.yaml" %}{% endblock %}\n',
    )
    [finding] = findings(cli, starter_plan, "template-include")

    assert finding["path"] == f"{starter_plan}/templates/maintenance-notice.md.j2"
    assert finding["line"] == 4
    assert "'roles.yaml' is not under templates/" in finding["message"]


def test_template_include_leaving_plan(cli, starter_plan):
    write_template(
        starter_plan,
        "maintenance-notice.md.j2",
        '{% block subject %}{{ service }}{% endblock %}\n{% block body %}{{ window }} {{ impact }}\n{% import "../../etc/passwd" as x %}{% endblock %}\n',
    )
    [finding] = findings(cli, starter_plan, "template-include")

    assert finding["line"] == 3
    assert "leaves the plan directory" in finding["message"]


def test_template_include_symlink_leaving_templates(cli, starter_plan):
    (starter_plan / "templates" / "footer.md.j2").symlink_to(starter_plan / "plan.yaml")
    write_template(
        starter_plan,
        "maintenance-notice.md.j2",
        '{% block subject %}{{ service }}{% endblock %}\n{% block body %}{{ window }} {{ impact }}\n{% include "templates/footer.md.j2" %}{% endblock %}\n',
    )
    [finding] = findings(cli, starter_plan, "template-include")

    assert finding["line"] == 3
    assert "resolves outside templates/ through a symbolic link" in finding["message"]


def test_template_include_missing(cli, starter_plan):
    write_template(
        starter_plan,
        "maintenance-notice.md.j2",
        '{% block subject %}{{ service }}{% endblock %}\n{% block body %}{{ window }} {{ impact }}{% include "templates/none.j2" %}{% endblock %}\n',
    )
    [finding] = findings(cli, starter_plan, "template-include")

    assert finding["line"] == 2
    assert "not found" in finding["message"]


def test_unused_element_points_at_what_item(cli, starter_plan):
    write_template(
        starter_plan,
        "maintenance-notice.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n{% block body %}{{ window }}{% endblock %}\n",
    )
    [finding] = findings(cli, starter_plan, "template-unused-element")

    assert finding["path"] == f"{starter_plan}/communications/maintenance-notice.yaml"
    assert finding["line"] == 12
    assert finding["severity"] == "warning"
    assert "'impact' is never used by templates/maintenance-notice.md.j2" in finding["message"]
    assert cli("validate", starter_plan).exit_code == 0


def test_unused_element_counts_data_and_includes(cli, starter_plan):
    write_template(starter_plan, "footer.md.j2", "{{ window }}")
    write_template(
        starter_plan,
        "maintenance-notice.md.j2",
        "{% block subject %}{{ data.service }}{% endblock %}\n"
        '{% block body %}{{ data["impact"] }}{% include "templates/footer.md.j2" %}{% endblock %}\n',
    )

    assert findings(cli, starter_plan, "template-unused-element") == []


def test_unknown_variable_points_at_line(cli, starter_plan):
    write_template(
        starter_plan,
        "maintenance-notice.md.j2",
        "{% block subject %}{{ service }}{% endblock %}\n{% block body %}{{ window }} {{ impact }}\n"
        "{% for item in range(2) %}{{ item }}{% endfor %}{{ owner.title }}\n{{ ticket }}{% endblock %}\n",
    )
    [finding] = findings(cli, starter_plan, "template-unknown-variable")

    assert finding["path"] == f"{starter_plan}/templates/maintenance-notice.md.j2"
    assert finding["line"] == 4
    assert finding["severity"] == "error"
    assert "unknown variable 'ticket' for communication 'maintenance-notice'" in finding["message"]
    assert "data.ticket" in finding["message"]


def test_unknown_variable_in_included_template(cli, starter_plan):
    write_template(starter_plan, "footer.md.j2", "\n{{ signature }}")
    write_template(
        starter_plan,
        "maintenance-notice.md.j2",
        '{% block subject %}{{ service }}{% endblock %}\n{% block body %}{{ window }} {{ impact }}{% include "templates/footer.md.j2" %}{% endblock %}\n',
    )
    [finding] = findings(cli, starter_plan, "template-unknown-variable")

    assert finding["path"] == f"{starter_plan}/templates/footer.md.j2"
    assert finding["line"] == 2


def test_template_parsed_once_per_run(starter_plan, monkeypatch):
    import commsctl.templating as templating
    from commsctl.validate import validate_directory

    calls: list[str] = []
    original = templating._parse

    def counting(source, relpath):
        calls.append(relpath)
        return original(source, relpath)

    monkeypatch.setattr(templating, "_parse", counting)
    validate_directory(starter_plan)

    assert sorted(calls) == sorted(set(calls))
    assert len(calls) == 4
