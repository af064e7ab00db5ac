"""House rules that CI enforces (shared/docs/architecture.md):

- views, templatetags and the (future) API obtain records through queries, never through
  `<Model>.objects` or `get_object_or_404(`;
- only audit/recorder.py creates AuditEvent rows.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "staticfiles", "var", "migrations", "tests"}
MODEL_ACCESS = re.compile(r"\b[A-Z][A-Za-z]+\.objects\b")
GET_OR_404 = re.compile(r"\bget_object_or_404\(")
AUDIT_WRITE = re.compile(r"AuditEvent\s*\(|AuditEvent\.objects\.(create|bulk_create)")


def _files():
    for path in ROOT.rglob("*.py"):
        if not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


def main() -> int:
    problems = []
    for path in _files():
        rel = path.relative_to(ROOT)
        text = path.read_text(encoding="utf-8")
        is_view_layer = (
            path.name == "views.py"
            or "views" in rel.parts[:-1]  # a views package (e.g. frontdoor/views/)
            or "templatetags" in rel.parts
            or (rel.parts and rel.parts[0] == "api")
        )
        for lineno, line in enumerate(text.splitlines(), start=1):
            if is_view_layer and (MODEL_ACCESS.search(line) or GET_OR_404.search(line)):
                problems.append(
                    f"{rel}:{lineno}: views read records through queries: {line.strip()}"
                )
            if AUDIT_WRITE.search(line) and rel.as_posix() not in {
                "audit/recorder.py",
                "audit/models.py",
                "scripts/check_house_rules.py",
            }:
                problems.append(f"{rel}:{lineno}: only audit.record() writes audit events")
    for problem in problems:
        print(problem)
    print(f"house rules: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
