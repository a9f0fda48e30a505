"""Rules reported while reading files, before any model exists: YAML and schema problems."""

from __future__ import annotations

from commsctl.findings import Severity
from commsctl.rules.registry import register

register("missing-file", Severity.ERROR, "A plan needs plan.yaml, roles.yaml, audiences.yaml, channels.yaml and distribution-lists.yaml.")
register("unreadable-file", Severity.ERROR, "A plan file that cannot be read hides part of the plan from every check.")
register("yaml-encoding", Severity.ERROR, "Plan files are UTF-8 so that every tool and reviewer reads the same text.")
register("yaml-syntax", Severity.ERROR, "A file that is not valid YAML cannot be checked at all.")
register("yaml-duplicate-key", Severity.ERROR, "YAML keeps only the last of two equal keys, silently dropping the first value.")
register("unknown-key", Severity.ERROR, "A misspelt key is ignored by people and tools alike; the plan says less than its author meant.")
register("missing-key", Severity.ERROR, "A required key is absent, so the entry cannot be understood.")
register("invalid-value", Severity.ERROR, "A value of the wrong type or form cannot be checked or rendered.")
