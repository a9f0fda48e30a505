"""Channel limits: a draft longer than any of its channels allows is rejected before it is written."""

from __future__ import annotations

from commsctl.errors import EXIT_FINDINGS, UserError


class DraftError(UserError):
    """The rendered draft breaks a rule of its channels or of message headers; exit code 1."""

    exit_code = EXIT_FINDINGS


def check_subject_line(communication_id: str, subject: str) -> None:
    """Reject a subject with a line break, which would also let a value inject e-mail headers."""
    if any(character in subject for character in "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"):
        raise DraftError(
            f"the subject of {communication_id!r} contains a line break: {subject!r}. A subject is one line; "
            "remove line breaks from the values used in the subject block"
        )


def check_channel_limits(communication_id: str, channels: list, subject: str, body: str) -> None:
    """Raise DraftError listing every limit of ``channels`` that the subject or body exceeds."""
    body_length = len(body.rstrip("\n"))
    problems = []
    for channel in channels:
        limits = channel.limits
        if limits is None:
            continue
        if limits.max_subject_length is not None and len(subject) > limits.max_subject_length:
            problems.append(
                f"subject is {len(subject)} characters, channel {channel.id!r} allows {limits.max_subject_length}"
            )
        if limits.max_length is not None and body_length > limits.max_length:
            problems.append(f"body is {body_length} characters, channel {channel.id!r} allows {limits.max_length}")

    if problems:
        raise DraftError(
            f"the draft of {communication_id!r} exceeds its channel limits:\n  "
            + "\n  ".join(problems)
            + "\nShorten the values or the template; nothing was written"
        )
