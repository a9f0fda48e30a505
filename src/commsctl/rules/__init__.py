"""The rule set. Importing this package registers every rule in ``RULES``, in report order."""

from commsctl.rules import completeness, controls, coverage, files, records, references, structure  # noqa: F401
from commsctl.rules import characters, lint  # noqa: F401
from commsctl.rules import ownership  # noqa: F401
from commsctl.rules import templates  # noqa: F401
from commsctl.rules.registry import RULES, Hit, Rule, rule, run_checks

__all__ = ["RULES", "Hit", "Rule", "rule", "run_checks"]
