"""``commsctl validate``: load a plan, run every rule, return the findings in report order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from commsctl.findings import Finding
from commsctl.loader import LoadedPlan, load_plan
from commsctl.sources import DirectorySource, PlanSource


@dataclass
class ValidationResult:
    loaded: LoadedPlan
    findings: list[Finding]

    @property
    def file_count(self) -> int:
        return self.loaded.file_count()

    @property
    def files(self) -> list[str]:
        """Return the display paths of the plan files checked, including those that could not be read."""
        paths = {document.display for document in self.loaded.documents.values()}
        paths.update(finding.path for finding in self.findings)
        return sorted(paths)


def validate_source(source: PlanSource) -> ValidationResult:
    """Run the whole check on a plan source (a directory or a Git revision).

    The plan's ``lint`` settings and inline suppression comments are applied
    last, to the findings of every rule.
    """
    from commsctl.rules import RULES, run_checks
    from commsctl.settings import apply_settings

    loaded = load_plan(source)
    findings = list(loaded.findings)
    findings.extend(run_checks(loaded, RULES.values()))
    findings = apply_settings(loaded, findings)
    findings.sort(key=Finding.sort_key)
    return ValidationResult(loaded, findings)


def validate_directory(plan_dir: Path) -> ValidationResult:
    """Validate the plan in ``plan_dir``; raise PlanNotFoundError when there is none."""
    return validate_source(DirectorySource(plan_dir))
