"""The quality report as ``report.json`` (machines), ``report.md`` and ``report.html``
(people). Article text reaches the reports only through messages and ids, and is escaped
for each format, so a hostile document cannot inject Markdown or HTML."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from ..io.writers import atomic_writer
from ..registry import BY_CODE
from ..report import Report

MAX_CLUSTER_ROWS = 100
_MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md_escape(text: str) -> str:
    """Escape Markdown and inline HTML, and fold line breaks, for one table cell."""
    text = " ".join(str(text).split())
    return _MD_SPECIAL_RE.sub(r"\\\1", html.escape(text, quote=False))


def render_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_markdown(report: Report) -> str:
    t = report.totals
    out = [
        "# Corpus quality report",
        "",
        f"Produced by validator {md_escape(report.version)} from: {', '.join(md_escape(i) for i in report.inputs)}",
        "",
        "## Totals",
        "",
        "| documents | kept | fixed | rejected | unreadable |",
        "|---:|---:|---:|---:|---:|",
        f"| {t.documents} | {t.kept} | {t.fixed} | {t.rejected} | {t.unreadable} |",
        "",
        "Every input document is counted once: kept unchanged, kept with fixes, rejected with a reason, or unreadable with a reason.",
        "",
        "## Findings by severity",
        "",
        "| severity | findings |",
        "|---|---:|",
    ]
    out += [f"| {sev} | {n} |" for sev, n in report.severities.items()]
    out += ["", "## Findings by rule", ""]
    if report.rules:
        out += ["| code | rule | severity | findings | documents | fixed | what it checks |", "|---|---|---|---:|---:|---:|---|"]
        for r in report.rules:
            summary = BY_CODE[r.code].summary if r.code in BY_CODE else ""  # our own text: trusted
            summary = summary.replace("|", "\\|").replace("``", "`")
            out.append(
                f"| {r.code} | {r.name} | {r.severity.value} | {r.findings} | {r.documents} | {r.fixed} | {summary} |"
            )
    else:
        out.append("No findings.")
    if report.examples:
        out += ["", "## Examples", ""]
        for code in sorted(report.examples):
            out += [f"### {code}", ""]
            out += [f"- {md_escape(e.location)}: {md_escape(e.message)}" for e in report.examples[code]]
            out.append("")
    if report.duplicate_clusters:
        out += ["## Duplicate clusters", "", f"{len(report.duplicate_clusters)} cluster(s); all of them, with every member, are in `clusters.jsonl`.", "",
                "| rule | kept | size | similarity | duplicates |", "|---|---|---:|---|---|"]
        for c in report.duplicate_clusters[:MAX_CLUSTER_ROWS]:
            out.append(f"| {c.rule} | {md_escape(c.kept)} | {c.size} | {_sim_range(c)} | {', '.join(md_escape(d) for d in c.duplicates)} |")
        if len(report.duplicate_clusters) > MAX_CLUSTER_ROWS:
            out.append(f"| ... | {len(report.duplicate_clusters) - MAX_CLUSTER_ROWS} more | | | |")
        out.append("")
    if report.templates:
        out += ["## Template lines per source (BP109)", "", "| source | template (masked) | documents |", "|---|---|---:|"]
        for source, rows in report.top_templates().items():
            out += [f"| {md_escape(source)} | {md_escape(t.template)} | {t.documents} |" for t in rows]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_html(report: Report) -> str:
    e = html.escape
    t = report.totals
    rows = "".join(
        f"<tr><td>{e(r.code)}</td><td>{e(r.name)}</td><td>{e(r.severity.value)}</td>"
        f"<td>{r.findings}</td><td>{r.documents}</td><td>{r.fixed}</td>"
        f"<td>{e(BY_CODE[r.code].summary if r.code in BY_CODE else '')}</td></tr>"
        for r in report.rules
    )
    examples = "".join(
        f"<h3>{e(code)}</h3><ul>"
        + "".join(f"<li><code>{e(x.location)}</code>: {e(x.message)}</li>" for x in report.examples[code])
        + "</ul>"
        for code in sorted(report.examples)
    )
    clusters = "".join(
        f"<tr><td>{e(c.rule)}</td><td>{e(c.kept)}</td><td>{c.size}</td><td>{e(_sim_range(c))}</td><td>{e(', '.join(c.duplicates))}</td></tr>"
        for c in report.duplicate_clusters[:MAX_CLUSTER_ROWS]
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Corpus quality report</title>
<style>body{{font-family:sans-serif;max-width:70em;margin:2em auto}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3em .6em}}</style>
</head><body>
<h1>Corpus quality report</h1>
<p>Produced by validator {e(report.version)} from: {e(', '.join(report.inputs))}</p>
<h2>Totals</h2>
<table><tr><th>documents</th><th>kept</th><th>fixed</th><th>rejected</th><th>unreadable</th></tr>
<tr><td>{t.documents}</td><td>{t.kept}</td><td>{t.fixed}</td><td>{t.rejected}</td><td>{t.unreadable}</td></tr></table>
<h2>Findings by rule</h2>
<table><tr><th>code</th><th>rule</th><th>severity</th><th>findings</th><th>documents</th><th>fixed</th><th>what it checks</th></tr>{rows}</table>
<h2>Examples</h2>{examples}
<h2>Duplicate clusters</h2>
<p>{len(report.duplicate_clusters)} cluster(s); all of them are in clusters.jsonl.</p>
<table><tr><th>rule</th><th>kept</th><th>size</th><th>similarity</th><th>duplicates</th></tr>{clusters}</table>
</body></html>
"""


def _sim_range(c) -> str:
    if c.similarity_min is None:
        return ""
    if c.similarity_min == c.similarity_max:
        return f"{c.similarity_min:.2f}"
    return f"{c.similarity_min:.2f}-{c.similarity_max:.2f}"


def render_clusters(report: Report) -> str:
    """One JSON object per duplicate cluster: id, rule, kept, members (kept first), size
    and similarity range."""
    lines = []
    for c in report.duplicate_clusters:
        record = {"id": c.id, "rule": c.rule, "kept": c.kept, "members": [c.kept, *c.duplicates], "size": c.size,
                  "similarity_min": c.similarity_min, "similarity_max": c.similarity_max}
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return "".join(lines)


def write_reports(report: Report, folder: Path) -> list[Path]:
    """Write ``report.json``, ``report.md``, ``report.html`` and ``clusters.jsonl`` (every
    duplicate cluster, one per line) into ``folder`` atomically."""
    written = []
    for name, render in (("report.json", render_json), ("report.md", render_markdown), ("report.html", render_html),
                         ("clusters.jsonl", render_clusters)):
        path = folder / name
        with atomic_writer(path) as fh:
            fh.write(render(report))
        written.append(path)
    return written
