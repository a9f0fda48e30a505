"""A failing and a fixed example of every rule, shown by ``commsctl rules NAME``.

Each example is a YAML snippet of the file named in ``file``. A rule added to
the registry needs an entry here: a test lists the rules that have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import dedent


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """The plan file an example comes from, the example that breaks the rule, and the same example fixed."""

    file: str
    failing: str
    fixed: str


def _doc(file: str, failing: str, fixed: str) -> RuleDoc:
    return RuleDoc(file, dedent(failing).strip("\n") + "\n", dedent(fixed).strip("\n") + "\n")


COMMUNICATION = "communications/<id>.yaml"

DOCS: dict[str, RuleDoc] = {
    # --- clause 7.4 attributes, ownership, evidence ---------------------------
    "missing-what": _doc(
        COMMUNICATION,
        """
        id: outage-notice
        what: []
        """,
        """
        id: outage-notice
        what:
          - id: impact
            description: Services affected and what users notice
        """,
    ),
    "missing-when": _doc(
        COMMUNICATION,
        """
        id: outage-notice
        with_whom: [customers]
        """,
        """
        id: outage-notice
        when:
          description: Within 30 minutes of declaring the incident, then hourly.
          first_within: 30m
          repeat_every: 1h
        with_whom: [customers]
        """,
    ),
    "missing-with-whom": _doc(
        COMMUNICATION,
        """
        id: outage-notice
        how: [status-page]
        """,
        """
        id: outage-notice
        with_whom: [customers]
        how: [status-page]
        """,
    ),
    "missing-how": _doc(
        COMMUNICATION,
        """
        id: outage-notice
        with_whom: [customers]
        how: []
        """,
        """
        id: outage-notice
        with_whom: [customers]
        how: [status-page, email]
        """,
    ),
    "missing-owner": _doc(
        COMMUNICATION,
        """
        id: outage-notice
        approver: service-desk-lead
        """,
        """
        id: outage-notice
        owner: incident-manager
        approver: service-desk-lead
        """,
    ),
    "missing-evidence": _doc(
        COMMUNICATION,
        """
        id: outage-notice
        evidence:
          retention: 3 years
        """,
        """
        id: outage-notice
        evidence:
          location: Status page history and the incident ticket
          retention: 3 years
        """,
    ),
    "untimed-event-trigger": _doc(
        COMMUNICATION,
        """
        trigger: {kind: event, event: major-incident-declared}
        when:
          description: As soon as possible.
        """,
        """
        trigger: {kind: event, event: major-incident-declared}
        when:
          description: Within 30 minutes of declaring the incident.
          first_within: 30m
        """,
    ),
    # --- control ----------------------------------------------------------------
    "external-without-approver": _doc(
        COMMUNICATION,
        """
        id: outage-notice
        type: external
        owner: incident-manager
        """,
        """
        id: outage-notice
        type: external
        owner: incident-manager
        approver: service-desk-lead
        """,
    ),
    "approval-required": _doc(
        COMMUNICATION,
        """
        # plan.yaml has a control point with applies_to: {high_impact_channel: true}
        id: staff-outage-alert
        type: internal
        how: [all-staff-email]
        owner: incident-manager
        """,
        """
        id: staff-outage-alert
        type: internal
        how: [all-staff-email]
        owner: incident-manager
        approver: service-desk-lead
        """,
    ),
    "role-without-backup": _doc(
        "roles.yaml",
        """
        roles:
          - id: incident-manager
            title: Incident manager
            members: [Dana Smith]
        """,
        """
        roles:
          - id: incident-manager
            title: Incident manager
            members: [Dana Smith]
            backups: [Lee Chen]
        """,
    ),
    "single-person-cover": _doc(
        "roles.yaml",
        """
        roles:
          - id: cab-chair
            title: CAB chair
            members: [Sam Ortiz]
            backups: [Sam Ortiz]
        """,
        """
        roles:
          - id: cab-chair
            title: CAB chair
            members: [Sam Ortiz]
            backups: [Ravi Patel]
        """,
    ),
    "owner-is-approver": _doc(
        COMMUNICATION,
        """
        type: external
        owner: service-desk-lead
        approver: service-desk-lead
        """,
        """
        type: external
        owner: service-desk-lead
        approver: incident-manager
        """,
    ),
    "list-without-owner": _doc(
        "distribution-lists.yaml",
        """
        distribution_lists:
          - id: customer-contacts
            name: Customer technical contacts
            change_process: Account managers update the list monthly.
        """,
        """
        distribution_lists:
          - id: customer-contacts
            name: Customer technical contacts
            owner: account-manager
            change_process: Account managers update the list monthly.
        """,
    ),
    "list-without-change-process": _doc(
        "distribution-lists.yaml",
        """
        distribution_lists:
          - id: customer-contacts
            name: Customer technical contacts
            owner: account-manager
        """,
        """
        distribution_lists:
          - id: customer-contacts
            name: Customer technical contacts
            owner: account-manager
            change_process: >-
              Customers request changes through the service desk; the account
              manager approves and applies them within two working days.
        """,
    ),
    "high-impact-channel-without-publishers": _doc(
        "channels.yaml",
        """
        channels:
          - id: status-page
            name: Public status page
            kind: status-page
            high_impact: true
        """,
        """
        channels:
          - id: status-page
            name: Public status page
            kind: status-page
            high_impact: true
            publishers: [incident-manager, service-desk-lead]
        """,
    ),
    "owner-cannot-publish": _doc(
        COMMUNICATION,
        """
        # channels.yaml: status-page has publishers: [incident-manager]
        how: [status-page]
        owner: change-manager
        """,
        """
        how: [status-page]
        owner: incident-manager
        """,
    ),
    # --- plan-wide coverage ---------------------------------------------------------
    "no-external-communication": _doc(
        COMMUNICATION,
        """
        # every file under communications/ has
        type: internal
        """,
        """
        # at least one communication reaches customers or suppliers
        id: maintenance-notice
        type: external
        with_whom: [customers]
        """,
    ),
    "missing-key-flow": _doc(
        COMMUNICATION,
        """
        # no communication is triggered by an event of category 'maintenance'
        trigger: {kind: event, event: major-incident-declared}
        """,
        """
        # communications/maintenance-notice.yaml
        trigger: {kind: event, event: planned-maintenance-approved}
        """,
    ),
    "unused-role": _doc(
        "roles.yaml",
        """
        roles:
          - id: release-manager   # no owner, approver or publisher names it
            title: Release manager
            members: [Kim Park]
            backups: [Lee Chen]
        """,
        """
        # Remove the role, or name it where it acts, for example in a communication:
        owner: release-manager
        """,
    ),
    "unused-audience": _doc(
        "audiences.yaml",
        """
        audiences:
          - id: partners   # no with_whom lists it
            name: Reseller partners
            type: external
        """,
        """
        # Remove the audience, or reach it from a communication:
        with_whom: [customers, partners]
        """,
    ),
    "unused-channel": _doc(
        "channels.yaml",
        """
        channels:
          - id: fax   # no how lists it
            name: Fax
            kind: other
        """,
        """
        # Remove the channel, or use it in a communication:
        how: [email, fax]
        """,
    ),
    "unused-distribution-list": _doc(
        "distribution-lists.yaml",
        """
        distribution_lists:
          - id: old-contacts   # no audience uses it
            name: Contacts before the 2024 migration
            owner: account-manager
            change_process: None, frozen.
        """,
        """
        # Remove the list, or reach an audience through it (audiences.yaml):
        audiences:
          - id: customers
            name: Customers
            type: external
            distribution_list: old-contacts
        """,
    ),
    "unused-event": _doc(
        "plan.yaml",
        """
        events:
          - id: supplier-outage   # no trigger names it
            name: Supplier outage
            category: supplier
        """,
        """
        # Remove the event, or trigger a communication with it:
        trigger: {kind: event, event: supplier-outage}
        """,
    ),
    # --- reading files ------------------------------------------------------------
    "missing-file": _doc(
        "plan directory",
        """
        plan.yaml
        roles.yaml
        communications/
        """,
        """
        plan.yaml
        roles.yaml
        audiences.yaml
        channels.yaml
        distribution-lists.yaml
        communications/
        """,
    ),
    "unreadable-file": _doc(
        "plan directory",
        """
        channels.yaml/          # a directory where a file is expected
        """,
        """
        channels.yaml           # a readable YAML file
        """,
    ),
    "yaml-encoding": _doc(
        "any plan file",
        """
        # saved as Latin-1: the byte 0xe9 of "Général" is not UTF-8
        name: Direction Générale
        """,
        """
        # saved as UTF-8
        name: Direction Générale
        """,
    ),
    "yaml-syntax": _doc(
        "any plan file",
        """
        with_whom: [customers
        how: [email]
        """,
        """
        with_whom: [customers]
        how: [email]
        """,
    ),
    "yaml-duplicate-key": _doc(
        COMMUNICATION,
        """
        owner: incident-manager
        approver: service-desk-lead
        owner: change-manager
        """,
        """
        owner: incident-manager
        approver: service-desk-lead
        """,
    ),
    "control-character": _doc(
        COMMUNICATION,
        r"""
        id: outage-notice
        name: "Outage notice\e[2J"
        """,
        """
        id: outage-notice
        name: Outage notice
        """,
    ),
    "unknown-key": _doc(
        COMMUNICATION,
        """
        id: outage-notice
        aprover: service-desk-lead
        """,
        """
        id: outage-notice
        approver: service-desk-lead
        """,
    ),
    "missing-key": _doc(
        COMMUNICATION,
        """
        id: outage-notice
        name: Outage notice
        type: external
        """,
        """
        id: outage-notice
        name: Outage notice
        type: external
        trigger: {kind: event, event: major-incident-declared}
        """,
    ),
    "invalid-value": _doc(
        COMMUNICATION,
        """
        when:
          first_within: half an hour
        """,
        """
        when:
          first_within: 30m
        """,
    ),
    # --- references -----------------------------------------------------------------
    "unknown-role": _doc(
        COMMUNICATION,
        """
        owner: incident-manger
        """,
        """
        owner: incident-manager
        """,
    ),
    "unknown-audience": _doc(
        COMMUNICATION,
        """
        with_whom: [customer]
        """,
        """
        with_whom: [customers]
        """,
    ),
    "unknown-channel": _doc(
        COMMUNICATION,
        """
        how: [e-mail]
        """,
        """
        how: [email]
        """,
    ),
    "unknown-event": _doc(
        COMMUNICATION,
        """
        trigger: {kind: event, event: major-incident}
        """,
        """
        trigger: {kind: event, event: major-incident-declared}
        """,
    ),
    "unknown-distribution-list": _doc(
        "audiences.yaml",
        """
        audiences:
          - id: customers
            name: Customers
            type: external
            distribution_list: customer-contact
        """,
        """
        audiences:
          - id: customers
            name: Customers
            type: external
            distribution_list: customer-contacts
        """,
    ),
    "unknown-communication": _doc(
        "plan.yaml",
        """
        control_points:
          - id: incident-approval
            description: Customer incident updates are approved.
            applies_to: {communications: [major-incident-updates]}
        """,
        """
        control_points:
          - id: incident-approval
            description: Customer incident updates are approved.
            applies_to: {communications: [major-incident-update]}
        """,
    ),
    "template-outside-plan": _doc(
        COMMUNICATION,
        """
        template: ../../shared/outage.md.j2
        """,
        """
        template: templates/outage-notice.md.j2
        """,
    ),
    "template-missing": _doc(
        COMMUNICATION,
        """
        id: outage-notice
        template: templates/outage.md.j2   # no such file
        """,
        """
        id: outage-notice
        template: templates/outage-notice.md.j2
        """,
    ),
    "template-outside-templates": _doc(
        COMMUNICATION,
        """
        template: drafts/outage-notice.md.j2
        """,
        """
        template: templates/outage-notice.md.j2
        """,
    ),
    # --- templates ------------------------------------------------------------------------
    "template-syntax": _doc(
        "templates/<id>.md.j2",
        """
        {% block subject %}Planned maintenance: {{ service }}{% endblock %}
        Planned maintenance of {{ service }} is scheduled for {{ window }.
        """,
        """
        {% block subject %}Planned maintenance: {{ service }}{% endblock %}
        {% block body %}
        Planned maintenance of {{ service }} is scheduled for {{ window }}.
        {% endblock %}
        """,
    ),
    "template-include": _doc(
        "templates/<id>.md.j2",
        """
        {% block body %}
        {{ impact }}
        {% include "../../shared/footer.md.j2" %}
        {% endblock %}
        """,
        """
        {% block body %}
        {{ impact }}
        {% include "templates/footer.md.j2" %}
        {% endblock %}
        """,
    ),
    "template-unused-element": _doc(
        "templates/<id>.md.j2",
        """
        {# communications/maintenance-notice.yaml lists service, window and impact #}
        {% block body %}
        Planned maintenance of {{ service }} is scheduled for {{ window }}.
        {% endblock %}
        """,
        """
        {% block body %}
        Planned maintenance of {{ service }} is scheduled for {{ window }}.

        Expected impact: {{ impact }}
        {% endblock %}
        """,
    ),
    "template-unknown-variable": _doc(
        "templates/<id>.md.j2",
        """
        {# 'what' has no element called eta #}
        {% block body %}
        Next update at {{ eta }}.
        {% endblock %}
        """,
        """
        {# communications/<id>.yaml: what: [{id: next_update, description: Time of the next update}] #}
        {% block body %}
        Next update at {{ next_update }}.
        {% endblock %}
        """,
    ),
    # --- identity ---------------------------------------------------------------------
    "duplicate-id": _doc(
        "channels.yaml",
        """
        channels:
          - id: email
            name: E-mail
            kind: email
          - id: email
            name: Mass e-mail
            kind: email
        """,
        """
        channels:
          - id: email
            name: E-mail
            kind: email
          - id: mass-email
            name: Mass e-mail
            kind: email
        """,
    ),
    "id-file-mismatch": _doc(
        "communications/outage.yaml",
        """
        id: outage-notice
        """,
        """
        # renamed to communications/outage-notice.yaml
        id: outage-notice
        """,
    ),
    # --- lint settings and suppression comments -----------------------------------------
    "unknown-rule": _doc(
        "plan.yaml",
        """
        lint:
          rules:
            unused-chanel: off
        """,
        """
        lint:
          rules:
            unused-channel: off
        """,
    ),
    "blanket-suppression": _doc(
        COMMUNICATION,
        """
        owner: release-manager  # commsctl: ignore
        """,
        """
        owner: release-manager  # commsctl: ignore[unknown-role]
        """,
    ),
    "unused-suppression": _doc(
        COMMUNICATION,
        """
        # the role exists now, so nothing is left to silence
        owner: incident-manager  # commsctl: ignore[unknown-role]
        """,
        """
        owner: incident-manager
        """,
    ),
    "uncovered-by-codeowners": _doc(
        ".github/CODEOWNERS",
        """
        /plan/communications/ @acme/service-management
        """,
        """
        /plan/communications/ @acme/service-management
        /plan/templates/ @acme/service-management @acme/customer-comms
        /plan/channels.yaml @acme/service-management
        /plan/distribution-lists.yaml @acme/service-management
        """,
    ),
}

from commsctl.rules.records_docs import RECORD_DOCS  # noqa: E402 - needs RuleDoc and _doc above

DOCS.update(RECORD_DOCS)
