"""Findings as JUnit XML, which GitLab, Jenkins and most CI servers show as a test report.

Each plan file checked is one ``testcase``; each finding in it is one
``failure`` element whose ``type`` is the rule. Warnings are failures too,
marked ``warning`` in the message, because JUnit has no lower level.
"""

from __future__ import annotations

import re
from typing import TextIO
from xml.etree import ElementTree

SUITE_NAME = "commsctl validate"

# Characters that XML 1.0 does not allow, even escaped; a YAML value may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def junit_tree(report) -> ElementTree.Element:
    by_file: dict[str, list] = {path: [] for path in report.files}
    for finding in report.findings:
        by_file.setdefault(finding.path, []).append(finding)

    failed_cases = sum(1 for findings in by_file.values() if findings)
    suites = ElementTree.Element(
        "testsuites", name=SUITE_NAME, tests=str(len(by_file)), failures=str(failed_cases), errors="0"
    )
    suite = ElementTree.SubElement(
        suites, "testsuite", name=SUITE_NAME, tests=str(len(by_file)), failures=str(failed_cases), errors="0", skipped="0"
    )
    for path in sorted(by_file):
        case = ElementTree.SubElement(suite, "testcase", classname="commsctl.validate", name=_xml_text(path), file=_xml_text(path))
        for finding in by_file[path]:
            failure = ElementTree.SubElement(
                case,
                "failure",
                type=finding.rule,
                message=_xml_text(f"{finding.severity.value}: {finding.message}"),
            )
            failure.text = _xml_text(finding.format_line())
    return suites


def write(report, stream: TextIO, *, quiet: bool = False) -> None:
    tree = junit_tree(report)
    ElementTree.indent(tree)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ElementTree.tostring(tree, encoding="unicode"))
    stream.write("\n")
