"""Import-linter contract types of our own (registered in pyproject's [tool.importlinter]).

`acyclic_apps`: no cycle between the listed top-level apps. import-linter's own
`acyclic_siblings` needs a common parent package, and our apps are top-level packages, so this
builds the app-level graph from grimp's module graph (which includes imports made inside
functions) and reports every strongly connected group of apps, with the imports that bind it.
"""

from __future__ import annotations

from collections import defaultdict

import grimp
from importlinter.application import contract_utils, output
from importlinter.application.contract_utils import AlertLevel
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck
from importlinter.domain.helpers import module_expressions_to_modules


def _app(module: str) -> str:
    return module.split(".", 1)[0]


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of nodes that reach each other (size > 1 = a cycle)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    nodes = sorted(set(edges) | {b for targets in edges.values() for b in targets})

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in nodes:
        if node not in index:
            visit(node)
    return sorted(g for g in groups if len(g) > 1)


class AcyclicAppsContract(Contract):
    """No app imports, directly or through other apps, an app that imports it back.

    Options: apps (the top-level packages), skip_importers (module expressions whose imports
    are not counted, e.g. each app's tests), ignore_imports (today's known cycle edges; every
    entry must still match an import, so the list can only shrink).
    """

    type_name = "acyclic_apps"

    apps = fields.ListField(subfield=fields.StringField())
    skip_importers = fields.SetField(subfield=fields.ModuleExpressionField(), required=False)
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(AlertLevel, default=AlertLevel.ERROR)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=self.unmatched_ignore_imports_alerting,  # type: ignore[arg-type]
        )
        apps = set(self.apps)  # type: ignore[arg-type]
        skipped = {
            m.name
            for m in module_expressions_to_modules(
                graph,
                self.skip_importers or [],  # type: ignore[arg-type]
            )
        }
        imports: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for importer in graph.modules:
            source = _app(importer)
            if source not in apps or importer in skipped:
                continue
            for imported in graph.find_modules_directly_imported_by(importer):
                target = _app(imported)
                if target in apps and target != source:
                    imports[(source, target)].append((importer, imported))
        edges: dict[str, set[str]] = defaultdict(set)
        for source, target in imports:
            edges[source].add(target)
        cycles = []
        for group in strongly_connected(edges):
            members = set(group)
            binding = []
            for (source, target), pairs in sorted(imports.items()):
                if source in members and target in members:
                    for importer, imported in sorted(pairs):
                        lines = sorted(
                            {
                                d["line_number"]
                                for d in graph.get_import_details(
                                    importer=importer, imported=imported
                                )
                            }
                        )
                        binding.append((importer, imported, lines))
            cycles.append({"apps": group, "imports": binding})
        return ContractCheck(
            kept=not cycles,
            warnings=list(removal.warnings),
            ignored_import_count=removal.ignored_import_count,
            metadata={"cycles": cycles},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for cycle in check.metadata["cycles"]:
            output.print_error(f"Apps that import each other: {', '.join(cycle['apps'])}")
            for importer, imported, lines in cycle["imports"]:
                where = ", ".join(f"l.{n}" for n in lines)
                output.print_error(f"  - {importer} -> {imported} ({where})", bold=False)
            output.new_line()
