"""The shared ORUK 3.0 schemas (shared/standards/oruk-3.0, never edited), loaded from disk with
every $ref resolved locally: no network."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

PUBLISHED = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"


def standards_dir() -> Path:
    """FAMILYHUB_STANDARDS if set, else the first `shared/standards` beside the repository or
    above it (the project keeps it at ../shared/standards)."""
    explicit = os.environ.get("FAMILYHUB_STANDARDS")
    if explicit:
        return Path(explicit) / "oruk-3.0"
    for parent in Path(settings.BASE_DIR).resolve().parents:
        candidate = parent / "shared" / "standards" / "oruk-3.0"
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("shared/standards/oruk-3.0 not found (set FAMILYHUB_STANDARDS)")


@cache
def _registry() -> tuple[Registry, dict[str, Any]]:
    root = standards_dir()
    schemas: dict[str, Any] = {}
    registry: Registry = Registry()
    for path in [*root.glob("*.json"), *root.glob("compiled/*.json")]:
        name = str(path.relative_to(root))
        schema = json.loads(path.read_text())
        schemas[name] = schema
        resource = Resource.from_contents(schema, default_specification=DRAFT202012)
        registry = registry.with_resources(
            [(name, resource), (PUBLISHED + name, resource), (path.as_uri(), resource)]
        )
    return registry, schemas


def errors(document: Any, schema_name: str) -> list[str]:
    """Every way `document` breaks the named schema (e.g. "compiled/service.json")."""
    registry, schemas = _registry()
    validator = Draft202012Validator(
        schemas[schema_name],
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def page_errors(page: Any, item_schema: str) -> list[str]:
    """A list response: the Page envelope of the profile's openapi.json, each item against
    `item_schema`."""
    _, schemas = _registry()
    envelope = schemas["openapi.json"]["components"]["schemas"]["Page"]
    problems = [f"page: {e.message}" for e in Draft202012Validator(envelope).iter_errors(page)]
    missing = set(envelope["properties"]) - set(page)
    problems += [f"page: {key} missing" for key in sorted(missing)]
    for i, item in enumerate(page.get("contents", [])):
        problems += [f"contents/{i}/{p}" for p in errors(item, item_schema)]
    return problems
