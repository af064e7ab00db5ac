"""The demo hook writes a school roll drawn from the demo register that shows every outcome
of a link, and the demo borough can still be removed after a data officer has linked it."""

import io

import pytest
from django.core.management import call_command

from linkage.models import LinkRun, ReviewItem, SourceRecord
from organisations.models import Practitioner, Role


@pytest.mark.django_db
def test_demo_school_roll_links_with_every_outcome_and_the_borough_resets(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("demo", families=30, seed=1, stdout=out, stderr=io.StringIO())
    path = tmp_path / "demo" / "school-roll-demo.csv"
    assert path.exists()
    assert "school-roll-demo.csv" in out.getvalue()

    officer = Practitioner.objects.get(user__email="data.officer@demo.familyhub.test")
    assert officer.role == Role.DATA_OFFICER
    call_command(
        "link",
        str(path),
        "--source",
        "school-roll",
        "--by",
        officer.user.email,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    run = LinkRun.objects.get()
    assert run.by == officer.user
    assert run.linked >= 10
    assert run.to_review >= 1
    assert run.created >= 4
    assert run.unreadable == 2

    call_command(
        "demo", families=30, seed=1, reset=True, stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert not ReviewItem.objects.exists()
    assert not SourceRecord.objects.exists()
    assert not LinkRun.objects.exists()
