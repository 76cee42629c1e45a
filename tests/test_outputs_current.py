"""Committed artefacts must match what the code produces: JSON Schemas and the seeds report."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, run_cli
from validator.schemas import SCHEMAS, render_schema


def test_committed_schemas_match_models():
    for name, model in SCHEMAS.items():
        path = ROOT / "schemas" / name
        assert path.is_file(), f"missing {path}; run `validator schema`"
        assert path.read_text(encoding="utf-8") == render_schema(model), f"{name} is stale; run `validator schema`"


def test_schema_command_writes_the_same_files(tmp_path: Path):
    proc = run_cli("schema", "--out-dir", str(tmp_path))
    assert proc.returncode == 0
    for name in SCHEMAS:
        assert (tmp_path / name).read_bytes() == (ROOT / "schemas" / name).read_bytes()


def test_committed_seed_report_is_current(tmp_path: Path):
    """reports/ must equal a fresh run of the README's regeneration command."""
    out = tmp_path / "reports"
    proc = run_cli(
        "clean", "seeds", "--out", str(out / "seeds.cleaned.jsonl"), "--rejected", str(out / "seeds.rejected.jsonl"),
        "--report-dir", str(out), cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    for path in sorted(out.iterdir()):
        committed = ROOT / "reports" / path.name
        assert committed.is_file(), f"reports/{path.name} missing; regenerate (see README)"
        assert committed.read_bytes() == path.read_bytes(), f"reports/{path.name} is stale; regenerate (see README)"


def test_readme_commands_are_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    blocks = readme.split("```bash\n")
    install_run, install_test = blocks[1].split("\n```")[0], blocks[2].split("\n```")[0]
    assert install_run.strip() in ci and install_test.strip() in ci
