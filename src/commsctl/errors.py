"""Errors that reach the user as a message and an exit code, never as a traceback."""

from __future__ import annotations

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class UserError(Exception):
    """A problem the user can fix: the message names the value and what to do next.

    The CLI prints ``error: <message>`` on standard error and exits with ``exit_code``.
    """

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class PlanNotFoundError(UserError):
    """No plan at the path (no directory, or no ``plan.yaml`` in it)."""


class PlanPathError(UserError):
    """A path written in the plan points outside the plan directory or at nothing."""
