"""JSON Schemas of the outputs, generated from the models so they cannot drift."""

from __future__ import annotations

import json
from pathlib import Path

from .io.writers import atomic_writer
from .models import CleanedRecord, RejectedRecord
from .report import Report

SCHEMAS = {
    "cleaned-record.schema.json": CleanedRecord,
    "rejected-record.schema.json": RejectedRecord,
    "report.schema.json": Report,
}


def render_schema(model) -> str:
    schema = model.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    out = []
    for name, model in SCHEMAS.items():
        path = Path(folder) / name
        with atomic_writer(path) as fh:
            fh.write(render_schema(model))
        out.append(path)
    return out
