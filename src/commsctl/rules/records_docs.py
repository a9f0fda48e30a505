"""A failing and a fixed example of each rule on events and records, for ``commsctl rules NAME``."""

from __future__ import annotations

from commsctl.rules.docs import RuleDoc, _doc

EVENT = "events/<id>.yaml"
RECORD = "records/<yyyy>/<name>.yaml"

RECORD_DOCS: dict[str, RuleDoc] = {
    "event-unknown-type": _doc(
        EVENT,
        """
        id: INC-2026-0412
        event: major-incident
        """,
        """
        id: INC-2026-0412
        event: major-incident-declared
        """,
    ),
    "event-id-file-mismatch": _doc(
        "events/INC-2026-0412.yaml",
        """
        id: INC-2026-0421
        """,
        """
        id: INC-2026-0412
        """,
    ),
    "record-unknown-communication": _doc(
        RECORD,
        """
        communication: major-incident-update
        """,
        """
        communication: major-incident-customer-update
        """,
    ),
    "record-unknown-event": _doc(
        RECORD,
        """
        communication: major-incident-customer-update
        event: INC-2026-412
        """,
        """
        communication: major-incident-customer-update
        event: INC-2026-0412
        """,
    ),
    "record-unknown-audience": _doc(
        RECORD,
        """
        with_whom: [customers]
        """,
        """
        with_whom: [affected-customers]
        """,
    ),
    "record-unknown-channel": _doc(
        RECORD,
        """
        how: [statuspage]
        """,
        """
        how: [status-page]
        """,
    ),
    "record-trigger-mismatch": _doc(
        RECORD,
        """
        communication: monthly-service-report
        event: INC-2026-0412
        """,
        """
        communication: monthly-service-report
        period: 2026-10
        """,
    ),
    "record-period-invalid": _doc(
        RECORD,
        """
        communication: monthly-service-report
        period: 2026-W41
        """,
        """
        communication: monthly-service-report
        period: 2026-10
        """,
    ),
    "record-before-event": _doc(
        RECORD,
        """
        event: INC-2026-0412      # declared_at: 2026-10-14T09:10:00+02:00
        sent_at: 2026-10-14T09:05:00+02:00
        """,
        """
        event: INC-2026-0412      # declared_at: 2026-10-14T09:10:00+02:00
        sent_at: 2026-10-14T09:35:00+02:00
        """,
    ),
    "record-message-missing": _doc(
        RECORD,
        """
        message: ../../drafts/update-1.md
        """,
        """
        message: messages/INC-2026-0412/update-1.md
        """,
    ),
    "duplicate-record": _doc(
        RECORD,
        """
        # a second file with the same communication, event and sent_at
        communication: major-incident-customer-update
        event: INC-2026-0412
        sent_at: 2026-10-14T09:35:00+02:00
        """,
        """
        # the second file removed
        """,
    ),
    "record-approval-invalid": _doc(
        RECORD,
        """
        communication: major-incident-customer-update   # approver: incident-manager
        approved_by: s.bakker
        """,
        """
        communication: major-incident-customer-update   # approver: incident-manager
        approved_by: t.nguyen
        approved_at: 2026-10-14T09:30:00+02:00
        """,
    ),
}
