"""Findings as a linter prints them: one per line (text), JSON, or GitHub annotations."""

from __future__ import annotations

import json

from ..models import Finding
from ..report import Report, location

FORMATS = ("text", "json", "github")


def _one_line(text: str) -> str:
    """Article text inside a message must not break the one-finding-per-line format."""
    return " ".join(text.split())


def format_text(f: Finding) -> str:
    """``seeds/a.txt:12:1: BP101 trailing-link-list: 6 related-link lines ...``"""
    fixable = " [*]" if f.fix is not None and not f.applied else ""
    where = location(f)
    doc = f" (id {f.doc_id})" if f.record is not None else ""
    return f"{where}: {f.code} {f.rule}: {_one_line(f.message)}{doc}{fixable}"


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(f: Finding) -> str:
    """A GitHub Actions workflow command (``::error file=...,line=...::message``)."""
    level = {"error": "error", "warning": "warning", "info": "notice"}[f.severity.value]
    props = [f"file={_gh_escape(f.source, True)}"]
    line = f.line if f.record is None else f.record
    if line:
        props.append(f"line={line}")
    if f.column and f.record is None:
        props.append(f"col={f.column}")
    props.append(f"title={_gh_escape(f'{f.code} {f.rule}', True)}")
    return f"::{level} {','.join(props)}::{_gh_escape(_one_line(f.message))}"


def summary_line(report: Report, fail_on: str, fixable: int) -> str:
    """The closing line of ``check``: documents by outcome (as ``clean`` would treat them,
    without fixes applied) and findings by severity."""
    t = report.totals
    sev = report.severities
    return (
        f"{t.documents} document(s): {t.kept} passing, {fixable} with fixable findings, {t.rejected} to reject, "
        f"{t.unreadable} unreadable; {sev.get('error', 0)} error(s), {sev.get('warning', 0)} warning(s), "
        f"{sev.get('info', 0)} info (fail-on: {fail_on})"
    )


def format_json(findings: list[Finding], report: Report) -> str:
    payload = {
        "findings": [f.model_dump(mode="json") for f in findings],
        "totals": report.totals.model_dump(),
        "severities": report.severities,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True)
