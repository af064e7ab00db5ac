"""Runs DfE's CIN census validator (csc-validator-be-cin) on one XML file and prints what it
found as JSON. This file is run by the validator's own isolated Python (var/cin-validator-venv,
made by returns.validator.ensure_env), never imported by the app: the validator pins pandas 1.x
and numpy<2, which the app's environment does not have.

    python dfe_runner.py FILE.xml RULESET

Each finding says which child, which rule (code, message, error or query), the census table
and field, the value flagged, and where in the child's census the row sits: the CINdetails
(1-based, in file order), the child protection plan within it, and the row's position among
its siblings (an assessment, a Section47, a review)."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import sys
import xml.etree.ElementTree as ET  # noqa: S405 - our own census file, not untrusted input


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return "" if text in ("nan", "NaT", "<NA>", "None") else text


def _position(table, row_id: int) -> dict:
    """CINdetailsID, CPPID and the row's 1-based place among rows of its parent."""
    row = table.iloc[row_id]
    out = {}
    keys = [k for k in ("LAchildID", "CINdetailsID", "CPPID") if k in table.columns]
    for key in ("CINdetailsID", "CPPID"):
        if key in table.columns and _text(row[key]):
            out[key] = int(float(row[key]))
    same = table.iloc[: row_id + 1]
    for key in keys:
        same = same[same[key].astype(str) == str(row[key])]
    out["position"] = len(same)
    return out


def main(path: str, ruleset: str) -> int:
    from cin_validator import cin_validator

    root = ET.parse(path).getroot()  # noqa: S314 - the file this app wrote
    tables = cin_validator.process_data(cin_validator.convert_data(root))
    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    noise = io.StringIO()
    with contextlib.redirect_stdout(noise):  # rules that crash print; keep stdout for JSON
        validator = cin_validator.CinValidator(tables, registry)
    findings = []
    report = validator.user_report
    for rec in report.to_dict("records") if len(report) else []:
        table_name = _text(rec.get("tables_affected"))
        finding = {
            "child": _text(rec.get("LAchildID")),
            "code": _text(rec.get("rule_code")),
            "message": _text(rec.get("rule_description")),
            "table": table_name,
            "field": _text(rec.get("columns_affected")),
            "value": _text(rec.get("value_flagged"))[:200],
        }
        row_id = _text(rec.get("ROW_ID"))
        if table_name in validator.data_files and row_id.isdigit():
            finding.update(_position(validator.data_files[table_name], int(row_id)))
        findings.append(finding)
    la_level = [
        {"code": _text(r["rule_code"]), "message": _text(r["rule_description"])}
        for r in validator.multichild_issues.to_dict("records")
    ]
    json.dump(
        {
            "ruleset": ruleset,
            "rules": len(registry),
            "findings": findings,
            "la_level": la_level,
            "rule_crashes": [line for line in noise.getvalue().splitlines() if line.strip()],
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
