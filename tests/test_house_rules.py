"""scripts/check_house_rules.py on a tiny tree: each kind of offence is reported, clean code is
not, and an allowed offender that no longer offends is reported so that the list shrinks."""

import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import check_house_rules as rules  # noqa: E402


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def _checks(root: Path) -> set[tuple[str, str]]:
    return {(check, key) for check, key, _ in rules.offences(root)}


CLEAN = {
    "app/views.py": """
        from . import queries

        def page(request, pk):
            family = queries.get_family_for(request.user, pk)
            return family.name
        """,
    "app/forms.py": """
        class FamilyForm:
            def clean(self):
                return self.cleaned_data.get("name")
        """,
    "app/actions.py": """
        import audit
        from organisations.models import Role

        def family_rename(*, by, family, name):
            audit.record(by, "update", family)
            return Role
        """,
    "app/queries.py": """
        import audit

        def people_of(family, user):
            audit.record(user, "view", family)
            return [m for m in family.members if m.role == "child"]
        """,
    "app/queries/records.py": """
        import audit

        def family_for(user, family):
            audit.record(user, "view", family)
            return family
        """,
    "app/policy.py": """
        from organisations.models import Role

        def can_authorise(principal):
            return principal.role == Role.TEAM_MANAGER
        """,
    "app/doorway.py": '''
        """Every action goes through the doorway:

            audit.record(by, Verb.UPDATE, family)
        """
        ''',
    "app/tests/test_views.py": """
        def test_page(family):
            assert family.memberships.all()
        """,
}


def test_clean_code_is_not_reported(tmp_path):
    assert _checks(_tree(tmp_path, CLEAN)) == set()


@pytest.mark.parametrize(
    ("name", "text", "check"),
    [
        ("app/views.py", "rows = family.memberships.all()\n", "related-manager"),
        ("app/forms.py", "rows = self.instance.goals.filter(done=False)\n", "related-manager"),
        ("app/middleware.py", "qs = Family._default_manager.all()\n", "related-manager"),
        ("web/context_processors.py", "n = user.notices.count()\n", "related-manager"),
        ("app/views.py", "ok = principal.role == 'team_manager'\n", "role-comparison"),
        ("app/actions.py", "ok = by.role in (Role.PARTNER,)\n", "role-comparison"),
        ("app/machines.py", "WHO = {Role.SOCIAL_WORKER}\n", "role-comparison"),
        ("app/views.py", "audit.record(request.user, 'view', obj)\n", "audit-call"),
        ("app/signals.py", "audit.record(user, 'sign_in', None)\n", "audit-call"),
        ("app/views.py", "family = Family.objects.get(pk=pk)\n", "model-access"),
        ("app/views.py", "family = get_object_or_404(Family, pk=pk)\n", "model-access"),
        ("app/actions.py", "AuditEvent.objects.create(verb='x')\n", "audit-write"),
        ("app/views.py", "writer = csv.writer(response)\n", "spreadsheet-write"),
        ("app/exports.py", "w = csv.DictWriter(out, fieldnames=f)\n", "spreadsheet-write"),
        ("app/annex.py", "book = Workbook()\n", "spreadsheet-write"),
    ],
)
def test_each_offence_is_reported(tmp_path, name, text, check):
    found = _checks(_tree(tmp_path, {name: text}))
    assert check in {c for c, _ in found}


def test_spreadsheets_are_written_through_the_safe_writer_only(tmp_path):
    found = _checks(
        _tree(
            tmp_path,
            {
                "familyhub/spreadsheets.py": "w = csv.writer(h)\n",
                "app/demo.py": "w = csv.DictWriter(h, fieldnames=f)\n",
                "app/tests/test_x.py": "book = Workbook()\n",
                "app/exports.py": "w = spreadsheets.SafeWriter(h)\n",
            },
        )
    )
    assert found == set()


def test_long_files_and_functions_are_reported_outside_demo_and_bench(tmp_path):
    long_function = "def long():\n" + "    x = 1\n" * 85
    long_file = "X = 1\n" * 601
    found = _checks(
        _tree(
            tmp_path,
            {
                "app/queries.py": long_function,
                "app/models.py": long_file,
                "app/demo.py": long_function + long_file,
                "matching/bench/run.py": long_function + long_file,
                "app/data/big.py": long_file,
            },
        )
    )
    assert found == {
        ("function-length", "app/queries.py:long"),
        ("file-length", "app/models.py"),
    }


def test_an_allowed_offender_passes_and_a_fixed_one_must_leave_the_list(tmp_path):
    root = _tree(tmp_path, {"app/views.py": "ok = principal.role == 'admin'\n"})
    assert rules.problems(root, {"role-comparison": {"app/views.py": "purity"}}) == []
    (root / "app" / "views.py").write_text("ok = policy.is_admin(principal)\n")
    stale = rules.problems(root, {"role-comparison": {"app/views.py": "purity"}})
    assert len(stale) == 1
    assert "no longer breaks 'role-comparison'" in stale[0]


def test_the_repository_keeps_its_house_rules():
    assert rules.problems(ROOT, rules.ALLOWED) == []
