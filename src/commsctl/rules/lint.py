"""Rules about the lint settings themselves: rule names, suppression comments.

They have no check function: ``commsctl.settings`` reports them while applying
the settings to the other rules' findings.
"""

from __future__ import annotations

from commsctl.findings import Severity
from commsctl.rules.registry import register

register(
    "unknown-rule",
    Severity.WARNING,
    "A rule name in lint settings or a suppression comment that no rule has changes nothing; it is usually a typo.",
)
register(
    "blanket-suppression",
    Severity.ERROR,
    "A suppression comment must name the rules it silences, so that it cannot hide new problems on the same line.",
)
register(
    "unused-suppression",
    Severity.WARNING,
    "A suppression comment that silences no finding is left over from a fixed problem and should be removed.",
)
