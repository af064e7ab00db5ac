"""The import contracts (pyproject's [tool.importlinter], run by `make lint`) cover every app,
and what they rest on holds: grimp sees imports made inside functions, and the app-cycle
contract finds a cycle through any number of apps."""

import sys
import textwrap
import tomllib
from pathlib import Path

import grimp
from django.apps import apps as django_apps

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.import_contracts import strongly_connected  # noqa: E402


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _contract(contract_id: str) -> dict:
    return next(c for c in _config()["contracts"] if c["id"] == contract_id)


def _our_apps() -> set[str]:
    return {
        config.name
        for config in django_apps.get_app_configs()
        if (ROOT / config.name).is_dir() and "." not in config.name
    }


def test_every_app_is_a_root_package_and_in_the_cycle_contract():
    ours = _our_apps()
    assert "linkage" in ours
    assert sorted(ours - set(_config()["root_packages"])) == []
    assert sorted(ours - set(_contract("acyclic-apps")["apps"])) == []
    assert sorted(ours - set(_contract("layers")["containers"])) == []
    assert sorted(ours - set(_contract("acyclic-modules")["ancestors"])) == []


def test_every_domain_app_is_forbidden_to_the_kernel():
    kernel = _contract("kernel")
    domain = _our_apps() - set(kernel["source_modules"])
    assert sorted(domain - set(kernel["forbidden_modules"])) == []


def test_no_app_but_web_is_exempt_from_the_web_shell_contract():
    shell = _contract("web-shell")
    assert sorted(_our_apps() - set(shell["source_modules"])) == ["web"]


def test_grimp_sees_imports_inside_functions(tmp_path, monkeypatch):
    (tmp_path / "pkg_a").mkdir()
    (tmp_path / "pkg_b").mkdir()
    (tmp_path / "pkg_a" / "__init__.py").write_text("")
    (tmp_path / "pkg_b" / "__init__.py").write_text("")
    (tmp_path / "pkg_a" / "mod.py").write_text(
        textwrap.dedent(
            """
            def late():
                from pkg_b import other

                return other
            """
        )
    )
    (tmp_path / "pkg_b" / "other.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("pkg_a", "pkg_b", cache_dir=None)
    assert graph.direct_import_exists(importer="pkg_a.mod", imported="pkg_b.other")


def test_cycles_are_found_through_any_number_of_apps():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected(edges) == [["a", "b", "c"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []
