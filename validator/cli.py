"""The ``validator`` command: flags become a ``Config``, the API does the work, the
emitters print, and the exit code says how it went (0 clean, 1 findings at or above
``--fail-on``, 2 usage or configuration error)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__
from .api import clean as api_clean
from .api import default_rejected_path, iter_results, new_report
from .config import Config, ConfigError, load_config, resolve_rules
from .emit.findings import FORMATS, format_github, format_json, format_text, summary_line
from .models import Severity
from .registry import RULES, get_rule

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Validate and clean news-article corpora: boilerplate, encoding, duplicates, structure.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _has_inputs(inputs: list[str], config) -> bool:
    """Whether ``inputs`` name at least one file (or a missing path, which is reported as
    an unreadable document): a folder holding no file that matches the glob names none."""
    from .api import read_options
    from .io.readers import iter_input_files

    return next(iter(iter_input_files(list(inputs), read_options(config))), None) is not None


def _fail(message: str) -> None:
    typer.echo(f"validator: error: {message}", err=True)
    raise typer.Exit(2)


def _split(values: Optional[List[str]]) -> Optional[list[str]]:
    if not values:
        return None
    out = [v.strip() for value in values for v in value.split(",") if v.strip()]
    return out or None


def _build_config(
    config_path: Optional[Path], select, ignore, glob, encoding, text_field, id_field, title_field,
    fail_on=None, reject_on=None, unsafe_fixes=None,
) -> Config:
    try:
        config, _ = load_config(config_path)
        updates = {}
        if _split(select) is not None:
            updates["select"] = _split(select)
        if _split(ignore) is not None:
            updates["ignore"] = _split(ignore)
        for key, value in (
            ("glob", glob), ("encoding", encoding), ("text_field", text_field), ("id_field", id_field),
            ("title_field", title_field), ("fail_on", fail_on), ("reject_on", reject_on), ("unsafe_fixes", unsafe_fixes),
        ):
            if value is not None:
                updates[key] = value
        config = Config.model_validate({**config.model_dump(), **updates})
        if config.encoding:
            import codecs

            try:
                codecs.lookup(config.encoding)
            except LookupError:
                raise ConfigError(f"unknown encoding {config.encoding!r} (--encoding)") from None
        resolve_rules(config)  # validate selectors and options before reading anything
        return config
    except ConfigError as exc:
        _fail(str(exc))
    except Exception as exc:  # pydantic validation of flag values
        _fail(str(exc).splitlines()[0])
    raise AssertionError("unreachable")


ConfigOpt = typer.Option(None, "--config", help="Config file (default: validator.toml or \\[tool.validator] in ./pyproject.toml)")
SelectOpt = typer.Option(None, "--select", help="Rules to run: codes, prefixes (BP) or names, comma-separated")
IgnoreOpt = typer.Option(None, "--ignore", help="Rules to skip: codes, prefixes or names, comma-separated")
GlobOpt = typer.Option(None, "--glob", help="Files to read inside folders (default *.txt)")
EncodingOpt = typer.Option(None, "--encoding", help="Decode every text file with this encoding instead of detecting it")
TextFieldOpt = typer.Option(None, "--text-field", help="JSONL field holding the text (default text)")
IdFieldOpt = typer.Option(None, "--id-field", help="JSONL field holding the id (default id)")
TitleFieldOpt = typer.Option(None, "--title-field", help="JSONL field holding the title (default title)")
JobsOpt = typer.Option(0, "--jobs", "-j", help="Worker processes for the per-document work (default 0: all cores)", min=0)


def _jobs(jobs: int) -> int:
    from .run.local import default_jobs

    return jobs or default_jobs()


@app.command()
def check(
    inputs: List[str] = typer.Argument(..., help="Text files, folders, or JSONL files (.jsonl, .jsonl.gz)"),
    output_format: str = typer.Option("text", "--format", help="text, json or github"),
    fail_on: Optional[Severity] = typer.Option(None, "--fail-on", help="Exit 1 when a finding is at or above this severity (default error)"),
    config_path: Optional[Path] = ConfigOpt,
    select: Optional[List[str]] = SelectOpt,
    ignore: Optional[List[str]] = IgnoreOpt,
    glob: Optional[str] = GlobOpt,
    encoding: Optional[str] = EncodingOpt,
    text_field: Optional[str] = TextFieldOpt,
    id_field: Optional[str] = IdFieldOpt,
    title_field: Optional[str] = TitleFieldOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary"),
    jobs: int = JobsOpt,
) -> None:
    """Report findings like a linter; change nothing. Exit 0, or 1 when a finding is at
    or above --fail-on, or 2 on a usage error."""
    if output_format not in FORMATS:
        _fail(f"unknown --format {output_format!r}; choose one of {', '.join(FORMATS)}")
    config = _build_config(config_path, select, ignore, glob, encoding, text_field, id_field, title_field, fail_on=fail_on)
    report = new_report(inputs, config)
    collected = []
    worst = -1
    fixable = 0
    for result in iter_results(inputs, config, apply_fixes=False, jobs=_jobs(jobs)):
        report.add(result)
        fixable += any(f.fix is not None for f in result.findings)
        for f in result.findings:
            worst = max(worst, f.severity.rank)
            if output_format == "json":
                collected.append(f)
            elif not quiet:
                typer.echo(format_github(f) if output_format == "github" else format_text(f))
    if report.totals.documents == 0:
        _fail(f"no input documents found in {', '.join(inputs)} (glob {config.glob!r})")
    if output_format == "json":
        typer.echo(format_json(collected, report))
    else:
        typer.echo(summary_line(report, config.fail_on.value, fixable))
    raise typer.Exit(1 if worst >= config.fail_on.rank else 0)


@app.command()
def clean(
    inputs: List[str] = typer.Argument(..., help="Text files, folders, JSONL files (.jsonl, .jsonl.gz, .jsonl.zst) or Parquet files"),
    out: Path = typer.Option(..., "--out", "-o", help="Cleaned records to write (.jsonl, .jsonl.gz, .jsonl.zst or .parquet)"),
    rejected: Optional[Path] = typer.Option(None, "--rejected", help="Rejected and unreadable records (default: <out>.rejected.jsonl)"),
    report_dir: Optional[Path] = typer.Option(None, "--report-dir", help="Folder for report.json, report.md and report.html"),
    unsafe_fixes: Optional[bool] = typer.Option(None, "--unsafe-fixes/--no-unsafe-fixes", help="Also apply fixes that are not certain"),
    reject_on: Optional[Severity] = typer.Option(None, "--reject-on", help="Reject a document with an unfixed finding at or above this severity (default error)"),
    config_path: Optional[Path] = ConfigOpt,
    select: Optional[List[str]] = SelectOpt,
    ignore: Optional[List[str]] = IgnoreOpt,
    glob: Optional[str] = GlobOpt,
    encoding: Optional[str] = EncodingOpt,
    text_field: Optional[str] = TextFieldOpt,
    id_field: Optional[str] = IdFieldOpt,
    title_field: Optional[str] = TitleFieldOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors"),
    jobs: int = JobsOpt,
    resume: bool = typer.Option(True, "--resume/--no-resume", help="Keep finished shards beside --out so a rerun after an interruption continues"),
    shard_size: int = typer.Option(1000, "--shard-size", min=1, help="Documents per shard (the unit of work and of resume)"),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or ray (a Ray cluster; pip install 'validator\\[ray]')"),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", help="Ray cluster to join (default: start a local Ray)"),
) -> None:
    """Write the cleaned dataset: one JSON object per kept article, the rejected records
    with their reasons, and the report. Exit 0 on success, 2 on a usage error."""
    config = _build_config(
        config_path, select, ignore, glob, encoding, text_field, id_field, title_field,
        reject_on=reject_on, unsafe_fixes=unsafe_fixes,
    )
    rejected = rejected or default_rejected_path(out)
    if out.resolve() == rejected.resolve():
        _fail("--out and --rejected must be different files")
    started = time.perf_counter()

    def tell_unreadable(result) -> None:
        # Bad input gets one clear line naming the file and record; the run goes on.
        # These are errors, so --quiet ("nothing but errors") still prints them.
        if result.status == "unreadable":
            for f in result.findings:
                typer.echo(format_text(f), err=True)

    from .run.progress import make_progress

    if engine not in ("local", "ray"):
        _fail(f"unknown --engine {engine!r}; choose local or ray")
    if not _has_inputs(inputs, config):
        # Before anything is written: a mistyped folder or glob must not replace the
        # outputs of an earlier run with empty files.
        _fail(f"no input documents found in {', '.join(inputs)} (glob {config.glob!r}); nothing written")
    try:
        with make_progress(quiet) as progress:
            if engine == "ray":
                from .run.ray_runner import RayUnavailable, clean_on_ray

                try:
                    report = clean_on_ray(
                        inputs, out, rejected=rejected, report_dir=report_dir, config=config,
                        on_unreadable=tell_unreadable, address=ray_address, jobs=jobs or None, progress=progress,
                    )
                except RayUnavailable as exc:
                    _fail(str(exc))
            else:
                report = api_clean(
                    inputs, out, rejected=rejected, report_dir=report_dir, config=config, on_unreadable=tell_unreadable,
                    jobs=_jobs(jobs), resume=resume, shard_size=shard_size, progress=progress,
                )
    except OSError as exc:
        _fail(f"cannot write output: {exc}")
    if report.totals.documents == 0:
        _fail(f"no input documents found in {', '.join(inputs)} (glob {config.glob!r})")
    if not quiet:
        t = report.totals
        elapsed = time.perf_counter() - started
        typer.echo(
            f"{t.documents} document(s): {t.kept} kept, {t.fixed} fixed, {t.rejected} rejected, "
            f"{t.unreadable} unreadable in {elapsed:.1f}s -> {out}, {rejected}"
            + (f", {report_dir}/{{report.json,report.md,report.html,clusters.jsonl}}" if report_dir else ""),
            err=True,
        )


@app.command("rules")
def list_rules(output_format: str = typer.Option("text", "--format", help="text or json")) -> None:
    """List every rule: code, name, default severity, fix, summary."""
    if output_format == "json":
        typer.echo(json.dumps([
            {"code": r.code, "name": r.name, "severity": r.severity.value, "scope": r.scope, "fix": r.fix, "summary": r.summary}
            for r in RULES
        ], indent=2))
        return
    for r in RULES:
        fix = {"safe": "fix", "unsafe": "unsafe fix", "none": ""}[r.fix]
        typer.echo(f"{r.code}  {r.name:<24} {r.severity.value:<8} {fix:<10} {r.summary}")


@app.command("rule")
def show_rule(code: str = typer.Argument(..., help="Rule code (BP101) or name (trailing-link-list)")) -> None:
    """Print one rule's documentation."""
    try:
        r = get_rule(code)
    except KeyError as exc:
        _fail(str(exc).strip("'\""))
    typer.echo(f"{r.code} {r.name} (default severity: {r.severity.value}; fix: {r.fix}; scope: {r.scope})\n")
    typer.echo(r.doc)
    fields = r.options.model_fields
    if fields:
        typer.echo("\nOptions ([rules." + r.code + "] in the config):")
        for name, info in fields.items():
            typer.echo(f"  {name.replace('_', '-')} = {info.default!r}  {info.description or ''}")


@app.command()
def schema(out_dir: Path = typer.Option(Path("schemas"), "--out-dir", help="Where to write the JSON Schemas")) -> None:
    """Write JSON Schema for the cleaned record, the rejected record and the report."""
    from .schemas import write_schemas

    for path in write_schemas(out_dir):
        typer.echo(str(path))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"validator {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version")) -> None:
    """Validate and clean news-article corpora."""


def main() -> None:
    app()
