"""House rules that CI enforces (shared/docs/architecture.md):

- views, templatetags and the (future) API obtain records through queries, never through
  `<Model>.objects` or `get_object_or_404(`;
- views, forms, middleware and context processors never walk a relation (`family.members.all()`,
  `obj.things.filter(`) nor use `_default_manager`: what they show comes from queries;
- only audit/recorder.py creates AuditEvent rows, and `audit.record(` is called from actions
  (changes), queries (the read they make) and audit's own modules only, never from views,
  signals or middleware;
- roles are compared (`Role.X`, `.role ==`, `.role in`) in policy modules only;
- CSV and spreadsheet files are written through familyhub/spreadsheets.py only (formula-like
  values neutralised), never with `csv.writer`, `csv.DictWriter` or openpyxl's `Workbook`
  directly (demo data and benchmarks excepted);
- no file over 600 lines outside data, migrations, demo and bench; no function over 80 lines
  outside demo and bench.

Where today's code still breaks a rule, ALLOWED lists the offenders (a file, or a file's
function) with the helper who owns removing them. The lists can only shrink: an entry that no
longer offends is reported too, so that whoever fixes it deletes the line.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "staticfiles", "var", ".git"}
MODEL_ACCESS = re.compile(r"\b[A-Z][A-Za-z]+\.objects\b")
GET_OR_404 = re.compile(r"\bget_object_or_404\(")
AUDIT_WRITE = re.compile(r"AuditEvent\s*\(|AuditEvent\.objects\.(create|bulk_create)")
AUDIT_CALL = re.compile(r"\baudit\.record\(")
DEFAULT_MANAGER = re.compile(r"\b_default_manager\b")
# `family.memberships.all()`, `request.user.things.filter(`: a manager reached through an object.
RELATED_MANAGER = re.compile(
    r"\b[a-z_][a-z0-9_]*\.(?!objects\b)[a-z_][a-z0-9_]*\."
    r"(all|filter|exclude|order_by|count|exists|first|last|values|values_list|"
    r"select_related|prefetch_related|annotate|aggregate)\("
)
# A practitioner's role: the Role enum, or `.role` compared with anything but another kind of
# role's text (a member's "child", an involvement's "lead_practitioner").
PRACTITIONER_ROLES = (
    "partner|family_worker|social_worker|front_door|team_manager|hub_coordinator|"
    "ig_officer|data_officer|admin"
)
ROLE_COMPARISON = re.compile(
    r"\bRole\.[A-Z][A-Z_]+\b"
    r"|\.role\s*(==|!=|\bnot in\b|\bin\b)"
    rf"(?!\s*[\"'](?!(?:{PRACTITIONER_ROLES})[\"']))(?!\s*(NamedRole|InvolvementRole)\b)"
)
SPREADSHEET_WRITE = re.compile(r"\bcsv\.(writer|DictWriter)\(|\bWorkbook\(")
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80

# Today's offenders, per check. Each entry: "path" or "path:function" -> the helper of issue 11
# who removes it (purity: permission logic only in policy, audit only from actions; doorway: one
# doorway for writes; kernel: the rules out of access/policy.py; apps: files and functions split
# along the domain's seams; issue 11 follow-up: offenders that
# the splits moved into new modules, left for after issue 11).
ALLOWED: dict[str, dict[str, str]] = {
    "related-manager": {},
    "role-comparison": {},
    "audit-call": {},
    "file-length": {},
    "function-length": {},
}


def _files(root: Path):
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if not SKIP.intersection(rel.parts):
            yield path, rel


def _is_test(rel: Path) -> bool:
    return "tests" in rel.parts or rel.name.startswith("test_") or rel.name == "conftest.py"


def _is_demo_or_bench(rel: Path) -> bool:
    return bool({"demo", "bench"}.intersection(rel.parts)) or rel.stem == "demo"


# The api app's own records (its clients and idempotency answers) are read and written like any
# app's: in its models, queries, actions, policy and the principal resolver. Everything else in
# api/ (endpoints, serializers, authentication, pages) is the view layer.
API_RECORD_MODULES = {"models", "queries", "actions", "policy", "principals", "apps", "demo"}


def _is_view_layer(rel: Path) -> bool:
    return (
        rel.name == "views.py"
        or "views" in rel.parts[:-1]  # a views package (e.g. frontdoor/views/)
        or "templatetags" in rel.parts
        or (bool(rel.parts) and rel.parts[0] == "api" and rel.stem not in API_RECORD_MODULES)
    )


def _is_page_layer(rel: Path) -> bool:
    """Where records are shown rather than fetched: views, forms, middleware, context
    processors (and templatetags, which views' templates run)."""
    return (
        _is_view_layer(rel)
        or rel.stem in {"forms", "middleware", "context_processors"}
        or "forms" in rel.parts[:-1]
    )


def _is_policy(rel: Path) -> bool:
    return rel.stem == "policy" or "policy" in rel.parts[:-1]


def _is_query(rel: Path) -> bool:
    return rel.stem == "queries" or "queries" in rel.parts[:-1]


def _is_action(rel: Path) -> bool:
    return rel.stem == "actions" or "actions" in rel.parts[:-1]


def _code(line: str) -> str:
    """The line without its comment (a rough cut: enough for these patterns)."""
    return line.split("#", 1)[0]


def _docstring_lines(tree: ast.AST) -> set[int]:
    """Lines of bare string statements (docstrings): examples there are not code."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def offences(root: Path) -> list[tuple[str, str, str]]:
    """Every offence under root: (check, key, message); key is what ALLOWED lists."""
    found: list[tuple[str, str, str]] = []
    for path, rel in _files(root):
        posix = rel.as_posix()
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if posix == "scripts/check_house_rules.py" or "migrations" in rel.parts:
            continue
        if len(lines) > MAX_FILE_LINES and not (_is_demo_or_bench(rel) or "data" in rel.parts):
            found.append(
                ("file-length", posix, f"{posix}: {len(lines)} lines (over {MAX_FILE_LINES})")
            )
        tree = ast.parse(text)
        if not _is_demo_or_bench(rel):
            for fn in _functions(tree):
                length = (fn.end_lineno or fn.lineno) - fn.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(
                        (
                            "function-length",
                            f"{posix}:{fn.name}",
                            f"{posix}:{fn.lineno}: {fn.name} is {length} lines "
                            f"(over {MAX_FUNCTION_LINES})",
                        )
                    )
        if _is_test(rel):
            continue
        docstrings = _docstring_lines(tree)
        for lineno, line in enumerate(lines, start=1):
            if lineno in docstrings:
                continue
            code = _code(line)
            where = f"{posix}:{lineno}"
            if _is_view_layer(rel) and (MODEL_ACCESS.search(code) or GET_OR_404.search(code)):
                found.append(
                    ("model-access", where, f"{where}: views read records through queries")
                )
            if _is_page_layer(rel) and (
                RELATED_MANAGER.search(code) or DEFAULT_MANAGER.search(code)
            ):
                found.append(
                    (
                        "related-manager",
                        posix,
                        f"{where}: pages get records from queries, not through a relation "
                        f"or _default_manager: {line.strip()}",
                    )
                )
            if AUDIT_WRITE.search(code) and posix not in {"audit/recorder.py", "audit/models.py"}:
                found.append(("audit-write", where, f"{where}: only audit.record() writes"))
            if (
                AUDIT_CALL.search(code)
                and not _is_action(rel)
                and not _is_query(rel)  # a query records the read it makes (rule 4)
                and rel.parts[0] != "audit"
                and not _is_demo_or_bench(rel)
            ):
                found.append(
                    ("audit-call", posix, f"{where}: audit.record() is called from actions")
                )
            if (
                ROLE_COMPARISON.search(code)
                and not _is_policy(rel)
                and not _is_demo_or_bench(rel)
                and rel.stem != "factories"
            ):
                found.append(
                    (
                        "role-comparison",
                        posix,
                        f"{where}: roles are compared in policy only: {line.strip()}",
                    )
                )
            if (
                SPREADSHEET_WRITE.search(code)
                and posix != "familyhub/spreadsheets.py"
                and not _is_demo_or_bench(rel)
            ):
                found.append(
                    (
                        "spreadsheet-write",
                        where,
                        f"{where}: write CSV and spreadsheets with familyhub.spreadsheets "
                        "(formula-like values neutralised)",
                    )
                )
    return found


def problems(root: Path, allowed: dict[str, dict[str, str]]) -> list[str]:
    """The offences not allowed, and the allowed offenders that no longer offend."""
    found = offences(root)
    out = [msg for check, key, msg in found if key not in allowed.get(check, {})]
    offending = {(check, key) for check, key, _ in found}
    for check, entries in allowed.items():
        for key, owner in entries.items():
            if (check, key) not in offending:
                out.append(
                    f"{key}: no longer breaks '{check}': delete it from ALLOWED "
                    f"in scripts/check_house_rules.py ({owner})"
                )
    return out


def main() -> int:
    found = problems(ROOT, ALLOWED)
    for problem in found:
        print(problem)
    print(f"house rules: {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
