"""Configuration: ``[tool.validator]`` in ``pyproject.toml`` or a ``validator.toml``.

Command-line flags override the file. Everything is validated up front, so a typo in a
rule code or an option fails the run with exit code 2 before any document is read.

Example ``validator.toml``::

    select = ["ST", "BP", "EN", "DU"]
    ignore = ["BP103"]
    fail-on = "warning"

    [severity]
    ST102 = "error"        # reject stubs in clean

    [rules.ST102]
    min-words = 40
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .models import Severity
from .registry import check_selectors, get_rule, select
from .rule import Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class Config(BaseModel):
    """The user's settings, as read from a file and then overridden by flags."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)

    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict, description="Per-rule options")
    fail_on: Severity = Severity.error
    reject_on: Severity = Severity.error
    glob: str = "*.txt"
    text_field: str = "text"
    id_field: str = "id"
    title_field: str = "title"
    encoding: str | None = None
    unsafe_fixes: bool = False
    max_file_bytes: int = Field(default=256 * 1024 * 1024, ge=1)
    max_line_bytes: int = Field(default=64 * 1024 * 1024, ge=1)


class ConfigError(ValueError):
    """A configuration problem worth a one-line message and exit code 2."""


def find_config_file(start: Path) -> Path | None:
    """``validator.toml`` in ``start``, else ``pyproject.toml`` with a ``[tool.validator]``
    table in ``start``. Only the working folder is looked at, so a run's settings do
    not depend on files above it."""
    candidate = start / "validator.toml"
    if candidate.is_file():
        return candidate
    candidate = start / "pyproject.toml"
    if candidate.is_file():
        try:
            data = tomllib.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            return None
        if "validator" in data.get("tool", {}):
            return candidate
    return None


def load_config(path: Path | None = None, *, cwd: Path | None = None) -> tuple[Config, Path | None]:
    """Read the config file (explicit ``path``, else the one found in ``cwd``)."""
    if path is None:
        path = find_config_file(cwd or Path.cwd())
        if path is None:
            return Config(), None
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if Path(path).name == "pyproject.toml":
        data = data.get("tool", {}).get("validator", {})
    try:
        return Config.model_validate(data), Path(path)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_first_error(exc)}") from None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" + (f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else "")


@dataclass(frozen=True)
class ActiveRule:
    """A selected rule with its effective severity and validated options."""

    rule: Rule
    severity: Severity
    options: BaseModel


def resolve_rules(config: Config) -> list[ActiveRule]:
    """Selected rules with severity overrides and options applied, in registry order."""
    try:
        check_selectors(list(config.select or []) + list(config.ignore))
        chosen = select(config.select, config.ignore)
        overrides = {get_rule(k).code: v for k, v in config.severity.items()}
        raw_options = {get_rule(k).code: v for k, v in config.rules.items()}
    except (KeyError, ValueError) as exc:
        raise ConfigError(str(exc).strip("'\"")) from None
    # Options are validated for every configured rule, selected or not: a typo must not
    # wait until the day the rule is switched on.
    validated = {code: _options(get_rule(code), raw) for code, raw in raw_options.items()}
    return [
        ActiveRule(rule, overrides.get(rule.code, rule.severity), validated.get(rule.code) or _options(rule, {}))
        for rule in chosen
    ]


def _options(rule: Rule, raw: dict[str, Any]) -> BaseModel:
    if not isinstance(raw, dict):
        raise ConfigError(f"options of {rule.code}: expected a table, got {type(raw).__name__}")
    try:
        return rule.options.model_validate({k.replace("-", "_"): v for k, v in raw.items()})
    except ValidationError as exc:
        raise ConfigError(f"options of {rule.code}: {_first_error(exc)}") from None
